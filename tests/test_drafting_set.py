"""Every request of the drafting set, drafted in both modes over the sample notices and checked.

The set is ``tests/data/drafting/requests.json`` and the held-out ``heldout.json``. The checks
(``benchmarks.drafting_checks``) are an office writer's: no request wording echoed, no
other unit's names or places, every figure, date and document the user did not give a
【placeholder】, the user's facts and the specifics they asked for present, the unit given kept
verbatim, the form asked. The LLM mode runs through the OpenAI-compatible loopback stub with a
model that misbehaves in every way a small model did (``benchmarks.drafting_eval.copying_reply``:
a notice outline where one paragraph was asked, the instructions turned into measures, the
exemplars' facts copied verbatim, the unit replaced by 【单位名称】): the post-check must leave a
clean draft, or fall back to the extractive one when the form cannot be saved.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from assistant.factory import make_assistant
from assistant.service import Assistant
from benchmarks.drafting_checks import REQUESTS_FILE, Review, load, review
from benchmarks.drafting_eval import copying_reply
from core.phrases import CITATION_RE
from tests.conftest import Indexed
from tests.openai_stub import OpenAIStub, openai_stub  # noqa: F401
from tests.sample_index import index_sample

DATA = load()
HELD_OUT = load(REQUESTS_FILE.with_name("heldout.json"))["requests"]
"""Requests written after the drafter, not used to tune it (measured first, then kept as regressions)."""
ENTRIES: list[dict[str, Any]] = [*DATA["requests"], *HELD_OUT]
IDS = [e["id"] for e in ENTRIES]


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    return index_sample(tmp_path_factory)


@pytest.fixture(scope="module")
def extractive(sample_index: Indexed) -> Assistant:
    return make_assistant(sample_index.settings, store=sample_index.store)


def _review(assistant: Assistant, entry: dict[str, Any]) -> tuple[Review, str]:
    draft = assistant.draft(entry["request"], unit=entry.get("unit"), kind=entry.get("kind"))
    units = [n.unit for n in assistant.notices()]
    return review(entry, draft.title, draft.text, units, DATA["topics"]), f"{draft.title}\n{draft.text}"


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_extractive_draft(extractive: Assistant, entry: dict[str, Any]) -> None:
    r, text = _review(extractive, entry)
    assert r.problems() == [], text


def test_extractive_drafts_cover_the_usual_elements(extractive: Assistant) -> None:
    scored = [r for r in (_review(extractive, e)[0] for e in ENTRIES) if r.elements]
    assert len(scored) >= 25
    assert sum(r.covered / r.elements for r in scored) / len(scored) >= 0.7


def test_extractive_draft_shape(extractive: Assistant) -> None:
    draft = extractive.draft(ENTRIES[0]["request"])
    assert draft.title == "某某区市场监督管理局党组关于“意识形态工作责任制落实不到位”问题的整改情况"
    assert (
        draft.text.startswith("整改情况：一是") and "\n" not in draft.text
    )  # the template's paragraph alone
    assert draft.mode == "extractive" and draft.citations
    assert sorted({int(n) for n in CITATION_RE.findall(draft.text)}) == [c.n for c in draft.citations]
    assert "抽取模式" not in draft.text and any("抽取模式" in w for w in draft.warnings)


@pytest.fixture(scope="module")
def stub() -> Any:
    server = OpenAIStub().start()
    server.respond(lambda messages: copying_reply(messages[-1]["content"]))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def llm(sample_index: Indexed, stub: OpenAIStub) -> Assistant:
    settings = replace(
        sample_index.settings, openai_base_url=stub.base_url, openai_api_key="sk-test", llm_model="stub"
    )
    return make_assistant(settings, store=sample_index.store)


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_llm_draft_with_a_misbehaving_model(llm: Assistant, entry: dict[str, Any]) -> None:
    r, text = _review(llm, entry)
    assert r.problems() == [], text


def test_the_misbehaving_model_was_asked_and_checked(llm: Assistant, stub: OpenAIStub) -> None:
    entry = ENTRIES[1]  # 党风廉政…整改措施，单位为某县农业农村局党组，要有具体学习次数和制度名称
    before = len(stub.chat_requests())
    draft = llm.draft(entry["request"])
    sent = stub.chat_requests()[before].messages
    assert "本单位：某县农业农村局党组" in sent[1]["content"]
    assert "- 要有具体学习次数和制度名称" in sent[1]["content"]
    assert "写作任务：起草关于“党风廉政建设主体责任落实不到位”问题的整改措施" in sent[1]["content"]
    assert draft.mode == "llm"
    assert any("已删去" in w for w in draft.warnings)
    assert {"【学习次数】", "【制度名称】"} <= set(draft.placeholders)
    assert draft.text.startswith("整改措施：一是")
    assert "【单位名称】" not in draft.text and "一、" not in draft.text and "高度重视" not in draft.text
