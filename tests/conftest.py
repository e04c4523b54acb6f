"""Shared fixtures: isolation by default, a network guard for the whole run, indexed stores.

* Every test runs with its data folders (store, HOME, caches) under ``tmp_path``, a unique
  Chroma collection, the deterministic ``hash`` embedder and no model endpoint configured.
* Any connection to a non-loopback address fails (``tests/netguard.py``), for the whole run,
  session fixtures included.
* ``sample_store``: ``data/sample`` indexed with the hash embedder (per test).
* ``corpus_index``: the shared real corpus indexed once per run with the real e5 embedder
  (minutes); tests that use it are marked ``corpus`` automatically. Nothing else may index
  that corpus with e5.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from core.config import PROJECT_ROOT, SAMPLE_CORPUS, Settings
from core.store.store import NoticeStore
from tests import netguard

CORPUS_DIR = PROJECT_ROOT.parent / "shared" / "corpus"
"""The real notices (outside the repository; tests using them skip when it is absent)."""

_CLEARED_ENV = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_MODEL",
    "ASSISTANT_MODEL",
    "ASSISTANT_CHROMA_URL",
    "ASSISTANT_EMBEDDING_MODEL",
    "ASSISTANT_K",
    "ASSISTANT_CHUNK_TOKENS",
    "ASSISTANT_CONTEXT_TOKENS",
    "ASSISTANT_KEYWORD_WEIGHT",
    "ASSISTANT_LLM_TIMEOUT",
    "ASSISTANT_LLM_RETRIES",
    "ASSISTANT_MAX_FILE_MB",
    "ASSISTANT_PARSE_ISOLATION",
    "ASSISTANT_PARSE_MEMORY_MB",
    "ASSISTANT_PARSE_TIMEOUT",
    "ASSISTANT_MAX_UNPACKED_MB",
    "ASSISTANT_MAX_IMAGE_PIXELS",
    "ASSISTANT_MAX_PDF_PAGES",
    "ASSISTANT_OCR_MAX_PAGES",
    "ASSISTANT_OCR_MAX_SECONDS",
    "ASSISTANT_OCR_MEMORY_MB",
    "ASSISTANT_OCR_MIN_CONFIDENCE",
    "ASSISTANT_SOFFICE",
)


SLOW_FIXTURES = frozenset({"chroma_server", "e5"})
"""Fixtures that start a server or load the real embedder: tests using them are marked ``slow``."""


class Indexed(NamedTuple):
    """An indexed store and the settings it was built with."""

    settings: Settings
    store: NoticeStore


def pytest_configure(config: pytest.Config) -> None:
    netguard.install()


def pytest_unconfigure(config: pytest.Config) -> None:
    netguard.uninstall()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "corpus_index" in fixtures:
            item.add_marker(pytest.mark.corpus)
        if SLOW_FIXTURES.intersection(fixtures):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point every data folder at ``tmp_path``; unique collection; hash embedder; no endpoint."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("ASSISTANT_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("ASSISTANT_COLLECTION", f"t{uuid.uuid4().hex[:12]}")
    monkeypatch.setenv("ASSISTANT_EMBEDDER", "hash")
    for name in _CLEARED_ENV:
        monkeypatch.delenv(name, raising=False)
    yield


@pytest.fixture
def settings(isolated_env: None) -> Settings:
    """Settings of the isolated environment: hash embedder, store under ``tmp_path``."""
    return Settings.from_env()


@pytest.fixture
def store(settings: Settings) -> NoticeStore:
    """An empty store for ``settings`` (hash embedder)."""
    from assistant.factory import make_embedder, make_store

    return make_store(settings, make_embedder(settings))


@pytest.fixture
def sample_store(settings: Settings) -> Indexed:
    """``data/sample`` indexed with the hash embedder."""
    from assistant.factory import make_embedder, make_store
    from index.pipeline import build_index

    if not any(SAMPLE_CORPUS.glob("*")):
        pytest.skip("data/sample holds no notices")
    embedder = make_embedder(settings)
    store = make_store(settings, embedder)
    report = build_index([SAMPLE_CORPUS], settings, embedder, store, progress=False, prune=True)
    assert not report.errors, report.errors
    return Indexed(settings, store)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    """The shared corpus indexed ONCE per run with the real e5 embedder (takes minutes)."""
    from assistant.factory import make_embedder, make_store
    from index.pipeline import build_index

    if not CORPUS_DIR.is_dir():
        pytest.skip(f"corpus not found: {CORPUS_DIR}")
    settings = Settings(store_dir=tmp_path_factory.mktemp("corpus-store"), embedder="e5", collection="corpus")
    embedder = make_embedder(settings)
    store = make_store(settings, embedder)
    report = build_index([CORPUS_DIR], settings, embedder, store, progress=False, prune=True)
    assert not report.errors, report.errors
    return Indexed(settings, store)
