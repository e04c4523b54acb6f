"""The page each chunk comes from, and its recognition confidence when it was read from pixels.

Cleaning and splitting move text around (widgets and advertising are cut, spaces tidied, a file
split into notices), so a chunk's offsets say nothing about the loaded text's pages. A chunk is
found again by what it says: its letters, digits and Han characters (compared after NFKC folding,
which is what cleaning does to full-width digits) are looked up in the same characters of the
loaded text, the page map (``RawDocument.pages``) names the page where the match starts.
Chunks come in reading order, so each search starts where the previous chunk was found, and
falls back to the whole text (a notice repeated, a heading path moved).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from core.types import Chunk
from index.ocr import Page

ANCHOR = 24
"""Characters of a chunk's start that are looked up (shorter anchors are tried when these fail)."""


def _signature(text: str) -> tuple[str, list[int]]:
    """The letters, digits and Han characters of ``text`` (NFKC-folded) and where each one is.

    >>> _signature("１、关于 a-b")
    ('1关于ab', [0, 2, 3, 5, 7])
    """
    chars: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        if c.isalnum():
            chars.append(unicodedata.normalize("NFKC", c)[:1].lower())
            where.append(i)
    return "".join(chars), where


def with_pages(chunks: Sequence[Chunk], text: str, pages: Sequence[Page]) -> tuple[Chunk, ...]:
    r"""``chunks`` with the page each starts on, and its confidence where that page was recognized.

    >>> from index.ocr import Page
    >>> text = "第一页的内容：整改措施12条。\n第二页：已完成整改11项。"
    >>> pages = [Page(1, 0, 15, False, None), Page(2, 16, len(text), True, 0.87)]
    >>> c = Chunk("c", "n", "某局", "通报", "a.pdf", (), "已完成整改11项。", 0, 9)
    >>> [(x.page, x.ocr_confidence) for x in with_pages([c], text, pages)]
    [(2, 0.87)]
    """
    if not pages:
        return tuple(chunks)
    sig, where = _signature(text)
    starts = [p.start for p in pages]
    out: list[Chunk] = []
    cursor = 0
    for chunk in chunks:
        at = _find(sig, _signature(chunk.text)[0], cursor)
        if at is None:
            out.append(chunk)
            continue
        cursor = at
        page = pages[max(bisect_right(starts, where[at]) - 1, 0)]
        confidence = page.confidence if page.ocr else None
        out.append(replace(chunk, page=page.number, ocr_confidence=confidence))
    return tuple(out)


def page_starts(notice_id: str, chunks: Sequence[Chunk]) -> tuple[tuple[int, int, float | None], ...]:
    """Where a notice's pages start (``Notice.pages``), read from its located chunks, in text order.

    >>> mk = lambda start, page, conf: Chunk("c", "n", "", "", "a.pdf", (), "x", start, start + 1, page=page, ocr_confidence=conf)
    >>> page_starts("n", [mk(0, 1, None), mk(40, 1, None), mk(90, 2, 0.93)])
    ((0, 1, None), (90, 2, 0.93))
    """
    out: list[tuple[int, int, float | None]] = []
    for c in sorted((c for c in chunks if c.notice_id == notice_id), key=lambda c: c.start):
        if c.page is not None and (not out or out[-1][1] != c.page):
            out.append((0 if not out else c.start, c.page, c.ocr_confidence))
    return tuple(out)


def _find(sig: str, needle: str, cursor: int) -> int | None:
    """Where ``needle``'s start is in ``sig``: after ``cursor`` first, then anywhere; shorter anchors last."""
    for size in (ANCHOR, ANCHOR // 3):
        anchor = needle[:size]
        if not anchor:
            return None
        for start in (cursor, 0):
            at = sig.find(anchor, start)
            if at >= 0:
                return at
    return None
