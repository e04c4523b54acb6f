"""One file's bytes to notices and chunks: load → clean → split (with facts) → chunk.

A spreadsheet (.xlsx, .xls) is a rectification ledger and is read by ``index.ledger`` instead:
one ledger record per understood sheet, its sheets left out named with the reason.

This is everything indexing does with what a file says, and so everything a hostile file can make
expensive; ``index.isolation`` runs it in a worker process under a memory and a time budget. It
touches no store and no model, and its result is a plain record that crosses the process boundary.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from core.types import Chunk, Notice
from index import ocr
from index.chunking import chunk_notice
from index.cleaning import clean
from index.guards import FileLimits
from index.ledger import read_ledger
from index.loaders import LEDGER_SUFFIXES, LoadError, load_data
from index.provenance import page_starts, with_pages
from index.splitting import parse_notices


@dataclass(frozen=True)
class ParseJob:
    """What parsing one file needs."""

    path: Path
    """The file (its suffix picks the reader; it is not read again)."""
    source: str
    """The name the file is indexed under."""
    data: bytes
    """The file's bytes, as read and hashed by the indexer."""
    chunk_tokens: int
    """Upper bound of a chunk in tokens."""
    limits: FileLimits = field(default_factory=FileLimits)
    """What the file may declare (unpacked size, pixels, pages)."""
    unit: str = ""
    """The unit given with the file: a ledger whose title and file name name none is filed under it."""


@dataclass(frozen=True)
class ParsedFile:
    """The notices and chunks read from one file."""

    notices: tuple[Notice, ...]
    """The notices, in file order."""
    chunks: tuple[Chunk, ...]
    """Their chunks in order, each id once."""
    chars: int
    """Characters of cleaned text."""
    seconds: dict[str, float]
    """Seconds spent in ``load``, ``clean``, ``split`` and ``chunk``."""
    left_out: tuple[tuple[str, str], ...] = ()
    """Parts of the file not indexed, with the reason (a ledger's sheet that cannot be understood)."""
    pages: tuple[ocr.Page, ...] = ()
    """The page map of a PDF or an image: which pages were recognized, with what confidence."""


def parse_file(job: ParseJob, on_page: ocr.PageProgress | None = None) -> ParsedFile:
    """Parse one file; ``on_page(done, total)`` follows text recognition page by page, if any.

    Raises:
        LoadError: The file cannot be read, is over a limit, is empty once cleaned, or holds no notice.
    """
    seconds: dict[str, float] = {}
    started = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal started
        now = time.perf_counter()
        seconds[stage] = now - started
        started = now

    if job.path.suffix.lower() in LEDGER_SUFFIXES:
        ledger = read_ledger(job.data, job.path, job.source, job.unit, job.chunk_tokens, job.limits)
        lap("load")
        return ParsedFile(ledger.notices, ledger.chunks, ledger.chars, seconds, ledger.left_out)
    with ocr.reporting(on_page):
        raw = load_data(job.data, job.path, job.source, job.limits)
    lap("load")
    text = clean(raw.text)
    lap("clean")
    if not text.strip():
        raise LoadError("清理后没有正文", job.path)
    notices = parse_notices(text, job.source)
    lap("split")
    if not notices:
        raise LoadError("没有找到通报", job.path)
    chunks: dict[str, Chunk] = {}
    for notice in notices:
        for chunk in chunk_notice(notice, job.chunk_tokens):
            chunks.setdefault(chunk.id, chunk)
    located = with_pages(tuple(chunks.values()), raw.text, raw.pages)
    if raw.pages:
        notices = [replace(n, pages=page_starts(n.id, located)) for n in notices]
    lap("chunk")
    return ParsedFile(tuple(notices), located, len(text), seconds, pages=raw.pages)
