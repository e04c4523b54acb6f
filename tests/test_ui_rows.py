"""Table rows of the app: facts card, problem list, retrieval hits, notices, unit choices."""

from __future__ import annotations

import doctest

import pytest

from core.phrases import UNKNOWN_FACT
from core.types import Chunk, Fact, Hit, NoticeFacts, ProblemSummary
from ui import rows as ui_rows


def test_doctests() -> None:
    result = doctest.testmod(ui_rows)
    assert result.attempted > 5 and result.failed == 0


@pytest.mark.parametrize(
    ("key", "fact", "expected"),
    [
        pytest.param(
            "problems",
            Fact("9", "3个方面9个问题", 0, 8, number=9, detail={"aspects": 3}),
            "9个问题（3个方面）",
            id="problems-with-aspects",
        ),
        pytest.param("problems", Fact("5", "5个问题", 0, 4, number=5), "5个问题", id="problems"),
        pytest.param("measures", Fact("36", "整改措施36条", 0, 7, number=36), "36条", id="measures"),
        pytest.param(
            "feedback_date", Fact("2023年6月15日", "2023年6月15日", 0, 10), "2023年6月15日", id="date"
        ),
        pytest.param(
            "problems",
            Fact("9", "9个问题", 0, 4, number=9, also=(Fact("8", "8个问题", 9, 13, number=8),)),
            "9个问题（另见：8个问题）",
            id="disagreeing",
        ),
        pytest.param("measures", None, "—", id="unknown"),
    ],
)
def test_fact_text(key: str, fact: Fact | None, expected: str) -> None:
    assert ui_rows.fact_text(fact, key) == expected


def test_facts_rows_cover_every_label_with_unknown_marked() -> None:
    facts = NoticeFacts(
        problems=Fact("9个问题", "9个问题", 0, 4, number=9),
        contact={"phone": Fact("0000-1234567", "0000-1234567", 5, 17)},
    )
    rows = dict(ui_rows.facts_rows(facts))
    assert list(rows) == [label for _, label in ui_rows.FACT_LABELS]
    assert rows["反馈问题"] == "9个问题"
    assert rows["联系方式"] == "电话 0000-1234567"
    assert rows["反馈时间"] == UNKNOWN_FACT


def test_problem_rows_mark_unstated_status() -> None:
    rows = ui_rows.problem_rows([ProblemSummary("（二）台账不全", None, (), (3,))])
    assert rows == [
        {"序号": "1", "问题": "（二）台账不全", "整改状态": "未说明", "主要措施": "—", "出处": "[3]"}
    ]


def test_hit_rows_carry_rank_and_scores() -> None:
    chunk = Chunk("c1", "n1", "青川县林业局", "通报", "青川.txt", ("一、总体",), "正文", 0, 2)
    row = ui_rows.hit_rows([Hit(chunk, 0.0312, 3, {"keyword": 4.5, "dense": 0.8123})])[0]
    assert (row["排名"], row["得分"], row["关键词"], row["向量"]) == ("3", "0.0312", "4.5000", "0.8123")
    assert ui_rows.hit_rows([Hit(chunk, 0.5, 1)])[0]["向量"] == "—"


@pytest.mark.parametrize(
    ("query", "resolved", "expected"),
    [
        pytest.param("", (), ["青川县林业局", "青川县水务局", "白沙镇人民政府"], id="empty-lists-all"),
        pytest.param("青川", (), ["青川县林业局", "青川县水务局"], id="substring"),
        pytest.param("青川縣", (), ["青川县林业局", "青川县水务局"], id="traditional-query"),
        pytest.param("县林业", ("青川县林业局",), ["青川县林业局"], id="resolved-first"),
        pytest.param("不存在", (), [], id="no-match"),
    ],
)
def test_unit_choices(query: str, resolved: tuple[str, ...], expected: list[str]) -> None:
    units = ["青川县林业局", "青川县水务局", "白沙镇人民政府", "青川县林业局"]
    assert ui_rows.unit_choices(units, query, resolved) == expected
