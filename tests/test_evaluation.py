from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.evaluation import (
    EvalCase,
    EvalRow,
    evidence_hit,
    hit_at_k,
    key_coverage,
    load_cases,
    mrr,
    percentile,
    rank_of_first_hit,
    summarize,
)
from core.numerals import all_to_digits


@pytest.mark.parametrize(
    ("passages", "evidence", "expected"),
    [
        pytest.param(["截至目前，共计5个问题已整改完成。"], ["共计5个问题已整改完成"], True, id="plain"),
        pytest.param(["截至目前,共计5个问题"], ["截至目前，共计5个问题"], True, id="comma-width"),
        pytest.param(["２０２１年３月"], ["2021年3月"], True, id="full-width-digits"),
        pytest.param(["司法廳系統176名"], ["司法厅系统176名"], True, id="traditional"),
        pytest.param(["2022 年 7 月， 市委"], ["2022年7月,市委"], True, id="spaces"),
        pytest.param(["共计4个问题已整改完成"], ["共计5个问题已整改完成"], False, id="other-number"),
        pytest.param(
            ["共计5个问题已整改"], ["共计5个问题已整改完成"], False, id="evidence-cut-is-not-relaxed"
        ),
        pytest.param(["任何文字"], [""], False, id="empty-evidence-never-hits"),
        pytest.param([], ["甲"], False, id="no-passages"),
    ],
)
def test_evidence_hit(passages: list[str], evidence: list[str], expected: bool) -> None:
    assert evidence_hit(passages, evidence) is expected


@pytest.mark.parametrize(
    ("passages", "evidence", "rank"),
    [
        pytest.param(["甲", "乙", "丙"], ["丙"], 3, id="third"),
        pytest.param(["甲", "乙", "丙"], ["丙", "乙"], 2, id="any-evidence"),
        pytest.param(["甲", "乙"], ["丁"], None, id="miss"),
    ],
)
def test_rank_of_first_hit(passages: list[str], evidence: list[str], rank: int | None) -> None:
    assert rank_of_first_hit(passages, evidence) == rank


@pytest.mark.parametrize(("k", "expected"), [pytest.param(2, False, id="k2"), pytest.param(3, True, id="k3")])
def test_hit_at_k(k: int, expected: bool) -> None:
    assert hit_at_k(["甲", "乙", "丙"], ["丙"], k) is expected


@pytest.mark.parametrize(
    ("ranks", "expected"),
    [
        pytest.param([1, 1], 1.0, id="all-first"),
        pytest.param([2, None], 0.25, id="miss-counts-zero"),
        pytest.param([], 0.0, id="empty"),
    ],
)
def test_mrr(ranks: list[int | None], expected: float) -> None:
    assert mrr(ranks) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("answer", "keys", "expected"),
    [
        pytest.param("已完成5个，推进中4个", [["5个", "五个"], ["4个", "四个"]], 1.0, id="both"),
        pytest.param("已完成五个", [["5个"], ["4个"]], 0.5, id="chinese-numeral-answer"),
        pytest.param("共发布528篇", [["五百二十八"]], 1.0, id="chinese-numeral-key"),
        pytest.param("减少股级干部十人", [["10人", "10名"]], 1.0, id="ten"),
        pytest.param("投资规模960亿元", [["960亿"]], 1.0, id="yi-kept"),
        pytest.param("累计达到九十家", [["90"]], 1.0, id="ninety"),
        pytest.param("累计达到19家", [["9家"]], 0.0, id="digit-boundary-before"),
        pytest.param("共1760人，另176人", [["176"]], 1.0, id="digit-boundary-later-occurrence"),
        pytest.param("共1760人", [["176"]], 0.0, id="digit-boundary-after"),
        pytest.param("廣播電視局", [["广播电视局"]], 1.0, id="traditional"),
        pytest.param("无相关内容", [["江东中路265号"]], 0.0, id="none"),
        pytest.param("任何回答", [], 1.0, id="no-keys"),
    ],
)
def test_key_coverage(answer: str, keys: list[list[str]], expected: float) -> None:
    assert key_coverage(answer, keys) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("五个", "5个", id="single"),
        pytest.param("十七个", "17个", id="teens"),
        pytest.param("二十个", "20个", id="tens"),
        pytest.param("一百零五条", "105条", id="hundreds-with-zero"),
        pytest.param("两项", "2项", id="liang"),
        pytest.param("三万元", "3万元", id="wan-kept"),
        pytest.param("一万二千人", "12000人", id="wan-inside"),
        pytest.param("二〇二一年", "2021年", id="year-digits"),
        pytest.param("960亿", "960亿", id="arabic-untouched"),
    ],
)
def test_all_to_digits(text: str, expected: str) -> None:
    assert all_to_digits(text) == expected


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        pytest.param([3.0], 95, 3.0, id="one-value"),
        pytest.param([4.0, 1.0, 3.0, 2.0], 50, 2.5, id="unsorted-median"),
        pytest.param([1.0, 2.0, 3.0, 4.0], 0, 1.0, id="min"),
        pytest.param([1.0, 2.0, 3.0, 4.0], 100, 4.0, id="max"),
        pytest.param(list(map(float, range(1, 21))), 95, 19.05, id="p95"),
    ],
)
def test_percentile(values: list[float], p: float, expected: float) -> None:
    assert percentile(values, p) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("values", "p"), [pytest.param([], 50, id="empty"), pytest.param([1.0], 101, id="p-range")]
)
def test_percentile_rejects(values: list[float], p: float) -> None:
    with pytest.raises(ValueError):
        percentile(values, p)


def case(
    id: str, kind: str, keys: list[list[str]] | None = None, evidence: list[str] | None = None
) -> EvalCase:
    return EvalCase(
        id=id,
        kind=kind,
        question="?",
        answer_keys=tuple(tuple(g) for g in keys or []),
        evidence=tuple(evidence or []),
    )


def test_summarize() -> None:
    rows = [
        EvalRow(case("a", "fact", [["5个"]], ["甲乙"]), "共5个", False, ("甲乙丙", "丁"), 1.0),
        EvalRow(case("b", "fact", [["7个"], ["8个"]], ["戊"]), "7个", False, ("丁", "戊"), 2.0),
        EvalRow(case("c", "detail", [["己"]], ["己"]), "拒答", True, ("庚",), 3.0),
        EvalRow(case("d", "unanswerable"), "拒答", True, ("辛",), 4.0),
        EvalRow(case("e", "unanswerable"), "胡说", False, (), 5.0),
    ]
    out = summarize(rows)
    overall = out["overall"]
    assert overall["n"] == 5 and overall["answerable"] == 3
    assert overall["hit@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert overall["hit@5"] == pytest.approx(2 / 3, abs=1e-4)
    assert overall["mrr"] == pytest.approx((1 + 0.5 + 0) / 3, abs=1e-4)
    assert overall["key_coverage"] == pytest.approx((1 + 0.5 + 0) / 3, abs=1e-4)
    assert overall["refusal_rate"] == 0.5
    assert overall["false_refusal_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert overall["latency_p50"] == 3.0
    assert overall["latency_p95"] == pytest.approx(4.8)
    assert set(out["by_kind"]) == {"fact", "detail", "unanswerable"}
    assert out["by_kind"]["fact"]["hit@5"] == 1.0
    assert out["by_kind"]["unanswerable"]["hit@1"] is None
    assert out["by_kind"]["unanswerable"]["refusal_rate"] == 0.5
    assert out["by_kind"]["detail"]["refusal_rate"] is None


def test_summarize_empty() -> None:
    assert summarize([])["overall"]["latency_p50"] is None


def test_load_cases(tmp_path: Path) -> None:
    lines = [
        {"id": "x1", "kind": "compare", "question": "甲和乙？", "answer": "甲", "answer_keys": [["1件"], ["3件"]],
         "unit": ["中共甲县科协党组", "乙县科协党组"], "evidence": ["移交1件"], "source_file": "f.txt"},
        {"id": "x2", "kind": "unanswerable", "question": "丙？", "answer": "无法回答", "answer_keys": [],
         "unit": None, "evidence": []},
    ]  # fmt: skip
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n", encoding="utf-8")
    first, second = load_cases(path)
    assert first.units == ("中共甲县科协党组", "乙县科协党组")
    assert first.answer_keys == (("1件",), ("3件",))
    assert first.answerable and not second.answerable
    assert second.units == () and second.evidence == ()
