"""The chunks of a ledger record: its head, then a few problems (spreadsheet rows) of one 方面 each.

Every row of a ledger record is written with its column names (``index.ledger``), so each chunk
carries the header of the rows it holds; the heading path is the ledger's title and the 方面.
"""

from __future__ import annotations

from core import tokens
from core.types import Chunk, Notice
from index.chunking import chunk_id

ROWS_PER_CHUNK = 3
"""Problems per chunk at most (fewer when the token budget is reached first)."""


def ledger_chunks(notice: Notice, budget: int) -> list[Chunk]:
    """The chunks of a ledger record: its head, then up to ``ROWS_PER_CHUNK`` problems of one 方面 each.

    A problem longer than the budget is cut at its cell separators, then at the budget.
    """
    text = notice.text
    head_end = notice.problems[0].start if notice.problems else len(text)
    spans: list[tuple[int, int, tuple[str, ...], int | None]] = [(0, head_end, (), None)]
    group: list[int] = []

    def flush() -> None:
        if group:
            a, b = notice.problems[group[0]].start, notice.problems[group[-1]].end
            spans.append((a, b, notice.problems[group[0]].path, group[0] if len(group) == 1 else None))
            group.clear()

    for i, p in enumerate(notice.problems):
        if group and (
            len(group) >= ROWS_PER_CHUNK
            or notice.problems[group[0]].path != p.path
            or not tokens.within(text, budget, notice.problems[group[0]].start, p.end)
        ):
            flush()
        group.append(i)
    flush()
    out: list[Chunk] = []
    for a, b, path, problem in spans:
        heading = (notice.title, *path)
        for s, e in _fit(text, a, b, budget):
            piece = text[s:e].strip()
            if not piece:
                continue
            s = text.index(piece, s)
            out.append(
                Chunk(
                    id=chunk_id(notice.id, heading, f"{s}:{piece}"), notice_id=notice.id, unit=notice.unit,
                    title=notice.title, source=notice.source, heading_path=heading, text=piece, start=s,
                    end=s + len(piece), ordinal=len(out), problem=problem,
                )
            )  # fmt: skip
    return out


def _fit(text: str, start: int, end: int, budget: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut into pieces within ``budget`` tokens, at ``｜`` where one is near."""
    out: list[tuple[int, int]] = []
    cur = start
    while cur < end:
        reach = tokens.prefix_end(text, budget, cur, end)
        if reach < end:
            cut = text.rfind("｜", cur + 1, reach)
            reach = cut if cut > cur else max(reach, cur + 1)
        out.append((cur, reach))
        cur = reach
    return out
