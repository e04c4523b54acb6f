"""Problem numbering shapes: a table of small fictional notices with the problems each numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.problems import extract_problems

DATA = Path(__file__).parent / "data" / "notice_model" / "numbering.jsonl"
CASES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


NOT_YET = {
    "arabic_problems_with_paren_subproblems": "（1）（2） manifestation lines under a 1. problem are read as the problems",
    "yishi_problems_in_paragraph": "problems introduced only by 一是/二是 inside one paragraph are not read",
    "measures_numbered_under_zhenggai_cuoshi": "1. 2. measures under 整改措施： hide the （一） problems above them",
    "paren_problem_with_arabic_subproblems": "1. 2. sub-problems under a （一） problem are read as the problems",
}
"""Shapes the reader does not handle yet (each listed with what goes wrong)."""


def _compact(number: str) -> str:
    return "".join(number.split()).replace("(", "（").replace(")", "）")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_problems_follow_the_numbering(case: dict) -> None:
    if case["name"] in NOT_YET:
        pytest.xfail(NOT_YET[case["name"]])
    stated = (case["stated_count"],) if case.get("stated_count") else ()
    got = extract_problems(case["text"], stated)
    assert [_compact(p.number) for p in got] == [_compact(e["number"]) for e in case["expected"]], case["why"]
    assert [len(p.items) for p in got] == [e["items"] for e in case["expected"]], case["why"]
