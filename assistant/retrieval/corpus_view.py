"""``CorpusView``: the read-only snapshot of the index that retrieval works on, and notice filters.

The snapshot holds the committed notices and chunks, the unit directory and the keyword index of
one store fingerprint; ``Assistant`` reloads it when the fingerprint changes. ``notice_years``
and ``notice_level`` are what the year and level filters compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.reading.units import UnitDirectory
from core.normalize import to_search
from core.types import Chunk, Level, Notice

if TYPE_CHECKING:
    from core.config import Settings
    from core.store.keyword import KeywordIndex
    from core.store.replica import NoticeReader

_YEAR_RE = re.compile(r"(?:19|20)\d{2}(?=年)")


@dataclass(frozen=True)
class CorpusView:
    """A read-only snapshot of the index: committed notices and chunks, units, keyword index."""

    fingerprint: str
    """``NoticeStore.fingerprint()`` when the snapshot was taken."""
    notices: tuple[Notice, ...]
    """Committed notices in file order."""
    chunks: dict[str, Chunk]
    """Committed chunks by id."""
    keyword: KeywordIndex
    """The BM25 index of exactly these chunks."""
    directory: UnitDirectory
    """The units of ``notices``."""
    chunk_ids_by_notice: dict[str, tuple[str, ...]]
    """Chunk ids of each notice, in reading order."""

    @classmethod
    def load(cls, store: NoticeReader, settings: Settings, attempts: int = 5) -> CorpusView:
        """Read one committed state of ``store`` (the keyword index from beside the store).

        A read-only ``store`` (the published read replica) gets no keyword index saved beside it: one
        that is missing is built in memory.

        Another process may commit files while this reads (a shared Chroma server); the reads
        are repeated until the fingerprint is the same before and after them, so notices, chunks
        and keyword index describe the same state. When commits keep coming for ``attempts``
        reads, the last read is made consistent (notices and chunks that have each other, a
        keyword index of exactly those chunks) and kept under the fingerprint it started from, so
        the next call reloads.
        """
        from core.store.keyword import KeywordIndex, for_store

        for _ in range(attempts):
            fingerprint = store.fingerprint()
            keyword = for_store(store, settings.store_dir, save=not store.read_only)
            notices = tuple(store.notices())
            chunks = {c.id: c for c in store.chunks()}
            if store.fingerprint() == fingerprint:
                break
        else:
            have_chunks = {c.notice_id for c in chunks.values()}
            notices = tuple(n for n in notices if n.id in have_chunks)
            kept = {n.id for n in notices}
            chunks = {i: c for i, c in chunks.items() if c.notice_id in kept}
            if set(keyword.ids) != set(chunks):
                keyword = KeywordIndex.build(list(chunks.values()))
        by_notice: dict[str, list[str]] = {}
        for c in chunks.values():
            by_notice.setdefault(c.notice_id, []).append(c.id)
        return cls(
            fingerprint,
            notices,
            chunks,
            keyword,
            UnitDirectory.from_notices(notices),
            {k: tuple(v) for k, v in by_notice.items()},
        )


def notice_years(notice: Notice) -> set[int]:
    """Years of the notice's signature, feedback and inspection dates (the title's when none).

    >>> from core.types import Fact, NoticeFacts
    >>> f = NoticeFacts(signed=Fact("2021年3月3日", "", 0, 0))
    >>> sorted(notice_years(Notice("n", "单位", "2020年通报", "s", "", "", facts=f)))
    [2021]
    """
    f = notice.facts
    dated = [x.value for x in (f.signed, f.feedback_date, f.inspection_period) if x is not None]
    years = {int(y) for v in dated for y in _YEAR_RE.findall(to_search(v))}
    return years or {int(y) for y in _YEAR_RE.findall(to_search(notice.title))}


def notice_level(notice: Notice) -> Level | None:
    """巡视 or 巡察: the level fact, else the only one of the two the title names."""
    if notice.facts.level is not None and notice.facts.level.value in ("巡视", "巡察"):
        return "巡视" if notice.facts.level.value == "巡视" else "巡察"
    title = to_search(notice.title)
    if ("巡视" in title) != ("巡察" in title):
        return "巡视" if "巡视" in title else "巡察"
    return None
