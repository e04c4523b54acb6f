"""Status by sentence role: a table of sentences that state a status and clauses that only name one."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from core.normalize import to_simplified
from index.status import statement_status

DATA = Path(__file__).parent / "data" / "notice_model" / "status_sentences.tsv"
LABELS = {"取得初步成效": "初步成效", "-": None}


def _rows() -> list[tuple[str, str | None, str]]:
    with DATA.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [(r["sentence"], LABELS.get(r["status"], r["status"]), r["why"]) for r in rows]


ROWS = _rows()


def test_the_table_is_big_and_half_of_it_names_without_stating() -> None:
    assert len(ROWS) >= 40
    assert sum(1 for _, status, _ in ROWS if status is None) * 2 >= len(ROWS)


@pytest.mark.parametrize(("sentence", "expected", "why"), ROWS, ids=[r[0][:16] for r in ROWS])
def test_status_is_read_from_statements_only(sentence: str, expected: str | None, why: str) -> None:
    assert statement_status(to_simplified(sentence)) == expected, why
