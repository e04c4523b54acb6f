"""A notice's total of problems or measures asked where the notice states none, on fictional notices
indexed once: the question asking the whole total (no matter named) is refused with what the notice
does not state, though some sentence counts one matter's own measures (信访科…制定解决措施8项); a
question naming that matter is answered from it; a notice stating its total answers.
"""

from __future__ import annotations

import pytest

from assistant.factory import make_assistant
from assistant.service import Assistant
from tests.notice_factory import notice_text
from tests.sample_index import index_texts

_PART = "督促信访科梳理自查自纠问题5个，制定解决措施8项，建立制度2项。"


@pytest.fixture(scope="module")
def totals(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    unstated = (
        notice_text("青禾市住建局", "市住建局", extra=_PART)
        .replace("，制定整改措施9条", "")
        .replace("对反馈的3个问题逐条研究", "对反馈问题逐条研究")
    )
    stated = notice_text("青禾市水务局", "市水务局")
    indexed = index_texts(tmp_path_factory, {"住建局.txt": unstated, "水务局.txt": stated})
    return make_assistant(indexed.settings, store=indexed.store)


@pytest.mark.parametrize(
    "question",
    [
        "青禾市住建局巡察整改一共制定了多少条整改措施？",
        "市住建局整改措施总共有几条",
        "住建局针对反馈问题定了多少项整改措施？",
        "市住建局反馈了多少个问题？",
        "住建局这次巡察一共查出几个问题",
    ],
)
def test_a_total_the_notice_does_not_state_is_refused(totals: Assistant, question: str) -> None:
    answer = totals.ask(question)
    assert answer.refused, answer.text
    assert any("通报未载明" in w and "总数" in w for w in answer.warnings), answer.warnings


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("市住建局信访科自查了几个问题，定了几项措施？", "8项"),
        ("住建局信访科梳理的问题制定了多少项解决措施", "8项"),
        ("青禾市水务局一共制定了多少条整改措施？", "9条"),
        ("水务局反馈了多少个问题", "3个"),
    ],
)
def test_a_matter_named_or_a_total_stated_is_answered(totals: Assistant, question: str, wanted: str) -> None:
    answer = totals.ask(question)
    assert not answer.refused and wanted in answer.text, answer.text
