"""Test doubles for the embedding seam (the chat fake lives in ``tests/fake_llm.py``).

``HashEmbedder`` is the package's deterministic embedder (the factory builds it for
``ASSISTANT_EMBEDDER=hash``); ``CountingEmbedder`` wraps any embedder and records what it was
asked to embed.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.embeddings import Embedder, HashEmbedder

__all__ = ["CountingEmbedder", "HashEmbedder"]


class CountingEmbedder(Embedder):
    """Delegates to ``inner`` and records every call.

    >>> e = CountingEmbedder(HashEmbedder(dim=8))
    >>> _ = e.embed_documents(["甲", "乙"]); _ = e.embed_query("丙")
    >>> e.documents, e.queries
    (['甲', '乙'], ['丙'])
    """

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls = 0
        self.documents: list[str] = []
        self.queries: list[str] = []

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls += 1
        self.documents.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return self.inner.embed_query(text)
