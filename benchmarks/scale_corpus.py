"""Deterministic ×N corpora for the scale benchmarks: N copies of a corpus, every copy distinct notices.

Copy 0 is the source corpus byte for byte (so the development questions still apply at every
size). Copy ``c`` ≥ 1 rewrites, in the raw text (watermarks, traditional characters and odd
spacing kept, so cleaning does its full work):

* **units**: the place part of every notice's unit (``盐城市…`` → ``盐城``; the first two
  characters when the name has none) becomes a made-up three-character stem, unique per copy and
  unit, wherever it appears (titles, short names, inspection bodies, signatures);
* **dates**: years (any four-digit 19xx/20xx) move back by ``c % 4``, days of the month move forward by ``c`` (mod 28);
* **numbers**: counts followed by a counter word (``12个``, ``35条``, ``1.2万元`` …) grow by ``c``.

The same source and factor always give the same files. Corpora are written to a folder the
caller names (a temporary one in ``bench_scale``); they are never committed.

Usage::

    .venv/bin/python -m benchmarks.scale_corpus --factor 10 --out /tmp/corpus-x10
"""

from __future__ import annotations

import argparse
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.normalize import to_search
from index.cleaning import clean
from index.loaders import iter_files, load_file
from index.splitting import parse_notices

_SYLLABLES = "岚禾澄翠枫桐鹤霁瑶芷蘅溪沅湄汀渚苇荻萸棠槿楠榆柘杉檀璜琅瑄珂"
"""Characters of the made-up place stems (30, so three of them name 27,000 places)."""
_PLACE = re.compile(r"^(?P<stem>[\u4e00-\u9fff]{2,6}?)(?:自治区|自治州|省|市|州|盟|县|区|旗|镇|乡)")
_NUMBERS = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?!\d)"
    r"|(?<!\d)(?<!\d\.)(?P<day>\d{1,2})(?=\s*[日号])"
    r"|(?<!\d)(?<!\d\.)(?P<count>\d{1,5}(?:\.\d+)?)(?=\s*(?:个|项|条|名|人|件|次|万元|元|份|家|起|篇|户|场|期|批|轮))"
)


@dataclass(frozen=True)
class ScaledCorpus:
    """A written ×N corpus."""

    folder: Path
    """Where the files are."""
    factor: int
    """How many copies of the source."""
    files: tuple[Path, ...]
    """The files, copy 0 first."""
    chars: int
    """Characters of raw text in all files."""


def stem_of(unit: str) -> str:
    """The place part of a unit name that identifies it in the text.

    >>> stem_of("中共盐城市科学技术协会党组"), stem_of("西藏自治区司法厅党委"), stem_of("中共成县自然资源局党组")
    ('盐城', '西藏', '成县')
    """
    name = unit.removeprefix("中共")
    m = _PLACE.match(name)
    return m.group("stem") if m else name[:2]


def made_up_stem(n: int) -> str:
    """The ``n``-th made-up place stem (three characters, all distinct for n < 27,000).

    >>> made_up_stem(0), made_up_stem(1), made_up_stem(30)
    ('岚岚岚', '岚岚禾', '岚禾岚')
    """
    base = len(_SYLLABLES)
    return "".join(_SYLLABLES[(n // base**p) % base] for p in (2, 1, 0))


def unit_stems(texts: Iterable[tuple[str, str]]) -> list[str]:
    """The distinct unit stems of the notices in ``(source, raw text)`` pairs, in first-seen order."""
    seen: dict[str, None] = {}
    for source, raw in texts:
        for notice in parse_notices(clean(raw), source):
            if notice.unit:
                seen.setdefault(stem_of(to_search(notice.unit)), None)
    return [s for s in seen if len(s) >= 2]


def rewrite(raw: str, copy: int, stems: Sequence[str]) -> str:
    """Copy ``copy`` of ``raw``: unit stems, dates and counts rewritten (copy 0 is ``raw`` itself).

    Matching runs on the simplified, width-folded form (same length as ``raw``), so traditional
    and full-width text is rewritten too.

    >>> rewrite("盐城市科协2023年5月8日反馈12个问题", 1, ["盐城"])
    '岚岚岚市科协2022年5月9日反馈13个问题'
    """
    if copy == 0:
        return raw
    view = to_search(raw)
    edits: list[tuple[int, int, str]] = []
    if stems:
        offset = (copy - 1) * len(stems)
        names = {s: made_up_stem(offset + i) for i, s in enumerate(stems)}
        pattern = re.compile("|".join(re.escape(s) for s in sorted(names, key=len, reverse=True)))
        edits += [(m.start(), m.end(), names[m.group()]) for m in pattern.finditer(view)]
    for m in _NUMBERS.finditer(view):
        if m.group("year"):
            new = str(int(m.group("year")) - copy % 4)
        elif m.group("day"):
            new = str((int(m.group("day")) - 1 + copy) % 28 + 1)
        else:
            whole, _, frac = m.group("count").partition(".")
            new = str(int(whole) + copy) + (f".{frac}" if frac else "")
        edits.append((m.start(), m.end(), new))
    out: list[str] = []
    pos = 0
    for start, end, new in sorted(edits):
        if start < pos:  # overlaps an earlier edit (a stem holding a digit cannot, but be safe)
            continue
        out += [raw[pos:start], new]
        pos = end
    out.append(raw[pos:])
    return "".join(out)


def write_scaled(source: Path, dest: Path, factor: int) -> ScaledCorpus:
    """Write ``factor`` copies of the corpus in ``source`` into ``dest`` (emptied first).

    Files are named ``<copy>_<name>`` in one folder; each copy is encoded as UTF-8.
    """
    if factor < 1:
        raise ValueError("factor must be at least 1")
    files = iter_files([source])
    texts = [(f.name, load_file(f, source=f.name).text) for f in files]
    stems = unit_stems(texts)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    written: list[Path] = []
    chars = 0
    for copy in range(factor):
        for (name, raw), original in zip(texts, files, strict=True):
            path = dest / f"{copy:03d}_{name}"
            if copy == 0:
                shutil.copyfile(original, path)
            else:
                path.write_text(rewrite(raw, copy, stems), encoding="utf-8")
            text = raw if copy == 0 else path.read_text(encoding="utf-8")
            chars += len(text)
            written.append(path)
    return ScaledCorpus(dest, factor, tuple(written), chars)


def main(argv: Sequence[str] | None = None) -> int:
    from core.config import PROJECT_ROOT

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=PROJECT_ROOT.parent / "shared" / "corpus")
    parser.add_argument("--factor", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    corpus = write_scaled(args.source, args.out, args.factor)
    print(f"{len(corpus.files)} files, {corpus.chars} chars in {corpus.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
