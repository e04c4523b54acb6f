"""The Chroma collections of one index: opening them, the embedder stamp on the chunks, dropping them.

The chunk collection's metadata names the embedder that made its vectors (``embedder``, ``dim``);
it is stamped when the first embedder is bound to an empty index and checked whenever vectors are
written or a query vector is compared with them. Reading records needs no stamp at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import EmbedderMismatch

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection as ChromaCollection

    from core.embeddings import Embedder

AUX_METADATA = {"hnsw:space": "cosine", "hnsw:sync_threshold": 16, "hnsw:batch_size": 16}
"""The notice and file collections: large records, dummy vectors. Chroma re-reads from its write log
every record not yet synced to the vector index (up to 1,000 by default) on every write; with whole
notices as records that made each write cost as much as the whole collection (quadratic indexing:
400 notices took 160 s of CPU). Syncing every 16 records keeps a write's cost flat."""


def mismatch(built: str, given: str) -> EmbedderMismatch:
    """The error for an index built with ``built`` used with ``given``."""
    return EmbedderMismatch.between(built, given)


def open_chunks(client: ClientAPI, prefix: str) -> ChromaCollection:
    """The chunk collection of ``prefix``; created unstamped when missing (the first embedder stamps it)."""
    from chromadb.errors import NotFoundError

    name = f"{prefix}_chunks"
    try:
        return client.get_collection(name, embedding_function=None)
    except (NotFoundError, ValueError):
        return client.get_or_create_collection(
            name, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )


def stamp_chunks(client: ClientAPI, chunks: ChromaCollection, embedder: Embedder) -> ChromaCollection:
    """Stamp the (empty) chunk collection for ``embedder``.

    One without a stamp is stamped in place, so that readers holding it (other processes, a
    server's clients) keep a valid handle; one stamped for another embedder is re-created.
    """
    stamp = {"embedder": embedder.name, "dim": embedder.dim}
    if not (chunks.metadata or {}).get("embedder"):
        chunks.modify(metadata=stamp)  # the distance (cosine) lives in the configuration, kept
        return client.get_collection(chunks.name, embedding_function=None)
    client.delete_collection(chunks.name)
    return client.get_or_create_collection(
        chunks.name, metadata={"hnsw:space": "cosine", **stamp}, embedding_function=None
    )


def open_aux(client: ClientAPI, name: str) -> ChromaCollection:
    """The notice or file collection ``name`` (created when missing)."""
    return client.get_or_create_collection(name, metadata=AUX_METADATA, embedding_function=None)


def drop_collections(client: ClientAPI, prefix: str) -> None:
    """Delete the three collections of ``prefix`` (to rebuild with another embedder)."""
    names = {c.name for c in client.list_collections()}
    for suffix in ("chunks", "notices", "files"):
        if f"{prefix}_{suffix}" in names:
            client.delete_collection(f"{prefix}_{suffix}")
