"""Citations: number passages for a prompt, then read, check and renumber the ``[n]`` in a reply.

The passages given to a model are numbered ``[1]..[n]`` in retrieval order, as many as fit the
token budget. A reply may cite numbers that were never given (a model's slip) or cite only a
few of them; ``resolve`` drops the unknown markers and renumbers the rest ``1..m`` in order of
first use, so that the ``citations`` of an answer are exactly the passages its text cites.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core import tokens
from core.phrases import CITATION_FORMAT, CITATION_RE
from core.types import Citation, Hit

MIN_PASSAGE_TOKENS = 60
"""A passage cut to fit the budget is kept only if at least this many tokens of it remain."""

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_LOOSE_MARKER_RE = re.compile(r"[\[［【]\s*([0-9０-９]{1,3}(?:\s*[,，、\-–~]\s*[0-9０-９]{1,3})*)\s*[\]］】]")
"""Markers as models also write them: ``［1］``, ``【2】``, ``[1, 3]``, ``[2-4]``."""
_REPEAT_RE = re.compile(r"(\[\d{1,3}\])(?:\s*\1)+")
_ENUMERATOR_RE = re.compile(r"(?m)^[\s*#>-]*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})[.、．)）]")
"""List numbering at a line's start (``1.``, ``二、``): it orders a reply, it says nothing."""


@dataclass(frozen=True)
class Passage:
    """One numbered passage of a prompt."""

    n: int
    """Its number, ``[n]``."""
    hit: Hit
    """The retrieved chunk."""
    text: str
    """The text given to the model (the chunk text, cut if the budget ran out)."""

    @property
    def header(self) -> str:
        """The line naming the passage's unit, notice and section."""
        c = self.hit.chunk
        parts = [f"单位：{c.unit or '未识别'}", f"通报：{c.title or '无标题'}"]
        if c.heading:
            parts.append(f"小节：{c.heading}")
        return f"{CITATION_FORMAT.format(n=self.n)} " + "｜".join(parts)

    def to_citation(self, n: int | None = None, quote: str = "") -> Citation:
        """This passage as a ``Citation`` numbered ``n`` (default: its own number)."""
        c = self.hit.chunk
        return Citation(
            n=self.n if n is None else n,
            notice_id=c.notice_id,
            unit=c.unit,
            title=c.title,
            source=c.source,
            text=c.text,
            heading=c.heading,
            chunk_id=c.id,
            score=self.hit.score,
            quote=quote,
            page=c.page,
            ocr_confidence=c.ocr_confidence,
        )


def number_passages(hits: Sequence[Hit], budget: int) -> tuple[Passage, ...]:
    """Number ``hits`` ``[1]..[n]`` in order, keeping as many as fit ``budget`` tokens.

    The passage that overflows is cut to the remaining budget when at least
    ``MIN_PASSAGE_TOKENS`` of it fit; the rest are left out. The first passage is always kept.

    Args:
        hits: Retrieved passages, best first.
        budget: Token budget of the whole passages block (headers included).

    Returns:
        The numbered passages.
    """
    out: list[Passage] = []
    used = 0
    for hit in hits:
        n = len(out) + 1
        draft = Passage(n, hit, hit.chunk.text)
        cost = tokens.count(draft.header) + tokens.count(draft.text) + 2
        if used + cost <= budget or not out:
            out.append(draft)
            used += cost
            continue
        room = budget - used - tokens.count(draft.header) - 2
        if room >= MIN_PASSAGE_TOKENS:
            out.append(Passage(n, hit, tokens.truncate(hit.chunk.text, room) + "……"))
        break
    return tuple(out)


def format_passages(passages: Iterable[Passage]) -> str:
    """The passages block of a prompt: a header line and the text of each, blank-line separated.

    >>> from core.types import Chunk, Hit
    >>> c = Chunk("c1", "n1", "某县林业局", "整改通报", "a.txt", ("一、整改情况",), "已完成。", 0, 4)
    >>> print(format_passages([Passage(1, Hit(c, 1.0), c.text)]))
    [1] 单位：某县林业局｜通报：整改通报｜小节：一、整改情况
    已完成。
    """
    return "\n\n".join(f"{p.header}\n{p.text}" for p in passages)


def normalize_markers(text: str) -> str:
    """Write every citation marker as ``[n]``: full-width, 【】 and grouped forms are split out.

    >>> normalize_markers("共5个［1］，另见【2】与[1, 3]，及[2-4]。")
    '共5个[1]，另见[2]与[1][3]，及[2][3][4]。'
    """

    def expand(m: re.Match[str]) -> str:
        body = m.group(1).translate(_FULLWIDTH_DIGITS)
        numbers: list[int] = []
        for part in re.split(r"\s*[,，、]\s*", body):
            ends = [int(x) for x in re.split(r"\s*[\-–~]\s*", part) if x]
            if len(ends) == 2 and 0 < ends[1] - ends[0] < 10:
                numbers.extend(range(ends[0], ends[1] + 1))
            else:
                numbers.extend(ends)
        return "".join(CITATION_FORMAT.format(n=n) for n in numbers)

    return _LOOSE_MARKER_RE.sub(expand, text)


def cited_numbers(text: str) -> list[int]:
    """The distinct numbers cited in ``text``, in order of first use.

    >>> cited_numbers("甲[2]，乙[1][2]，丙[2]。")
    [2, 1]
    """
    return list(dict.fromkeys(int(m.group(1)) for m in CITATION_RE.finditer(text)))


def strip_markers(text: str) -> str:
    """``text`` without citation markers.

    >>> strip_markers("已完成[1][2]。")
    '已完成。'
    """
    return CITATION_RE.sub("", text)


def has_content(text: str) -> bool:
    r"""Whether a reply says anything beyond citation markers, list numbers, white space and punctuation.

    >>> has_content("[1][2][3]"), has_content("［1］ 【2】\n。"), has_content("1. [1]\n二、[2]")
    (False, False, False)
    >>> has_content("共5个[1]。"), has_content("5[1]")
    (True, True)
    """
    bare = _ENUMERATOR_RE.sub("", strip_markers(normalize_markers(text)))
    return any(unicodedata.category(ch)[0] in "LN" for ch in bare)


@dataclass(frozen=True)
class Resolved:
    """A reply with its markers checked and renumbered."""

    text: str
    """The reply, markers renumbered ``1..m``, unknown ones removed."""
    citations: tuple[Citation, ...]
    """The passages cited, numbered as in ``text``."""
    dropped: tuple[int, ...]
    """Numbers cited that named no passage."""


def resolve(text: str, passages: Sequence[Passage], quotes: dict[int, str] | None = None) -> Resolved:
    """Check the markers of a reply against the passages given, and renumber them.

    Args:
        text: The reply with ``[n]`` markers (any of the forms ``normalize_markers`` knows).
        passages: The numbered passages the reply was written from.
        quotes: Optional exact span relied on per original passage number (for highlighting).

    Returns:
        The renumbered text, its citations and the numbers dropped.

    >>> from core.types import Chunk, Hit
    >>> ps = [Passage(i, Hit(Chunk(f"c{i}", "n", "甲局", "t", "s", (), f"段{i}", 0, 2), 1.0), f"段{i}") for i in (1, 2, 3)]
    >>> r = resolve("先说三[3]，再说一[1][9]，又是三[3][3]。", ps)
    >>> r.text, [c.chunk_id for c in r.citations], r.dropped
    ('先说三[1]，再说一[2]，又是三[1]。', ['c3', 'c1'], (9,))
    """
    by_n = {p.n: p for p in passages}
    text = normalize_markers(text)
    order: dict[int, int] = {}
    dropped: list[int] = []

    def renumber(m: re.Match[str]) -> str:
        old = int(m.group(1))
        if old not in by_n:
            if old not in dropped:
                dropped.append(old)
            return ""
        new = order.setdefault(old, len(order) + 1)
        return CITATION_FORMAT.format(n=new)

    out = CITATION_RE.sub(renumber, text)
    out = _REPEAT_RE.sub(r"\1", out)
    quotes = quotes or {}
    citations = tuple(by_n[old].to_citation(new, quotes.get(old, "")) for old, new in order.items())
    return Resolved(out, citations, tuple(dropped))
