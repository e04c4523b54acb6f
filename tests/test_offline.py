"""Offline proof: with every non-loopback connection refused, the real stack indexes and answers.

The network guard (``tests/netguard.py``) is active for the whole run; these tests first show
that it really refuses, then index ``data/sample`` with the real e5 embedder and the real
tokenizer (seeded into an empty cache folder) and query the store.
"""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

import pytest

from assistant.factory import make_embedder, make_keyword_index, make_store
from core import tokens
from core.config import SAMPLE_CORPUS, Settings
from index.pipeline import build_index
from tests import netguard

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "attempt",
    [
        pytest.param(lambda: socket.create_connection(("8.8.8.8", 53), timeout=1), id="ip"),
        pytest.param(lambda: socket.getaddrinfo("example.com", 443), id="dns"),
        pytest.param(lambda: urllib.request.urlopen("http://example.com", timeout=1), id="http"),
    ],
)
def test_guard_refuses_the_network(attempt: object) -> None:
    before = len(netguard.ATTEMPTS)
    with pytest.raises(netguard.NetworkBlocked):
        attempt()  # type: ignore[operator]
    assert len(netguard.ATTEMPTS) == before + 1
    del netguard.ATTEMPTS[before:]


def test_guard_allows_loopback() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        client = socket.create_connection(server.getsockname(), timeout=1)
        client.close()
    finally:
        server.close()


def test_real_stack_indexes_and_queries_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    import tiktoken.registry

    before = len(netguard.ATTEMPTS)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "tiktoken-empty"))
    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})
    tokens.encoding.cache_clear()
    try:
        assert tokens.count("巡察整改情况") > 0  # loads cl100k from the seeded (empty) cache folder
        assert (tmp_path / "tiktoken-empty").is_dir()
        e5_settings = Settings(store_dir=tmp_path / "store", embedder="e5", collection=settings.collection)
        embedder = make_embedder(e5_settings)
        store = make_store(e5_settings, embedder)
        report = build_index([SAMPLE_CORPUS], e5_settings, embedder, store, progress=False, prune=True)
        assert report.errors == () and report.files_read >= 2 and report.chunks > 0

        hits = store.query(embedder.embed_query("选人用人方面的问题整改得怎么样?"), k=3)
        assert len(hits) == 3 and hits[0][1] > 0.5
        keyword = make_keyword_index(e5_settings, store).search("整改", 3)
        assert keyword
    finally:
        tokens.encoding.cache_clear()
    assert len(netguard.ATTEMPTS) == before
