"""``data/sample`` (or notices written for a test) indexed once per test module (hash embedder), for
tests that only read the index.

A module declares its own module-scoped fixture returning ``index_sample(tmp_path_factory)``.
Tests that write to the store take the per-test ``sample_store`` fixture of ``conftest`` instead.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from core.config import SAMPLE_CORPUS, Settings
from tests.conftest import Indexed


def index_sample(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    """The sample notices indexed into a module-private store with the hash embedder."""
    return index_folder(tmp_path_factory, SAMPLE_CORPUS)


def index_texts(tmp_path_factory: pytest.TempPathFactory, texts: dict[str, str]) -> Indexed:
    """Notices written for a test (file name → text) indexed into a module-private store (hash embedder)."""
    folder: Path = tmp_path_factory.mktemp("corpus")
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return index_folder(tmp_path_factory, folder)


def index_folder(tmp_path_factory: pytest.TempPathFactory, folder: Path) -> Indexed:
    """The files of ``folder`` indexed into a module-private store with the hash embedder."""
    from assistant.factory import make_embedder, make_store
    from index.pipeline import build_index

    settings = Settings(
        store_dir=tmp_path_factory.mktemp("sample-store"),
        embedder="hash",
        collection=f"s{uuid.uuid4().hex[:12]}",
    )
    embedder = make_embedder(settings)
    store = make_store(settings, embedder)
    report = build_index([folder], settings, embedder, store, progress=False, prune=True)
    assert not report.errors, report.errors
    return Indexed(settings, store)
