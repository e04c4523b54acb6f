"""Structure-aware chunks of one notice, within a token budget.

A notice is first cut at its line-start headings (inline ``一是`` enumerators stay inside their
paragraph), at the edges of its numbered problems and before the public-supervision block. Small
neighbouring sections are then merged when they sit under the same heading and belong to the same
problem (or to none), and long sections are packed sentence by sentence (``。！？；`` and line
ends); a single sentence longer than the budget is cut at commas, then at characters.

The budget bounds ``count(chunk.text)`` (cl100k tokens); the title, unit and heading path that
``Chunk.search_text`` puts in front are not counted. Every chunk satisfies
``notice.text[chunk.start:chunk.end] == chunk.text``; its id hashes notice id, heading path and
text, so rebuilding gives the same ids.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from core import tokens
from core.sentences import CLAUSE_ENDS
from core.sentences import spans as sentence_spans
from core.types import Chunk, Notice
from index.headings import Outline
from index.notice_text import read

_CLOSING_RE = re.compile(r"^[ \t\u3000]*欢迎[^。\n]{0,40}?监督", re.MULTILINE)
_CLAUSE_MARKS = "，,、：:"
_CLAUSE_RE = re.compile(rf"[^{_CLAUSE_MARKS}]*(?:[{_CLAUSE_MARKS}]+|$)")
_ENUM_START_RE = re.compile(r"[一二三四五六七八九十]{1,3}是|[（(]\d{1,2}[）)]|[①-⑳]")


@dataclass
class _Piece:
    start: int
    end: int
    path: tuple[str, ...]
    problem: int | None


def _boundaries(notice: Notice, outline: Outline) -> list[int]:
    cuts = {0, len(notice.text)}
    cuts.update(h.start for h in outline.headings if not h.inline)
    for p in notice.problems:
        cuts.update((p.start, p.end))
    norm = read(notice.text).norm
    cuts.update(m.start() for m in _CLOSING_RE.finditer(norm))
    return sorted(c for c in cuts if 0 <= c <= len(notice.text))


def _problem_at(notice: Notice, starts: list[int], start: int, end: int) -> int | None:
    """The problem holding ``[start, end)``; problems are disjoint and in text order (``starts``)."""
    i = bisect_right(starts, start) - 1
    if i >= 0 and notice.problems[i].start <= start and end <= notice.problems[i].end:
        return i
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sections(notice: Notice, outline: Outline) -> list[_Piece]:
    cuts = _boundaries(notice, outline)
    norm = read(notice.text).norm
    closing = [m.start() for m in _CLOSING_RE.finditer(norm)]
    heads = [h.start for h in outline.headings if not h.inline]
    problem_starts = [p.start for p in notice.problems]
    out: list[_Piece] = []
    for a, b in pairwise(cuts):
        s, e = _trim(notice.text, a, b)
        if s >= e:
            continue
        # inside the supervision block: after its start, with no line-start heading in between
        c = bisect_right(closing, s) - 1
        in_closing = c >= 0 and bisect_right(heads, s) == bisect_right(heads, closing[c])
        path = () if in_closing else tuple(h.title for h in outline.path(s) if h.title)
        out.append(_Piece(s, e, path, _problem_at(notice, problem_starts, s, e)))
    return out


def _common(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _mergeable(a: _Piece, b: _Piece) -> bool:
    """Same problem (or none), and ``b`` is a child or a sibling of ``a`` under a named heading."""
    if a.problem != b.problem:
        return False
    if a.problem is not None:
        return True
    if not a.path:
        return not b.path
    if b.path[: len(a.path)] == a.path:
        return True
    return len(a.path) == len(b.path) > 1 and a.path[:-1] == b.path[:-1]


def _merge(text: str, pieces: list[_Piece], budget: int) -> list[_Piece]:
    out: list[_Piece] = []
    for p in pieces:
        if out and _mergeable(out[-1], p) and tokens.within(text, budget, out[-1].start, p.end):
            last = out[-1]
            out[-1] = _Piece(last.start, p.end, _common(last.path, p.path), last.problem)
        else:
            out.append(p)
    return out


def _hard_split(text: str, start: int, end: int, budget: int) -> list[tuple[int, int]]:
    """Cut one over-long sentence at commas, then at characters.

    Each cut reads only the next budget's worth of text, so a sentence of any length (a line of
    text without punctuation) is cut in time linear in its length.
    """
    out: list[tuple[int, int]] = []
    cur = start
    while cur < end:
        nxt = _last_fit(text, cur, end, budget)
        out.append((cur, nxt))
        cur = nxt
    return out


def _last_fit(text: str, start: int, end: int, budget: int) -> int:
    """The furthest clause end (or, failing that, character) from ``start`` that fits the budget."""
    reach = tokens.prefix_end(text, budget, start, end)
    if reach >= end:
        return end
    best = None
    for m in _CLAUSE_RE.finditer(text, start, reach):
        b = m.end()
        if b > start and text[b - 1] in _CLAUSE_MARKS:
            best = b
    return best if best is not None else max(reach, start + 1)


def _pack(text: str, piece: _Piece, budget: int) -> list[tuple[int, int]]:
    """Sentences packed greedily up to the budget.

    Past half of the budget, a new paragraph or a new ``一是/二是`` measure starts a new chunk.
    Sentence counts are added up (cl100k counts are close to additive) and each chunk is then
    checked with an exact count; one that is over is packed again with exact counts.
    """
    if tokens.within(text, budget, piece.start, piece.end):
        return [(piece.start, piece.end)]
    spans = _greedy(text, piece.start, piece.end, budget, exact=False)
    out: list[tuple[int, int]] = []
    for a, b in spans:
        out.extend([(a, b)] if tokens.within(text, budget, a, b) else _greedy(text, a, b, budget, exact=True))
    return [span for span in (_trim(text, a, b) for a, b in out) if span[0] < span[1]]


def _greedy(text: str, start: int, end: int, budget: int, *, exact: bool) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    cur_start: int | None = None
    cur_end, cur_tokens = start, 0
    for a, b in sentence_spans(text, CLAUSE_ENDS, start, end):
        n = tokens.capped_count(text, budget, a, b)
        if cur_start is not None:
            grown = tokens.capped_count(text, budget, cur_start, b) if exact else cur_tokens + n
            soft = _starts_part(text, a) and cur_tokens * 2 >= budget
            if grown <= budget and not soft:
                cur_end, cur_tokens = b, grown
                continue
            out.append((cur_start, cur_end))
        if n <= budget:
            cur_start, cur_end, cur_tokens = a, b, n
        else:
            out.extend(_hard_split(text, a, b, budget))
            cur_start = None
    if cur_start is not None:
        out.append((cur_start, cur_end))
    return out


def _starts_part(text: str, pos: int) -> bool:
    """Whether a sentence at ``pos`` opens a paragraph or an enumerated measure."""
    while pos < len(text) and text[pos] in " \t\u3000\n":
        pos += 1
    return (pos == 0 or text[pos - 1] == "\n") or bool(_ENUM_START_RE.match(text, pos))


def chunk_id(notice_id: str, heading_path: tuple[str, ...], text: str) -> str:
    """Content hash of a chunk: sha256 of notice id, heading path and text, 24 hex digits."""
    key = "\x1f".join((notice_id, "\x1e".join(heading_path), text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def chunk_notice(notice: Notice, max_tokens: int) -> list[Chunk]:
    """Cut a notice into retrievable chunks.

    Args:
        notice: The notice, with its problems already extracted.
        max_tokens: Upper bound of ``tokens.count(chunk.text)``.

    Returns:
        Chunks in text order; none spans two problems, each carries its heading path.
    """
    if max_tokens < 1:
        raise ValueError("max_tokens must be positive")
    outline = read(notice.text).outline
    pieces = _merge(notice.text, _sections(notice, outline), max_tokens)
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for piece in pieces:
        for a, b in _pack(notice.text, piece, max_tokens):
            text = notice.text[a:b]
            cid = chunk_id(notice.id, piece.path, text)
            if cid in seen:  # the same words twice under one heading: tell them apart by place
                cid = chunk_id(notice.id, piece.path, f"{a}:{text}")
            seen.add(cid)
            chunks.append(
                Chunk(
                    id=cid,
                    notice_id=notice.id,
                    unit=notice.unit,
                    title=notice.title,
                    source=notice.source,
                    heading_path=piece.path,
                    text=text,
                    start=a,
                    end=b,
                    ordinal=len(chunks),
                    problem=piece.problem,
                )
            )
    return chunks
