"""``data/sample`` indexed once per test module (hash embedder), for tests that only read the index.

A module declares its own module-scoped fixture returning ``index_sample(tmp_path_factory)``.
Tests that write to the store take the per-test ``sample_store`` fixture of ``conftest`` instead.
"""

from __future__ import annotations

import uuid

import pytest

from core.config import SAMPLE_CORPUS, Settings
from tests.conftest import Indexed


def index_sample(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    """The sample notices indexed into a module-private store with the hash embedder."""
    from assistant.factory import make_embedder, make_store
    from index.pipeline import build_index

    settings = Settings(
        store_dir=tmp_path_factory.mktemp("sample-store"),
        embedder="hash",
        collection=f"s{uuid.uuid4().hex[:12]}",
    )
    embedder = make_embedder(settings)
    store = make_store(settings, embedder)
    report = build_index([SAMPLE_CORPUS], settings, embedder, store, progress=False, prune=True)
    assert not report.errors, report.errors
    return Indexed(settings, store)
