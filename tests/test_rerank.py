"""The retriever's re-ranking by what a passage can answer (``selection.support``), on a fictional
notice indexed in a real store: a count, a date or a name asked is in one passage among many that
share the question's topic words without it (a problem's measures 召开党组会研究… against the
summary's 共召开党组会9次); the passage stating it leads once re-ranked, and the order without the
re-ranker (``rerank=None``) shows the case is real. A question asking how a problem was rectified
(in everyday words too: 整改了些啥) is left in the fused order.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answering.selection import answer_support, support
from assistant.factory import make_assistant
from assistant.reading.asks import read_question
from assistant.retrieval.retriever import Retriever
from assistant.service import Assistant
from tests.sample_index import index_texts

_TOPICS = ("选人用人", "财务报销", "意识形态", "基层党建", "工程招标", "公务用车", "档案管理", "信访办理")


_POOL = (
    "水利基础设施建设提速，河湖管护水平明显提高。",
    "防汛抗旱能力不断增强，农村饮水安全保障水平稳步提升。",
    "水资源刚性约束全面落实，节水型社会建设深入推进。",
    "水土保持综合治理成效明显，水利工程运行管理更加规范。",
    "干部群众满意度持续提升，各项工作取得积极进展。",
)
_ASKED = (
    "召开党组会专题研究{topic}问题",
    "举办业务培训班，组织干部学习{topic}制度",
    "召开动员部署会议部署{topic}整改",
    "局长带头研究{topic}工作",
)


def _problem(i: int, topic: str) -> str:
    filler = "".join(_POOL[(i + j) % len(_POOL)] for j in range(2))
    asked = "；".join(x.format(topic=topic) for x in _ASKED[i % 2 :: 2])  # two of the four matters
    return f"{i}．关于“{topic}工作不够规范”的问题\n\n整改情况：{asked}。{filler}\n\n"


_NOTICE = (
    "中共青禾市水务局党组关于巡察整改情况的通报\n\n"
    "根据市委统一部署，2023年4月1日至5月31日，市委第二巡察组对市水务局党组进行了巡察。\n\n"
    "一、巡察反馈问题整改落实情况\n\n"
    + "".join(_problem(i, t) for i, t in enumerate(_TOPICS, 1))
    + "二、整改工作成效\n\n"
    + "".join(
        f"{_POOL[i]}{line}\n\n"
        for i, line in enumerate(
            (
                "共召开党组会9次、专题会3次。",
                "举办业务培训班4期，培训干部120人次。",
                "2023年6月12日召开巡察整改动员部署会议。",
                "局长王海峰同志主持召开专题会议。",
            )
        )
    )
    + "中共青禾市水务局党组\n2023年10月8日\n"
)


@pytest.fixture(scope="module")
def water(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    indexed = index_texts(tmp_path_factory, {"水务局.txt": _NOTICE})
    return make_assistant(indexed.settings, store=indexed.store)


def _rank(hits: object, text: str) -> int | None:
    return next((h.rank for h in hits if text in h.chunk.text), None)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("青禾市水务局党组会开了几次？", "共召开党组会9次"),
        ("水务局党组会一共开过多少次", "共召开党组会9次"),
        ("青禾水务局办了几期业务培训班？", "举办业务培训班4期"),
        ("水务局业务培训班办过多少期", "举办业务培训班4期"),
    ],
)
def test_the_passage_stating_what_is_asked_leads(water: Assistant, question: str, stated: str) -> None:
    reranked = _rank(water.retrieve(question, k=6).hits, stated)
    shared = water.retriever
    plain = Retriever(shared.view, shared.store, shared.embedder, shared.config)  # no re-ranker
    before = _rank(plain.retrieve(question, k=30).hits, stated)
    assert reranked is not None and reranked <= 6, (question, reranked, before)  # among the passages read
    assert before is None or before > reranked, (question, reranked, before)  # where it stood unranked


@pytest.mark.parametrize(
    ("question", "better", "worse"),
    [
        ("党组会开了几次", "共召开党组会9次。", "召开党组会专题研究选人用人问题。"),
        ("培训了多少人次", "培训干部120人次。", "组织业务培训班，培训干部学习制度。"),
        (
            "动员部署会议是什么时候召开的",
            "2023年6月12日召开巡察整改动员部署会议。",
            "召开专题会部署整改，动员部署会议后逐项落实。",
        ),
        ("局长叫什么名字", "局长王海峰同志主持召开专题会议。", "局长带头研究工作。"),
    ],
)
def test_support_prefers_the_sentence_holding_the_answer(question: str, better: str, worse: str) -> None:
    q = read_question(question)
    high, low = support([better, worse], q)
    assert high > low, (question, high, low)


def test_a_question_not_read_or_asking_measures_is_not_reranked(water: Assistant) -> None:
    info = water.retrieve("水务局党组会开了几次", k=1).info
    assert info is not None
    assert answer_support(["共召开党组会9次。"], info)[0] > 0
    assert answer_support(["共召开党组会9次。"], replace(info, terms=None)) == [0.0]
    how = water.retrieve("水务局党组会的问题整改了些啥", k=1).info
    assert how is not None and answer_support(["共召开党组会9次。"], how) == [0.0]


@pytest.mark.parametrize(
    ("question", "measures"),
    [
        ("河道乱采砂的问题，整改了些啥？", True),
        ("食堂管理的问题后来改了什么", True),
        ("公车私用那事弄了哪些", True),
        ("招标把关不严有什么办法", True),
        ("违规发补贴这事处理了哪些人", False),
        ("整改了哪些干部", False),
    ],
)
def test_how_it_was_rectified_in_everyday_words_is_a_measures_ask(question: str, measures: bool) -> None:
    """The re-ranker leaves a measures question in the fused order; these read as one (people do not)."""
    assert read_question(question).wants("measures") is measures
