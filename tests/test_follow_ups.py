"""Follow-ups carry the units of the conversation: the rule alone, then through the real service.

Fictional notices (``tests/notice_factory.py``) indexed once into Chroma on disk with the hash
embedder: 市文旅局 (3 problems, 9 measures), 市水务局 (2 problems, 6 measures), 市统计局 (4
problems, 12 measures; its third problem is 基层党组织建设薄弱).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace

import pytest

from assistant.reading.follow_ups import carry_units
from assistant.reading.units import UnitDirectory
from assistant.service import Assistant
from core.config import Settings
from tests.fake_llm import FakeChatModel
from tests.notice_factory import notice_text

CULTURE, WATER, STATS = (f"中共青禾市{u}党组" for u in ("文化旅游局", "水务局", "统计局"))
DIRECTORY = UnitDirectory([CULTURE, WATER, STATS])
ASKED = [("市文旅局反馈了几个问题？", "中共青禾市文化旅游局党组：反馈3个问题[1]。")]


def _units(text: str) -> set[str]:
    return set(DIRECTORY.resolve(text).units)


@pytest.mark.parametrize(
    "question",
    [
        "那还有哪些问题没有完成整改？",
        "他们什么时候反馈的？",
        "该局制定了几条措施",
        "这家单位的第三个问题怎么整改的",
        "监督电话呢？",
    ],
)
def test_a_follow_up_without_a_unit_takes_the_last_question_s(question: str) -> None:
    got = carry_units(question, ASKED, DIRECTORY)
    assert _units(got) == {CULTURE} and got.endswith(question)


@pytest.mark.parametrize(
    ("history", "question"),
    [
        (
            [("哪个单位反馈了4个问题？", "中共青禾市统计局党组：市统计局党组…对反馈的4个问题逐条研究[1]")],
            "他们制定了几条措施？",
        ),
        (
            [("哪家单位的监督电话是0000-7654321？", "中共青禾市统计局党组：联系电话：0000-7654321[1]")],
            "该单位什么时候被巡察的",
        ),
        (
            [("谁追回了不合规资金？", "（抽取模式）\n中共青禾市统计局党组：追回不合规资金1.2万元[1]")],
            "那它反馈了几个问题",
        ),
    ],
)
def test_units_come_from_the_answer_when_the_question_named_none(
    history: Sequence[tuple[str, str]], question: str
) -> None:
    assert _units(carry_units(question, history, DIRECTORY)) == {STATS}


@pytest.mark.parametrize("question", ["那市水务局呢？", "水务局呢", "换成青禾市水务局呢？"])
def test_a_new_unit_alone_asks_the_last_question_of_it(question: str) -> None:
    got = carry_units(question, ASKED, DIRECTORY)
    assert _units(got) == {WATER} and "反馈了几个问题" in got


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("两家分别呢", "反馈了几个问题"),
        ("二者各自制定了几条措施？", "制定了几条措施"),
        ("这两家分别什么时候反馈的", "什么时候反馈"),
    ],
)
def test_two_units_gather_the_last_turns_units(question: str, asked: str) -> None:
    history = [*ASKED, ("那市水务局呢？", "中共青禾市水务局党组：反馈2个问题[1]。")]
    got = carry_units(question, history, DIRECTORY)
    assert _units(got) == {CULTURE, WATER} and asked in got


@pytest.mark.parametrize(
    "question",
    [
        "市统计局制定了几条措施？",
        "青禾市统计局的监督电话是多少",
        "哪个单位制定的整改措施最多？",
        "全市巡察整改中公开的监督电话一般留在通报的什么位置？",
    ],
)
def test_a_question_with_its_own_scope_is_kept(question: str) -> None:
    assert carry_units(question, ASKED, DIRECTORY) == question


# -- through the service ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    from assistant.factory import make_assistant

    root = tmp_path_factory.mktemp("follow")
    settings = replace(
        Settings.from_env(), store_dir=root / "store", embedder="hash", collection=f"f{uuid.uuid4().hex[:12]}"
    )
    corpus = root / "corpus"
    corpus.mkdir()
    for n, (unit, short, problems) in enumerate(
        [
            ("青禾市文化旅游局", "市文旅局", 3),
            ("青禾市水务局", "市水务局", 2),
            ("青禾市统计局", "市统计局", 4),
        ]
    ):
        (corpus / f"{n}.txt").write_text(notice_text(unit, short, problems=problems), encoding="utf-8")
    assistant = make_assistant(settings)
    assert not assistant.index([corpus]).errors
    return assistant


def _talk(assistant: Assistant, questions: Sequence[str]) -> list[str]:
    """Ask ``questions`` in one conversation; the answers' texts."""
    history: list[tuple[str, str]] = []
    for q in questions:
        history.append((q, assistant.ask(q, history).text))
    return [a for _, a in history]


@pytest.mark.parametrize(
    ("questions", "wanted"),
    [
        (["市文旅局反馈了几个问题？", "该局制定了几条整改措施？"], [CULTURE, "9条"]),
        (["市文旅局反馈了几个问题？", "那市水务局呢？"], [WATER, "2个问题"]),
        (
            ["市文旅局反馈了几个问题？", "那市水务局呢？", "两家分别制定了几条措施"],
            [CULTURE, "9条", WATER, "6条"],
        ),
        (["哪个单位反馈了4个问题？", "他们制定了几条措施？"], [STATS, "12条"]),
        (
            ["市统计局反馈了几个问题？", "这家单位的第三个问题怎么整改的"],
            ["基层党组织建设薄弱", "开展党员教育培训4期"],
        ),
        (["市统计局有几个问题正在推进？", "那还有哪些问题没有完成整改？"], ["意识形态工作责任制落实不到位"]),
    ],
)
def test_follow_ups_through_the_service_extractive(
    office: Assistant, questions: Sequence[str], wanted: Sequence[str]
) -> None:
    last = _talk(office, questions)[-1]
    assert all(w in last for w in wanted), last


@pytest.mark.parametrize(
    ("rewrite", "question"),
    [
        ("在财务报销方面采取了哪些措施？", "那它在财务报销方面采取了哪些措施？"),
        ("财务报销问题是怎么整改的？", "财务报销这块呢，怎么改的？"),
        ("他们在财务报销审核方面还做了什么", "他们财务报销审核这块还做了什么"),
    ],
)
def test_a_model_rewrite_that_loses_the_unit_gets_the_conversation_s(
    office: Assistant, rewrite: str, question: str
) -> None:
    chat = FakeChatModel([rewrite], default="出台财务报销管理办法[1]。")
    llm = office.with_chat(office.settings, chat)
    answer = llm.ask(question, ASKED)
    assert answer.mode == "llm" and not answer.refused
    assert len(chat.calls) == 2  # the rewrite, then the answer from the passages
    assert "市文旅局" in chat.last.user and rewrite in chat.last.user
    assert {c.unit for c in answer.citations} == {CULTURE}
