r"""The one sentence splitter: where a Chinese sentence (or clause) ends, for every stage.

A piece runs up to and including its end marks, the closing quotes or brackets right after them
and any citation markers (``[3]``) that follow; a line break also ends a piece. Pieces cover the
text without gaps, so offsets and re-joined text stay exact. ``SENTENCE_ENDS`` ends sentences
only; ``CLAUSE_ENDS`` also ends at semicolons (an item of an enumeration).

>>> pieces("共5个[1]。已完成。”[2]\n二是整改；三是")
['共5个[1]。', '已完成。”[2]', '\n', '二是整改；三是']
>>> sentences("一是学习；二是整改。\n三是巩固", CLAUSE_ENDS)
['一是学习；', '二是整改。', '三是巩固']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

SENTENCE_ENDS = "。！？!?"
"""Marks that end a sentence."""
CLAUSE_ENDS = SENTENCE_ENDS + "；;"
"""Marks that end a clause: a sentence's, and semicolons."""
CLOSERS = '”’"」』）)'
"""Closing quotes and brackets that stay with the end mark before them."""


@lru_cache(maxsize=4)
def pattern(ends: str = SENTENCE_ENDS) -> re.Pattern[str]:
    """The regex of one piece ending at ``ends`` (empty matches possible; skip them)."""
    e = re.escape(ends)
    return re.compile(rf"[^{e}\n]*(?:[{e}]+[{re.escape(CLOSERS)}]*(?:[ \t]*\[\d{{1,3}}\])*|\n+|$)")


def spans(
    text: str, ends: str = SENTENCE_ENDS, start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int]]:
    """Offsets of the pieces of ``text[start:end]``, in order, covering it without gaps."""
    stop = len(text) if end is None else end
    for m in pattern(ends).finditer(text, start, stop):
        if m.end() > m.start():
            yield m.start(), m.end()


def pieces(text: str, ends: str = SENTENCE_ENDS) -> list[str]:
    """The pieces of ``text``; joined, they give ``text`` back."""
    return [text[a:b] for a, b in spans(text, ends)]


def sentences(text: str, ends: str = SENTENCE_ENDS) -> list[str]:
    """The pieces of ``text`` with surrounding white space removed, empty ones dropped."""
    return [s for p in pieces(text, ends) if (s := p.strip())]


def trimmed_spans(text: str, ends: str = SENTENCE_ENDS) -> Iterator[tuple[int, int]]:
    """Offsets of the pieces with trailing white space (line breaks) left out, empty ones dropped."""
    for a, b in spans(text, ends):
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            yield a, b


def sentence_end(text: str, pos: int, end: int, ends: str = CLAUSE_ENDS) -> int:
    """Where the piece running at ``pos`` ends (after its end marks; before a line break), at most ``end``.

    >>> sentence_end("整改措施：建立台账。下一步", 0, 12)
    10
    """
    for a, b in spans(text, ends, pos, end):
        while b > a and text[b - 1] == "\n":
            b -= 1
        return b
    return pos
