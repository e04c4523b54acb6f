"""load → clean → split → chunk → embed → store, one file at a time; idempotent and crash-safe.

For each file: an unchanged hash (and recipe) skips it. Otherwise its chunks are embedded (only
those whose content-hash id is not stored yet), chunks and notices are written, and then the
file record is written: that record is the commit. Only after the commit are the previous
version's leftovers removed. A file that fails before its commit is reported and leaves nothing
that readers can see (readers follow file records); a file that was indexed before and now fails
or reads as empty keeps its previous version until it is fixed or removed. At the end, orphans of failed or
interrupted runs are removed, files that vanished from an indexed folder are pruned, the
keyword index is rebuilt, and an embedded store's read replica is published (``core.store.replica``:
what queries read, so that asking never writes to the store). A file lock serializes runs on one
store folder.

Parsing (load → chunk) runs in a worker process under a memory and a time budget
(``index.isolation``): a file over budget is skipped with the reason, like any unreadable file.
Every skipped or failed file is logged (logger ``index.pipeline``), and the report is returned
even when the run is interrupted (Ctrl-C): the files done by then are indexed, and it says so.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import AssistantError
from core.store.codec import FileRecord
from core.store.keyword import index_path, refresh
from core.store.lock import LOCK_TIMEOUT, IndexLocked, index_lock
from core.store.replica import publish
from index import isolation
from index.guards import FileLimits
from index.loaders import LEDGER_SUFFIXES, LoadError, iter_files
from index.parsing import ParseJob
from index.report import STAGES, IndexReport, StageTimer, low_confidence, recipe

__all__ = ["STAGES", "IndexBusy", "IndexReport", "build_index"]

if TYPE_CHECKING:
    from core.config import Settings
    from core.embeddings import Embedder
    from core.store.store import NoticeStore
    from core.types import Chunk
    from index.ocr import Page

log = logging.getLogger(__name__)

EMBED_BATCH = 64
"""Chunks per embedder call (the progress bar moves per batch)."""
STORE_BATCH = 512
"""Chunks per store write (a Chroma write has a large fixed cost, so fewer, larger writes)."""


Step = Callable[[str, int, int], None]
"""Progress inside a file: ``(source, passages embedded, passages to embed)``."""


class IndexBusy(AssistantError):
    """Another indexing run holds the lock of this store."""


def _sources(files: Sequence[Path], roots: Sequence[Path]) -> dict[Path, str]:
    """The source name of each file: its name, or its path under its folder where names collide."""
    counts = Counter(f.name for f in files)
    out: dict[Path, str] = {}
    for f in files:
        if counts[f.name] == 1:
            out[f] = f.name
            continue
        root = next((r for r in roots if f.is_relative_to(r)), f.parent.parent)
        out[f] = f.relative_to(root).as_posix()
    return out


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="file", file=sys.stderr, disable=not (enabled and sys.stderr.isatty()))


def build_index(
    paths: Iterable[Path | str],
    settings: Settings,
    embedder: Embedder,
    store: NoticeStore,
    *,
    progress: bool = True,
    prune: bool = False,
    lock_timeout: float = LOCK_TIMEOUT,
    on_step: Step | None = None,
    unit: str = "",
    on_page: Step | None = None,
) -> IndexReport:
    """Index files and folders into ``store``.

    Args:
        paths: Files and folders (folders are walked by ``iter_files``).
        settings: The chunk budget and the store folder (lock and keyword index live there).
        embedder: Makes the vectors; must be the store's embedder.
        store: Where the records go.
        progress: Show a progress bar on stderr (only when it is a terminal).
        prune: Remove indexed files that vanished from the given folders.
        lock_timeout: Seconds to wait for another run to finish before giving up.
        on_step: Called as ``on_step(source, embedded, to_embed)`` before a file's first batch
            of passages is embedded and after each batch (progress inside a file).
        unit: The unit a ledger (.xlsx/.xls) is filed under when its title and file name name none;
            remembered with the file, so a later run without it files the ledger the same way.
        on_page: Called as ``on_page(source, recognized, to_recognize)`` before text recognition
            of a file's scanned pages starts (``index.ocr``) and after each page; the report counts
            the recognized pages and lists those below ``Settings.ocr_min_confidence``.

    Raises:
        IndexBusy: Another run holds the lock.
        EmbedderMismatch: The store holds vectors of another embedder.
    """
    try:
        with index_lock(settings.store_dir, lock_timeout):
            store.bind(embedder)
            return _run(
                [Path(p) for p in paths], settings, embedder, store, progress, prune, (on_step, on_page), unit
            )
    except IndexLocked as exc:
        raise IndexBusy(f"另一个索引任务正在运行…(锁: {exc.path});请等它结束后再试") from None


def _run(
    paths: list[Path],
    settings: Settings,
    embedder: Embedder,
    store: NoticeStore,
    progress: bool,
    prune: bool,
    steps: tuple[Step | None, Step | None] = (None, None),
    unit: str = "",
) -> IndexReport:
    began = time.perf_counter()
    timer = StageTimer()
    skipped: list[tuple[str, str]] = []
    left_out: list[tuple[str, str]] = []
    recognized: list[tuple[str, Page]] = []
    errors: list[tuple[str, str]] = []
    missing = [p for p in paths if not p.exists()]
    skipped.extend((str(p), "文件或文件夹不存在") for p in missing)
    existing = [p for p in paths if p.exists()]
    files = [f.resolve() for f in iter_files(existing)] if existing else []
    files = list(dict.fromkeys(files))
    roots = [p.resolve() for p in existing if p.is_dir()]
    names = _sources(files, roots)
    records = store.files()
    for source, record in list(records.items()):  # same file, new name (a name collision appeared)
        if Path(record.path) in names and names[Path(record.path)] != source:
            store.delete_file(source)
            del records[source]
    current = recipe(settings)
    files_read = unchanged = embedded = chars = done = 0
    interrupted = False
    in_hand: str | None = None  # the file being indexed

    bar = _progress(len(files), progress)
    try:
        for path in files:
            source = in_hand = names[path]
            bar.set_postfix_str(source[-30:])
            try:
                outcome = _one_file(
                    path,
                    source,
                    records.get(source),
                    current,
                    settings,
                    embedder,
                    store,
                    timer,
                    bar,
                    steps,
                    unit,
                )
            except LoadError as exc:
                skipped.append((source, str(getattr(exc, "reason", None) or exc)))
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
                errors.append((source, _failure(exc)))
            else:
                unchanged += outcome is None
                if outcome is not None:
                    files_read += 1
                    embedded += outcome[0]
                    chars += outcome[1]
                    left_out.extend((f"{source} {part}", reason) for part, reason in outcome[2])
                    recognized.extend((source, p) for p in outcome[3] if p.ocr)
            done += 1
            in_hand = None
            bar.update(1)
    except KeyboardInterrupt:  # keep what is done, tidy up below, and say so in the report
        interrupted = True
        if in_hand is not None:
            skipped.append((in_hand, "索引被中断，此文件未索引"))
            done += 1
        log.warning("索引被中断：%d 个文件未处理", len(files) - done)
    finally:
        bar.close()
    for name, reason in skipped:
        log.warning("跳过 %s: %s", name, reason)
    for name, reason in errors:
        log.error("失败 %s: %s", name, reason)
    for name, reason in left_out:
        log.warning("未索引 %s: %s", name, reason)

    started = time.perf_counter()
    removed = _prune(store, roots, set(files)) if prune else 0
    _sweep_orphans(store)
    timer.add("store", started)

    started = time.perf_counter()
    if not index_path(settings.store_dir, store.prefix, store.fingerprint()).exists():
        refresh(store, settings.store_dir)
    started = timer.add("keyword", started)
    if not settings.chroma_url:  # embedded: readers read the replica, never the Chroma folder
        publish(store, settings.store_dir)
    timer.add("replica", started)

    return IndexReport(
        files_read=files_read,
        skipped=tuple(skipped),
        unchanged=unchanged,
        removed=removed,
        notices=len(store.committed_notice_ids()),
        chunks=len(store.committed_chunk_ids()),
        embedded=embedded,
        chars=chars,
        seconds=time.perf_counter() - began,
        stage_seconds=timer.seconds,
        errors=tuple(errors),
        interrupted=interrupted,
        pending=len(files) - done,
        left_out=tuple(left_out),
        ocr_pages=len(recognized),
        low_confidence=low_confidence(recognized, settings.ocr_min_confidence),
    )


def _one_file(
    path: Path,
    source: str,
    old: FileRecord | None,
    recipe: str,
    settings: Settings,
    embedder: Embedder,
    store: NoticeStore,
    timer: StageTimer,
    bar: Any,
    steps: tuple[Step | None, Step | None] = (None, None),
    unit: str = "",
) -> tuple[int, int, tuple[tuple[str, str], ...], tuple[Page, ...]] | None:
    """Index one file unless it is unchanged; returns (chunks embedded, characters, parts left out, page map).

    None means unchanged. A ledger's recipe names the unit given with it (``;unit=…``); given
    none, the unit it was indexed under before is kept.

    Raises:
        LoadError: The file is skipped, with the reason (too large, unreadable, over a budget …).
    """
    try:
        size = path.stat().st_size
        if size > settings.max_file_mb * 2**20:  # never read into memory
            raise LoadError(_too_large(size, settings.max_file_mb), path)
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"无法读取: {exc.strerror or exc}", path) from None
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() in LEDGER_SUFFIXES:
        unit = " ".join(unit.split()) or _given_unit(old, recipe)
        recipe = f"{recipe};unit={unit}" if unit else recipe
    if old is not None and old.sha256 == sha and old.recipe == recipe:
        return None
    outcome = _index_file(path, source, data, sha, recipe, settings, embedder, store, timer, bar, steps, unit)
    if old is not None:
        store.release(old)
    return outcome


def _index_file(
    path: Path,
    source: str,
    data: bytes,
    sha: str,
    recipe: str,
    settings: Settings,
    embedder: Embedder,
    store: NoticeStore,
    timer: StageTimer,
    bar: Any,
    steps: tuple[Step | None, Step | None] = (None, None),
    unit: str = "",
) -> tuple[int, int, tuple[tuple[str, str], ...], tuple[Page, ...]]:
    """Parse one file (in the worker), embed and store what is new, and commit it."""
    on_step, on_page = steps

    def page(done: int, total: int) -> None:
        bar.set_postfix_str(f"{source[-20:]} 文字识别 {done}/{total} 页")
        if on_page is not None:
            on_page(source, done, total)

    job = ParseJob(path, source, data, settings.chunk_tokens, FileLimits.from_settings(settings), unit)
    parsed = isolation.parse(job, settings, page)
    timer.merge(parsed.seconds)
    notices, chunks = parsed.notices, {c.id: c for c in parsed.chunks}

    t = time.perf_counter()
    stored = store.stored_chunk_ids(list(chunks))
    todo = [c for cid, c in chunks.items() if cid not in stored]
    t = timer.add("store", t)
    pending: list[Chunk] = []
    vectors: list[list[float]] = []
    if on_step is not None:
        on_step(source, 0, len(todo))
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start : start + EMBED_BATCH]
        vectors.extend(embedder.embed_documents([c.search_text for c in batch]))
        pending.extend(batch)
        t = timer.add("embed", t)
        bar.set_postfix_str(f"{source[-20:]} {start + len(batch)}/{len(todo)}")
        if on_step is not None:
            on_step(source, start + len(batch), len(todo))
        if len(pending) >= STORE_BATCH or start + EMBED_BATCH >= len(todo):
            store.upsert_chunks(pending, vectors)
            pending, vectors = [], []
            t = timer.add("store", t)
    store.upsert_notices(notices)
    store.put_file(
        FileRecord(
            source=source,
            path=str(path),
            sha256=sha,
            notice_ids=tuple(n.id for n in notices),
            chunk_ids=tuple(chunks),
            indexed_at=datetime.now(UTC).isoformat(timespec="microseconds"),
            recipe=recipe,
        )
    )
    timer.add("store", t)
    log.info(
        "已索引 %s: 通报 %d 篇，段落 %d 个（新嵌入 %d 个）", source, len(notices), len(chunks), len(todo)
    )
    return len(todo), parsed.chars, parsed.left_out, parsed.pages


def _given_unit(old: FileRecord | None, recipe: str) -> str:
    """The unit a ledger was indexed under before by the same recipe (``…;unit=某局``), or ''.

    >>> _given_unit(FileRecord("a.xlsx", "/a.xlsx", "0", (), (), "", "v1;unit=甲局"), "v1")
    '甲局'
    """
    if old is None or not old.recipe.startswith(f"{recipe};unit="):
        return ""
    return old.recipe[len(recipe) + len(";unit=") :]


def _failure(exc: Exception) -> str:
    """How a file's failure is reported: the error's type and message."""
    return str(exc) if isinstance(exc, isolation.ParseFailed) else f"{type(exc).__name__}: {exc}"


def _too_large(size: int, limit_mb: float) -> str:
    """Why a file is skipped for its size.

    >>> _too_large(50 * 2**20, 20)
    '文件过大（50.0 MB，上限 20 MB；可调整 ASSISTANT_MAX_FILE_MB）'
    """
    return f"文件过大（{size / 2**20:.1f} MB，上限 {limit_mb:g} MB；可调整 ASSISTANT_MAX_FILE_MB）"


def _prune(store: NoticeStore, roots: Sequence[Path], present: set[Path]) -> int:
    """Uncommit the files recorded under ``roots`` that are no longer there."""
    removed = 0
    for source, record in store.files().items():
        path = Path(record.path)
        if path in present or not any(path.is_relative_to(r) for r in roots):
            continue
        store.delete_file(source)
        removed += 1
    return removed


def _sweep_orphans(store: NoticeStore) -> None:
    """Remove chunks and notices no committed file references (leftovers of failed runs)."""
    chunks, notices = store.stored_counts()
    committed_chunks, committed_notices = store.committed_chunk_ids(), store.committed_notice_ids()
    if chunks > len(committed_chunks):
        store.delete_chunks(store.stored_chunk_ids() - committed_chunks)
    if notices > len(committed_notices):
        store.delete_notices(store.stored_notice_ids() - committed_notices)
