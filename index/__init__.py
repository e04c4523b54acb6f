"""Ingestion: load → clean → split (with facts) → chunk → embed → store.

The public entry point is ``build_index`` (and its ``IndexReport``); it is imported lazily so
that ``import index.cleaning`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index.pipeline import IndexBusy, IndexReport, build_index

__all__ = ["IndexBusy", "IndexReport", "build_index"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from index import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'index' has no attribute {name!r}")
