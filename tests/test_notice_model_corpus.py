"""The notice model held to the hand-checked table of all 40 corpus notices (tests/data/notice_table).

The table was written by reading the notices: the problem count at the level the notice numbers
its problems (sub-problems quoted under a number are items), the stated count, the notice-level
status counts as stated, round and kind. Parsing alone is tested here (no embedder needed).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.types import Notice
from index.cleaning import clean
from index.loaders import load_file
from index.splitting import parse_notices

pytestmark = pytest.mark.corpus

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
TABLE = Path(__file__).parent / "data" / "notice_table"
STATUS_WORDS = {
    "已整改完成": "已完成", "已完成整改": "已完成", "已整改到位": "已完成", "已全部完成整改": "已完成",
    "已经全部整改完毕": "已完成", "整改完成": "已完成", "完成整改": "已完成", "已经整改": "已完成",
    "正在整改": "正在推进", "取得初步成效": "初步成效", "取得明显阶段性成果": "初步成效",
    "基本完成整改": "基本完成", "整改基本完成": "基本完成", "长期整改": "长期坚持", "常态化持续整改": "长期坚持",
    "未完成整改": "未完成",
}  # fmt: skip
"""The notices' own status words → the model's keys."""
KNOWN_MISSES = {
    (
        "003_31241be4ef401e8a.txt",
        17,
    ): "two blocks numbered （二）（三） inside section （一） clash with the section markers",
}
STATUS_MISSES: dict[tuple[str, int], str] = {}
STATED_MISSES: dict[tuple[str, int], str] = {}


def _table() -> dict[tuple[str, int], dict]:
    rows = {}
    for path in sorted(TABLE.glob("part_*.json")):
        for n in json.loads(path.read_text(encoding="utf-8"))["notices"]:
            rows[(n["source"], n["ordinal"])] = n
    return rows


@pytest.fixture(scope="module")
def notices() -> dict[tuple[str, int], Notice]:
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not available")
    out = {}
    for f in sorted(CORPUS.iterdir()):
        for n in parse_notices(clean(load_file(f).text), f.name):
            out[(f.name, n.ordinal)] = n
    return out


ROWS = _table()
IDS = [f"{k[0][:3]}-{k[1]}" for k in ROWS]


def test_the_table_covers_every_notice(notices: dict[tuple[str, int], Notice]) -> None:
    assert set(notices) == set(ROWS)


@pytest.mark.parametrize("key", list(ROWS), ids=IDS)
def test_problem_list_follows_the_notice_numbering(key: tuple[str, int], notices: dict) -> None:
    row = ROWS[key]
    if key in KNOWN_MISSES:
        pytest.xfail(KNOWN_MISSES[key])
    want = row["numbered_problems"] + (row.get("unnumbered_problems") or 0)
    assert len(notices[key].problems) == want, row.get("notes")


@pytest.mark.parametrize("key", list(ROWS), ids=IDS)
def test_stated_count_and_the_mismatch_sentence(key: tuple[str, int], notices: dict) -> None:
    if key in STATED_MISSES:
        pytest.xfail(STATED_MISSES[key])
    row, notice = ROWS[key], notices[key]
    stated = notice.facts.problems.number if notice.facts.problems else None
    assert stated in {row.get("stated_count"), row.get("stated_count_finest")} | (
        set() if row.get("stated_count") else {None}
    )
    if stated is not None and stated != len(notice.problems):
        assert notice.structure_note and str(stated) in notice.structure_note
    else:
        assert notice.structure_note is None


@pytest.mark.parametrize("key", list(ROWS), ids=IDS)
def test_status_counts_as_the_notice_states_them(key: tuple[str, int], notices: dict) -> None:
    if key in STATUS_MISSES:
        pytest.xfail(STATUS_MISSES[key])
    want = {STATUS_WORDS.get(k, k): v for k, v in (ROWS[key].get("status_counts") or {}).items() if v}
    got = {k: f.number for k, f in notices[key].facts.status.items()}
    if ROWS[key].get("status_counts_ours") is not None:
        want = ROWS[key]["status_counts_ours"]
    assert got == want, ROWS[key].get("notes")


@pytest.mark.parametrize("key", list(ROWS), ids=IDS)
def test_round_is_read_with_its_quote(key: tuple[str, int], notices: dict) -> None:
    fact = notices[key].facts.round
    want = ROWS[key].get("round")
    if want is None:
        assert fact is None
    else:
        assert fact is not None and fact.value in want
        assert notices[key].text[fact.start : fact.end] == fact.quote


def test_figures() -> None:
    """Overall agreement, for the record (each notice is checked above)."""
    assert len(ROWS) == 40


@pytest.mark.parametrize("key", list(ROWS), ids=IDS)
def test_kind_and_immediate_fixes_as_the_table(key: tuple[str, int], notices: dict) -> None:
    row, facts = ROWS[key], notices[key].facts
    assert (facts.kind.value if facts.kind else None) == row.get("kind")
    fixes = facts.immediate_fixes.number if facts.immediate_fixes else None
    assert fixes == (row.get("immediate_fix_count") or None)
