"""``NoticeRetriever``: the hybrid retriever as a LangChain ``BaseRetriever``.

Each hit becomes a ``Document`` whose ``page_content`` is the passage and whose metadata names
the notice, so the retriever composes with LangChain runnables (``retriever.invoke(q)``,
``retriever | format_docs``, batch and async calls).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.retrieval.retriever import Retrieval
from core.types import Hit, Level


def hit_to_document(hit: Hit) -> Document:
    """The LangChain document of one hit.

    >>> from core.types import Chunk
    >>> c = Chunk("c1", "n1", "某局", "通报", "a.txt", ("一、问题",), "整改到位。", 0, 5)
    >>> hit_to_document(Hit(c, 0.5, 1)).metadata["heading"]
    '一、问题'
    """
    c = hit.chunk
    return Document(
        page_content=c.text,
        metadata={
            "chunk_id": c.id,
            "notice_id": c.notice_id,
            "unit": c.unit,
            "title": c.title,
            "source": c.source,
            "heading": c.heading,
            "score": hit.score,
            "rank": hit.rank,
        },
    )


class NoticeRetriever(BaseRetriever):
    """LangChain view of the hybrid retriever; filters are fields, the question is the input."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    search: Callable[..., Retrieval]
    """The search to call: ``Assistant.retrieve`` or ``Retriever.retrieve``."""
    k: int | None = None
    """Passages per query (None: the search's default)."""
    unit: str | None = None
    """Restrict to this unit."""
    year: int | None = None
    """Only notices of this year."""
    level: Level | None = None
    """Only 巡视 or only 巡察 notices."""

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        kwargs: dict[str, Any] = {"unit": self.unit, "year": self.year, "level": self.level}
        if self.k is not None:
            kwargs["k"] = self.k
        return [hit_to_document(h) for h in self.search(query, **kwargs).hits]
