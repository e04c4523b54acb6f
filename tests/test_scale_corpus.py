"""The ×N corpora of the scale benchmarks: deterministic, and every copy distinct notices."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from benchmarks.scale_corpus import rewrite, stem_of, write_scaled
from core.normalize import to_search
from index.cleaning import clean
from index.loaders import load_file
from index.splitting import parse_notices
from tests.conftest import CORPUS_DIR

pytestmark = pytest.mark.corpus


def _notices(folder: Path) -> list[tuple[str, str, str]]:
    """(copy, unit, first 200 characters of text) of every notice in a written corpus."""
    out = []
    for path in sorted(folder.iterdir()):
        for notice in parse_notices(clean(load_file(path, source=path.name).text), path.name):
            out.append((path.name[:3], notice.unit, to_search(notice.text[:200])))
    return out


def test_copies_are_distinct_notices_and_the_same_every_time(tmp_path: Path) -> None:
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"corpus not found: {CORPUS_DIR}")
    first = write_scaled(CORPUS_DIR, tmp_path / "a", 3)
    again = write_scaled(CORPUS_DIR, tmp_path / "b", 3)
    sources = sorted(CORPUS_DIR.iterdir())
    assert len(first.files) == 3 * len(sources)
    assert [p.read_bytes() for p in first.files] == [p.read_bytes() for p in again.files]
    for original in sources:  # copy 0 is the corpus itself, so the dev questions still apply
        assert (tmp_path / "a" / f"000_{original.name}").read_bytes() == original.read_bytes()

    notices = _notices(first.folder)
    per_copy = Counter(copy for copy, _, _ in notices)
    assert set(per_copy) == {"000", "001", "002"} and len(set(per_copy.values())) == 1
    units = {copy: {to_search(unit) for c, unit, _ in notices if c == copy} for copy in per_copy}
    assert not units["000"] & units["001"] and not units["001"] & units["002"]
    assert len({text for *_, text in notices}) == len(notices)  # no two notices open alike
    real_stems = {stem_of(u) for u in units["000"] if u}
    copy_text = "".join(to_search(p.read_text(encoding="utf-8")) for p in first.files if p.name[:3] != "000")
    assert not [s for s in real_stems if len(s) >= 2 and s in copy_text]


@pytest.mark.parametrize(
    ("raw", "copy", "expected"),
    [
        ("盐城市科协2023年5月8日反馈12个问题", 2, "岚岚禾市科协2021年5月10日反馈14个问题"),
        ("鹽城市2023年", 1, "岚岚岚市2022年"),  # traditional text is matched through its simplified form
        ("整改率达95.5%，共3.5万元", 1, "整改率达95.5%，共4.5万元"),
    ],
)
def test_rewrite(raw: str, copy: int, expected: str) -> None:
    assert rewrite(raw, copy, ["盐城"]) == expected
