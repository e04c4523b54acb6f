"""Hybrid retrieval: fusion arithmetic, unit scoping, filters, committed state, LangChain composition.

Mechanics run on fictional notices indexed with the deterministic hash embedder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from assistant.retrieval.fusion import bigrams, cap_per_group, dedupe, round_robin, rrf, weighted
from assistant.retrieval.retriever import (
    RetrievalConfig,
    Retriever,
    keyword_query,
    notice_level,
    notice_years,
)
from assistant.service import Assistant
from core.config import Settings
from core.errors import AssistantError, UnknownUnit
from core.normalize import compact
from core.types import Chunk, Fact, Notice, NoticeFacts
from tests.notice_factory import notice_text

# -- pure parts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rankings", "weights", "expected"),
    [
        pytest.param({"a": [("x", 9.0), ("y", 1.0)]}, {}, ["x", "y"], id="one-list-keeps-order"),
        pytest.param({"a": [("x", 9.0), ("y", 1.0)], "b": [("y", 0.9)]}, {}, ["y", "x"], id="agreement-wins"),
        pytest.param(
            {"a": [("x", 9.0)], "b": [("y", 0.9)]}, {"a": 0.2, "b": 0.8}, ["y", "x"], id="weights-decide-ties"
        ),
        pytest.param({"a": [], "b": [("z", 1.0)]}, {}, ["z"], id="empty-list"),
    ],
)
def test_rrf_order(rankings: dict[str, Any], weights: dict[str, float], expected: list[str]) -> None:
    assert [f.id for f in rrf(rankings, weights)] == expected


@pytest.mark.parametrize(
    ("rankings", "weights", "expected"),
    [
        pytest.param(
            {"a": [("x", 10.0), ("y", 9.9), ("z", 0.0)], "b": [("y", 0.5), ("x", 0.1), ("z", 0.0)]}, {},
            ["y", "x", "z"], id="normalized-sum",
        ),
        pytest.param(
            {"a": [("x", 10.0), ("y", 0.0)], "b": [("y", 0.5), ("x", 0.4)]}, {"a": 0.9, "b": 0.1}, ["x", "y"],
            id="keyword-heavy",
        ),
        pytest.param({"a": [("x", 3.0), ("y", 3.0)]}, {}, ["x", "y"], id="flat-scores-keep-order"),
    ],
)  # fmt: skip
def test_weighted_order(rankings: dict[str, Any], weights: dict[str, float], expected: list[str]) -> None:
    assert [f.id for f in weighted(rankings, weights)] == expected


def test_fusion_records_parts() -> None:
    fused = rrf({"keyword": [("x", 7.5)], "dense": [("x", 0.8), ("y", 0.7)]}, {})
    assert fused[0].parts == {"keyword": 7.5, "dense": 0.8}
    assert fused[1].parts == {"dense": 0.7}


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param(["整改措施落实到位", "整改措施落实到位"], ["整改措施落实到位"], id="exact-repeat"),
        pytest.param(["巡察反馈问题整改", "巡察反馈问题整改情况"], ["巡察反馈问题整改"], id="contained"),
        pytest.param(["巡察反馈问题", "财务报销制度"], ["巡察反馈问题", "财务报销制度"], id="distinct"),
    ],
)
def test_dedupe(items: list[str], expected: list[str]) -> None:
    assert dedupe(items, bigrams) == expected


@pytest.mark.parametrize(
    ("items", "cap", "expected"),
    [
        pytest.param(["a1", "a2", "a3", "b1"], 2, ["a1", "a2", "b1", "a3"], id="overflow-moves-back"),
        pytest.param(["a1", "a2", "a3"], 1, ["a1", "a2", "a3"], id="one-group-still-filled"),
        pytest.param(["a1", "a2", "b1"], 0, ["a1", "a2", "b1"], id="no-cap"),
    ],
)
def test_cap_per_group(items: list[str], cap: int, expected: list[str]) -> None:
    assert cap_per_group(items, lambda s: s[0], cap) == expected


@pytest.mark.parametrize(
    ("rankings", "expected"),
    [
        ([["a1", "a2", "a3"], ["b1"]], ["a1", "b1", "a2", "a3"]),
        ([["a1"], ["b1", "b2"], ["c1", "c2"]], ["a1", "b1", "c1", "b2", "c2"]),
        ([[], ["b1", "b2"]], ["b1", "b2"]),
        ([], []),
    ],
)
def test_round_robin_merges_by_rank(rankings: list[list[str]], expected: list[str]) -> None:
    assert round_robin(rankings) == expected


@pytest.mark.parametrize(
    ("question", "strip", "expected"),
    [
        pytest.param(
            "青禾市水务局的监督电话是多少？", ["青禾市水务局"], "监督电话", id="unit-and-question-words"
        ),
        pytest.param("哪些单位整改了财务问题", [], "单位整改 财务问题", id="question-words-only"),
        pytest.param("多少？", [], "多少?", id="nothing-left-keeps-question"),
    ],
)
def test_keyword_query(question: str, strip: list[str], expected: str) -> None:
    assert keyword_query(question, strip) == expected


def _notice(title: str = "", **facts: Fact) -> Notice:
    return Notice("n", "某局", title, "s.txt", "", "", facts=NoticeFacts(**facts))


def _fact(value: str) -> Fact:
    return Fact(value, value, 0, 0)


@pytest.mark.parametrize(
    ("notice", "years"),
    [
        pytest.param(_notice(signed=_fact("2021年3月3日")), {2021}, id="signed"),
        pytest.param(
            _notice(feedback_date=_fact("2020年12月1日"), inspection_period=_fact("2020年9月至10月")), {2020},
            id="feedback-and-period",
        ),
        pytest.param(_notice("关于2019年巡察整改情况的通报"), {2019}, id="title-when-no-dates"),
        pytest.param(_notice("关于巡察整改情况的通报"), set(), id="unknown"),
    ],
)  # fmt: skip
def test_notice_years(notice: Notice, years: set[int]) -> None:
    assert notice_years(notice) == years


@pytest.mark.parametrize(
    ("notice", "level"),
    [
        pytest.param(_notice("关于巡察整改情况的通报", level=_fact("巡视")), "巡视", id="fact-wins"),
        pytest.param(_notice("關於巡視整改進展情況的通報"), "巡视", id="title-traditional"),
        pytest.param(_notice("关于巡视巡察整改情况的通报"), None, id="both-words"),
    ],
)
def test_notice_level(notice: Notice, level: str | None) -> None:
    assert notice_level(notice) == level


# -- over an index -------------------------------------------------------------------------------

UNITS = {
    "01_统计.txt": ("青禾市统计局", "市统计局", {}),
    "02_水务.txt": ("青禾市水务局", "市水务局", {}),
    "03_白石水务.txt": ("白石县水务局", "县水务局", {"2023": "2021"}),
    "04_文旅.txt": ("青禾市文化旅游局", "市文旅局", {"巡察": "巡视", "市委": "省委"}),
    "05_档案.txt": ("青禾市档案馆", "市档案馆", {}),
}
"""Fictional corpus: file → (unit, short name, text replacements)."""
U = {unit: f"中共{unit}党组" for unit, _, _ in UNITS.values()}
"""Unit → the full name the notices are signed with."""


def _write(folder: Path, names: list[str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names or list(UNITS):
        unit, short, changes = UNITS[name]
        text = notice_text(unit, short, problems=4)
        for old, new in changes.items():
            text = text.replace(old, new)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def make(settings: Settings) -> Callable[..., Assistant]:
    from assistant.factory import make_assistant

    def build(**changes: Any) -> Assistant:
        return make_assistant(replace(settings, **changes) if changes else settings)

    return build


@pytest.fixture
def mini(tmp_path: Path, make: Callable[..., Assistant]) -> Assistant:
    assistant = make()
    report = assistant.index(_write(tmp_path / "corpus"))
    assert not report.errors and report.notices == len(UNITS), report
    return assistant


def test_hits_are_ranked_and_sized(mini: Assistant) -> None:
    result = mini.retrieve("财务报销审核把关不严的问题怎么整改", k=4)
    assert [h.rank for h in result.hits] == [1, 2, 3, 4]
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    assert all(set(h.parts) <= {"keyword", "dense", "fused", "rerank"} and h.parts for h in result.hits)


def test_question_naming_a_unit_gets_only_its_chunks(mini: Assistant) -> None:
    unscoped = mini.retrieve("财务报销审核把关不严的问题怎么整改", k=8)
    assert len({h.chunk.unit for h in unscoped.hits}) > 1
    scoped = mini.retrieve("青禾市统计局财务报销审核把关不严的问题怎么整改", k=8)
    assert scoped.units == (U["青禾市统计局"],)
    assert scoped.hits and {h.chunk.unit for h in scoped.hits} == {U["青禾市统计局"]}
    assert not scoped.warnings


def test_short_name_scopes_too(mini: Assistant) -> None:
    result = mini.retrieve("青禾档案馆的监督电话", k=5)
    assert {h.chunk.unit for h in result.hits} == {U["青禾市档案馆"]}


def test_ambiguous_unit_searches_both_and_warns(mini: Assistant) -> None:
    result = mini.retrieve("水务局的基层党组织建设问题是怎么整改的？", k=6)
    assert set(result.units) == {U["青禾市水务局"], U["白石县水务局"]}
    assert {h.chunk.unit for h in result.hits} == {U["青禾市水务局"], U["白石县水务局"]}
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert "匹配到多个单位" in warning and "青禾市水务局" in warning and "白石县水务局" in warning
    assert [h.chunk.unit for h in result.hits[:2]] != [result.hits[0].chunk.unit] * 2  # both near the top


def test_explicit_unit_argument(mini: Assistant) -> None:
    result = mini.retrieve("整改措施", k=5, unit="市档案馆")
    assert {h.chunk.unit for h in result.hits} == {U["青禾市档案馆"]}


def test_unknown_explicit_unit_lists_suggestions(mini: Assistant) -> None:
    with pytest.raises(UnknownUnit) as err:
        mini.retrieve("整改措施", unit="青禾市统计办")
    assert U["青禾市统计局"] in err.value.suggestions
    assert U["青禾市统计局"] in str(err.value)


@pytest.mark.parametrize(
    ("filters", "units"),
    [
        pytest.param({"year": 2021}, {U["白石县水务局"]}, id="year"),
        pytest.param({"level": "巡视"}, {U["青禾市文化旅游局"]}, id="level-xunshi"),
        pytest.param(
            {"level": "巡察", "year": 2023},
            {U["青禾市统计局"], U["青禾市水务局"], U["青禾市档案馆"]},
            id="both",
        ),
    ],
)
def test_filters(mini: Assistant, filters: dict[str, Any], units: set[str]) -> None:
    result = mini.retrieve("整改措施落实情况", k=20, **filters)
    assert {h.chunk.unit for h in result.hits} == units


def test_filter_matching_nothing_warns(mini: Assistant) -> None:
    result = mini.retrieve("整改措施", year=2015)
    assert result.hits == ()
    assert result.warnings and "2015" in result.warnings[0]


def test_question_year_of_the_notice_filters(mini: Assistant) -> None:
    result = mini.retrieve("2021年的巡察整改通报讲了哪些问题", k=10)
    assert {h.chunk.unit for h in result.hits} == {U["白石县水务局"]}


def test_uncommitted_chunks_are_never_returned(mini: Assistant) -> None:
    question = "无人知晓的孤立段落内容"
    orphan = Chunk("orphan-1", "orphan-notice", "幽灵单位", "", "ghost.txt", (), question, 0, len(question))
    mini.store.upsert_chunks([orphan], mini.embedder.embed_documents([orphan.search_text]))
    assert mini.store.stored_chunk_ids(["orphan-1"]) == {"orphan-1"}
    hits = mini.retrieve(question, k=20).hits
    assert hits and all(h.chunk.id != "orphan-1" for h in hits)
    assert all(h.chunk.id in mini.store.committed_chunk_ids() for h in hits)


def test_near_duplicate_passages_are_dropped(tmp_path: Path, make: Callable[..., Assistant]) -> None:
    assistant = make()
    paths = _write(tmp_path / "a", ["01_统计.txt", "02_水务.txt"])
    copy = tmp_path / "b" / "copy_of_01.txt"
    copy.parent.mkdir()
    copy.write_text(paths[0].read_text(encoding="utf-8"), encoding="utf-8")
    assistant.index([*paths, copy])
    texts = [compact(h.chunk.text) for h in assistant.retrieve("青禾市统计局选人用人工作", k=10).hits]
    assert texts and len(texts) == len(set(texts))
    without = Retriever(
        assistant.view, assistant.store, assistant.embedder, RetrievalConfig(dedupe_threshold=1.01)
    )
    repeated = [compact(h.chunk.text) for h in without.retrieve("青禾市统计局选人用人工作", k=10).hits]
    assert len(repeated) > len(set(repeated))  # the copy really is there


def test_per_notice_cap_without_unit(mini: Assistant) -> None:
    capped = Retriever(mini.view, mini.store, mini.embedder, RetrievalConfig(per_notice_cap=1))
    hits = capped.retrieve("选人用人工作不够规范", k=5).hits
    assert len({h.chunk.notice_id for h in hits}) == 5


@pytest.mark.parametrize(
    "config",
    [
        pytest.param(RetrievalConfig(use_dense=False), id="keyword-only"),
        pytest.param(RetrievalConfig(use_keyword=False), id="dense-only"),
        pytest.param(RetrievalConfig(fusion="weighted"), id="weighted"),
    ],
)
def test_ablations_run(mini: Assistant, config: RetrievalConfig) -> None:
    hits = Retriever(mini.view, mini.store, mini.embedder, config).retrieve("档案馆意识形态工作", k=3).hits
    assert len(hits) == 3
    used = {p for h in hits for p in h.parts}
    assert used == ({"keyword"} if not config.use_dense else {"dense"} if not config.use_keyword else used)


def test_new_index_becomes_visible_without_rebuilding(tmp_path: Path, make: Callable[..., Assistant]) -> None:
    assistant = make()
    assistant.index(_write(tmp_path / "a", ["01_统计.txt"]))
    assert [n.unit for n in assistant.notices()] == [U["青禾市统计局"]]
    other = make()  # another process's view of the same store
    other.index(_write(tmp_path / "b", ["05_档案.txt"]))
    assert {h.chunk.unit for h in assistant.retrieve("青禾市档案馆整改", k=3).hits} == {U["青禾市档案馆"]}
    assert assistant.resolve_unit("市档案馆").units == (U["青禾市档案馆"],)


def test_remove_source(mini: Assistant) -> None:
    mini.remove_source("05_档案.txt")
    assert U["青禾市档案馆"] not in {n.unit for n in mini.notices()}
    assert all(h.chunk.source != "05_档案.txt" for h in mini.retrieve("档案馆", k=20).hits)
    with pytest.raises(AssistantError):
        mini.remove_source("05_档案.txt")


def test_with_chat_shares_state_and_keeps_self(mini: Assistant) -> None:
    from tests.fake_llm import FakeChatModel

    view = mini.view
    other = mini.with_chat(mini.settings, FakeChatModel())
    assert other.mode == "llm" and mini.mode == "extractive"
    assert "未配置大模型接口" in mini.mode_reason
    assert other.view is view


def test_langchain_retriever_composes(mini: Assistant) -> None:
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever
    from langchain_core.runnables import RunnableLambda

    from assistant.retrieval.lc_retriever import NoticeRetriever

    retriever = NoticeRetriever(search=mini.retrieve, k=3, unit="青禾市水务局")
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("基层党组织建设")
    assert len(docs) == 3 and all(isinstance(d, Document) for d in docs)
    assert set(docs[0].metadata) == {
        "notice_id",
        "unit",
        "title",
        "source",
        "heading",
        "score",
        "rank",
        "chunk_id",
    }
    assert {d.metadata["unit"] for d in docs} == {U["青禾市水务局"]}
    assert [d.metadata["rank"] for d in docs] == [1, 2, 3]
    chain = retriever | RunnableLambda(lambda ds: "\n\n".join(d.page_content for d in ds))
    joined = chain.invoke("基层党组织建设")
    assert docs[0].page_content in joined
    assert [len(b) for b in retriever.batch(["选人用人", "财务报销"])] == [3, 3]
    from_facade = mini.as_langchain(k=2)
    assert isinstance(from_facade, BaseRetriever) and len(from_facade.invoke("财务报销")) == 2


class _BrokenEmbedder:
    name = "hash-256"
    dim = 256

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise ConnectionError("endpoint down")

    def embed_query(self, text: str) -> list[float]:
        raise ConnectionError("endpoint down")


def test_dense_failure_falls_back_to_keywords_with_a_warning(mini: Assistant) -> None:
    broken = Retriever(mini.view, mini.store, _BrokenEmbedder())  # type: ignore[arg-type]
    result = broken.retrieve("青禾市统计局财务报销审核把关不严", k=3)
    assert result.hits and all(set(h.parts) == {"keyword"} for h in result.hits)
    assert any("仅用关键词检索" in w for w in result.warnings)
    dense_only = Retriever(mini.view, mini.store, _BrokenEmbedder(), RetrievalConfig(use_keyword=False))  # type: ignore[arg-type]
    with pytest.raises(ConnectionError):
        dense_only.retrieve("财务报销", k=3)
