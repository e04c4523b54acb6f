"""The read replica: the committed state as plain files beside the store, so that asking never writes.

Embedded Chroma writes to its folder whenever a client opens it, for reading too: on every start
its Rust layer records a write lock in ``chroma.sqlite3`` (a row in ``acquire_write``), and a
collection it loads gets its vector index files rewritten. It has no read-only mode. So queries do
not open it. After every change of the committed state (an indexing run, a removed file) the
writer publishes that state, under the index lock:

    <store_dir>/replica/<collection>-<fingerprint>/
        notices.jsonl   one notice per line (``codec.notice_to_json``), in file order
        chunks.jsonl    one chunk per line (``codec.chunk_to_metadata``), in file and reading order
        vectors.npy     float32, one row per line of chunks.jsonl
        meta.json       fingerprint, collection, embedder
    <store_dir>/replica/<collection>.current    the fingerprint readers read

The folder is written under a temporary name and renamed, then the pointer file is replaced (both
atomic), so a reader sees a whole replica or the previous one; the previous one is kept (a reader
may be loading it), older ones are removed.

``ReplicaReader`` has the read side of ``NoticeStore`` that queries use (``fingerprint``,
``notices``, ``chunks``, ``query``: the ``NoticeReader`` protocol) and opens every file for
reading only. Its dense search is exact: one matrix product over the memory-mapped vectors. A
Chroma server is read directly (reading it writes nothing in the store folder).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from core.errors import EmbedderMismatch
from core.store.codec import chunk_from_metadata, chunk_to_metadata, notice_from_json, notice_to_json
from core.types import Chunk, Notice

if TYPE_CHECKING:
    from core.embeddings import Embedder
    from core.store.store import NoticeStore

log = logging.getLogger(__name__)

LOAD_ATTEMPTS = 3
"""Times a reader retries a replica that vanished while it was being read (a newer one replaced it)."""


class NoticeReader(Protocol):
    """What queries read: the committed notices and chunks, and dense search over the chunks."""

    prefix: str
    """The collection prefix."""
    read_only: bool
    """True when readers must not write derived data (the keyword index) beside the store."""

    def fingerprint(self) -> str:
        """A short hash of the committed state; it changes with every commit."""
        ...

    def notices(self, ids: Sequence[str] | None = None) -> list[Notice]:
        """Committed notices: all (in file order) or those of ``ids`` (in that order)."""
        ...

    def chunks(self, ids: Sequence[str] | None = None) -> list[Chunk]:
        """Committed chunks: all (in file and reading order) or those of ``ids`` (in that order)."""
        ...

    def query(
        self,
        vector: Sequence[float],
        k: int,
        notice_ids: Collection[str] | None = None,
        chunk_ids: Collection[str] | None = None,
        committed: Collection[str] | None = None,
    ) -> list[tuple[str, float]]:
        """The ``k`` chunks nearest to ``vector`` as (chunk id, cosine similarity), best first."""
        ...

    def check_embedder(self, embedder: Embedder) -> None:
        """Make sure a query vector from ``embedder`` can be compared with the stored ones.

        Raises:
            EmbedderMismatch: The chunks were embedded by another embedder.
        """
        ...


def replica_dir(store_dir: Path) -> Path:
    """The folder that holds the read replicas of a store."""
    return Path(store_dir) / "replica"


def _pointer(root: Path, prefix: str) -> Path:
    return root / f"{prefix}.current"


def current_fingerprint(store_dir: Path, prefix: str) -> str | None:
    """The fingerprint of the replica readers read, or None when none was published."""
    try:
        return _pointer(replica_dir(store_dir), prefix).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def publish(store: NoticeStore, store_dir: Path) -> Path:
    """Write the committed state of ``store`` as the replica readers read (nothing when it is current).

    Call it where the state changes, holding the index lock.

    Returns:
        The replica folder.
    """
    fingerprint = store.fingerprint()
    root = replica_dir(store_dir)
    target = root / f"{store.prefix}-{fingerprint}"
    previous = current_fingerprint(store_dir, store.prefix)
    if not target.is_dir():
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{store.prefix}-", dir=root))
        try:
            _write(store, fingerprint, tmp)
            os.replace(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    if previous != fingerprint:
        fd, name = tempfile.mkstemp(prefix=f".{store.prefix}-", suffix=".current", dir=root)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(fingerprint)
        os.replace(name, _pointer(root, store.prefix))
    keep = {target.name, f"{store.prefix}-{previous}"}
    for old in _replicas(root, store.prefix):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    for left in root.glob(f".{store.prefix}-*"):  # a run killed while publishing (the lock is ours now)
        if left.is_dir():
            shutil.rmtree(left, ignore_errors=True)
        else:
            left.unlink(missing_ok=True)
    return target


def withdraw(store_dir: Path, prefix: str) -> None:
    """Remove the replicas of collection ``prefix`` (its collections were dropped, to be rebuilt)."""
    root = replica_dir(store_dir)
    _pointer(root, prefix).unlink(missing_ok=True)
    for old in _replicas(root, prefix):
        shutil.rmtree(old, ignore_errors=True)


def _replicas(root: Path, prefix: str) -> list[Path]:
    """The replica folders of collection ``prefix`` (not those of a longer prefix that starts with it)."""
    name = re.compile(rf"{re.escape(prefix)}-[0-9a-f]{{16}}")
    return (
        [p for p in root.glob(f"{prefix}-*") if p.is_dir() and name.fullmatch(p.name)]
        if root.is_dir()
        else []
    )


def _write(store: NoticeStore, fingerprint: str, folder: Path) -> None:
    notices = store.notices()
    chunks = store.chunks()
    found, matrix = store.vectors([c.id for c in chunks])
    if found != [c.id for c in chunks]:
        raise RuntimeError("the store lost chunk vectors while a replica was written")
    with (folder / "notices.jsonl").open("w", encoding="utf-8") as f:
        f.writelines(notice_to_json(n) + "\n" for n in notices)
    with (folder / "chunks.jsonl").open("w", encoding="utf-8") as f:
        f.writelines(
            json.dumps({"id": c.id, **chunk_to_metadata(c)}, ensure_ascii=False) + "\n" for c in chunks
        )
    np.save(folder / "vectors.npy", matrix.astype(np.float32))
    meta = {"fingerprint": fingerprint, "collection": store.prefix, "embedder": store.embedder_name}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


@dataclass(frozen=True)
class _Replica:
    """One loaded replica: records by id, and the vectors with their row of each chunk."""

    fingerprint: str
    embedder: str
    notices: dict[str, Notice]
    chunks: dict[str, Chunk]
    ids: tuple[str, ...]
    rows: dict[str, int]
    vectors: np.ndarray
    norms: np.ndarray

    @classmethod
    def empty(cls) -> _Replica:
        """Nothing published yet."""
        return cls("", "", {}, {}, (), {}, np.zeros((0, 0), np.float32), np.zeros(0, np.float32))

    @classmethod
    def read(cls, folder: Path, fingerprint: str) -> _Replica:
        """Load the replica in ``folder`` (vectors memory-mapped, read only)."""
        embedder = str(json.loads((folder / "meta.json").read_text(encoding="utf-8")).get("embedder", ""))
        with (folder / "notices.jsonl").open(encoding="utf-8") as f:
            notices = [notice_from_json(line) for line in f if line.strip()]
        with (folder / "chunks.jsonl").open(encoding="utf-8") as f:
            chunks = [chunk_from_metadata(str(m["id"]), m) for m in map(json.loads, f)]
        vectors = np.load(folder / "vectors.npy", mmap_mode="r")
        if len(vectors) != len(chunks):
            raise ValueError(f"replica {folder.name}: {len(chunks)} chunks but {len(vectors)} vectors")
        ids = tuple(c.id for c in chunks)
        norms = np.linalg.norm(vectors, axis=1) if ids else np.zeros(0, np.float32)
        return cls(
            fingerprint,
            embedder,
            {n.id: n for n in notices},
            dict(zip(ids, chunks, strict=True)),
            ids,
            {c: i for i, c in enumerate(ids)},
            vectors,
            norms,
        )

    def scores(self, vector: Sequence[float], rows: np.ndarray | None) -> np.ndarray:
        """Cosine similarity of ``vector`` with the chunks of ``rows`` (all when None)."""
        query = np.asarray(vector, dtype=np.float32)
        matrix = np.asarray(self.vectors if rows is None else self.vectors[rows])
        norms = (self.norms if rows is None else self.norms[rows]) * (float(np.linalg.norm(query)) or 1.0)
        return np.asarray((matrix @ query) / np.where(norms > 0, norms, 1.0))


class ReplicaReader:
    """Reads the published replica of one collection (``NoticeReader``); writes nothing anywhere."""

    read_only = True

    def __init__(self, store_dir: Path, prefix: str, embedder_name: str) -> None:
        """Read the replicas of collection ``prefix`` under ``store_dir`` (nothing is read yet).

        Args:
            store_dir: The store folder.
            prefix: The collection prefix.
            embedder_name: The embedder of the caller: a query vector from it is refused when the
                replica was built with another (listing notices and chunks needs none).
        """
        self.store_dir = Path(store_dir)
        self.prefix = prefix
        self.embedder_name = embedder_name
        self._loaded: _Replica | None = None

    def fingerprint(self) -> str:
        """The published fingerprint ('' before anything was published)."""
        return current_fingerprint(self.store_dir, self.prefix) or ""

    def _replica(self) -> _Replica:
        """The current replica, loaded when the pointer moved."""
        for _ in range(LOAD_ATTEMPTS):
            fingerprint = self.fingerprint()
            loaded = self._loaded
            if loaded is not None and loaded.fingerprint == fingerprint:
                return loaded
            if not fingerprint:
                self._loaded = _Replica.empty()
                return self._loaded
            folder = replica_dir(self.store_dir) / f"{self.prefix}-{fingerprint}"
            try:
                self._loaded = _Replica.read(folder, fingerprint)
                return self._loaded
            except FileNotFoundError:
                log.info("replica %s replaced while being read; reading the new one", folder.name)
        raise FileNotFoundError(f"no readable replica of {self.prefix} in {replica_dir(self.store_dir)}")

    def check_embedder(self, embedder: Embedder) -> None:
        """Make sure a query vector from ``embedder`` can be compared with the replica's.

        Raises:
            EmbedderMismatch: The replica was built with another embedder.
        """
        built = self._replica().embedder
        if built and built != embedder.name:
            raise EmbedderMismatch.between(built, embedder.name)

    def notices(self, ids: Sequence[str] | None = None) -> list[Notice]:
        """Committed notices: all (in file order) or those of ``ids`` (in that order)."""
        by_id = self._replica().notices
        return list(by_id.values()) if ids is None else [by_id[i] for i in ids if i in by_id]

    def chunks(self, ids: Sequence[str] | None = None) -> list[Chunk]:
        """Committed chunks: all (in file and reading order) or those of ``ids`` (in that order)."""
        by_id = self._replica().chunks
        return list(by_id.values()) if ids is None else [by_id[i] for i in ids if i in by_id]

    def query(
        self,
        vector: Sequence[float],
        k: int,
        notice_ids: Collection[str] | None = None,
        chunk_ids: Collection[str] | None = None,
        committed: Collection[str] | None = None,
    ) -> list[tuple[str, float]]:
        """The ``k`` chunks nearest to ``vector`` (exact cosine), within the scopes given, best first.

        Args:
            vector: The query vector (same embedder as the replica).
            k: How many to return at most.
            notice_ids: When given, only chunks of these notices.
            chunk_ids: When given, only these chunks.
            committed: The chunk ids of the caller's view of the index (it may be older than the
                current replica); only these are returned.
        """
        rep = self._replica()
        if rep.embedder and rep.embedder != self.embedder_name:
            raise EmbedderMismatch.between(rep.embedder, self.embedder_name)
        if k <= 0 or not rep.ids:
            return []
        wanted = set(notice_ids) if notice_ids is not None else None
        allowed = committed if committed is None or isinstance(committed, set | frozenset) else set(committed)

        def keep(chunk_id: str) -> bool:
            ok = allowed is None or chunk_id in allowed
            return ok and (wanted is None or rep.chunks[chunk_id].notice_id in wanted)

        if chunk_ids is not None:  # a scope: score its chunks only
            rows = np.asarray(
                sorted(rep.rows[i] for i in chunk_ids if i in rep.rows and keep(i)), dtype=np.int64
            )
            if not len(rows):
                return []
            scores = rep.scores(vector, rows)
            top = np.argsort(-scores, kind="stable")[:k]
            return [(rep.ids[int(rows[t])], float(scores[t])) for t in top]
        scores = rep.scores(vector, None)  # everything: score all, walk down until k pass the filters
        out: list[tuple[str, float]] = []
        for row in np.argsort(-scores, kind="stable"):
            chunk_id = rep.ids[int(row)]
            if keep(chunk_id):
                out.append((chunk_id, float(scores[row])))
                if len(out) == k:
                    break
        return out
