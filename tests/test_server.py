"""A Chroma server as the shared store: CLI and Assistant clients in several processes, outages.

The server is started once for the module (``tests/chroma_server.py``); each test has its own
collection prefix (the autouse ``isolated_env``), so tests do not see each other's notices. The
command line runs as a real subprocess (``.venv/bin/assistant``) with its own store folder, as a
second machine would: the only thing the processes share is the server.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.factory import make_assistant
from assistant.service import Assistant
from core.config import Settings
from core.store.client import StoreUnavailable
from core.store.keyword import index_path, keyword_dir
from tests.chroma_server import ChromaServer
from tests.notice_factory import notice_text, write_corpus

pytestmark = pytest.mark.slow

CLI = Path(sys.executable).parent / "assistant"

OFFICES = ("审计", "民政", "司法", "商务", "林业", "体育", "档案", "信访", "人防", "粮食", "气象", "地震")
"""Fictional 青禾市 offices for a bigger corpus."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    running = ChromaServer(tmp_path_factory.mktemp("chroma-server")).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def served(server: ChromaServer, settings: Settings, tmp_path: Path) -> Settings:
    """This test's settings as a client of the server (its own keyword folder)."""
    return replace(settings, chroma_url=server.url, store_dir=tmp_path / "app-a")


def cli(served: Settings, store: Path, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``assistant ARGV`` in another process, a client of the same server with its own folder."""
    env = {
        **os.environ,
        "ASSISTANT_CHROMA_URL": served.chroma_url or "",
        "ASSISTANT_COLLECTION": served.collection,
        "ASSISTANT_EMBEDDER": "hash",
        "ASSISTANT_STORE": str(store),
    }
    done = subprocess.run(
        [str(CLI), *argv], env=env, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def write_offices(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, office in enumerate(OFFICES[:count], 1):
        path = folder / f"{n:02d}_{office}.txt"
        path.write_text(notice_text(f"青禾市{office}局", f"市{office}局"), encoding="utf-8")
        paths.append(path)
    return paths


def assert_consistent(assistant: Assistant) -> int:
    """The snapshot's notices, chunks and keyword index describe one committed state; returns notices."""
    view = assistant.view
    assert set(view.keyword.ids) == set(view.chunks)
    for notice in view.notices:
        assert view.chunk_ids_by_notice.get(notice.id), f"{notice.source}: notice without chunks"
    return len(view.notices)


def test_cli_indexing_in_another_process_is_seen_by_running_assistants(
    served: Settings, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    first = make_assistant(served)
    second = make_assistant(replace(served, store_dir=tmp_path / "app-b"))  # another app process
    assert first.notices() == [] and second.notices() == []

    write_corpus(tmp_path / "docs", 2)
    cli(served, tmp_path / "indexer", "index", str(tmp_path / "docs"), "--no-progress")

    seen_first = []
    for assistant in (first, second):
        assert sorted(n.source for n in assistant.notices()) == ["01_市文旅局.txt", "02_市水务局.txt"]
        assert assert_consistent(assistant) == 2
        seen_first.append(len(assistant.notices()))
        hits = assistant.retrieve("市水务局财务报销审核把关不严的问题").hits
        assert hits and hits[0].chunk.unit == "中共青禾市水务局党组"
    answer = second.ask("青禾市文化旅游局选人用人问题是怎么整改的？")
    assert not answer.refused and {c.unit for c in answer.citations} == {"中共青禾市文化旅游局党组"}
    fingerprint = first.store.fingerprint()
    # each process keeps its own keyword index, rebuilt from the server's collection, and only that one
    for folder in (served.store_dir, tmp_path / "app-b"):
        assert [p.name for p in keyword_dir(folder).iterdir()] == [
            index_path(folder, served.collection, fingerprint).name
        ]

    # an app process indexes a file: the other app and the command line see it
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "03_市统计局.txt").write_text(
        notice_text("青禾市统计局", "市统计局"), encoding="utf-8"
    )
    second.index([tmp_path / "more"])
    assert first.store.fingerprint() != fingerprint
    seen_by_first = assert_consistent(first)
    assert seen_by_first == 3
    assert [p.name for p in keyword_dir(served.store_dir).iterdir()] == [
        index_path(served.store_dir, served.collection, first.store.fingerprint()).name
    ]
    assert first.retrieve("统计局财务报销", unit="市统计局").hits
    listed = cli(served, tmp_path / "indexer", "notices", "--json").stdout
    assert "03_市统计局.txt" in listed
    record_property(
        "figure",
        f"CLI process indexed 2 files: the two running app processes saw {seen_first[0]} and {seen_first[1]} "
        f"notices; a file indexed by one app: the other saw {seen_by_first}, the CLI listed it; "
        "1 keyword index per process",
    )


def test_queries_while_another_process_indexes_see_only_committed_states(
    served: Settings, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    write_offices(tmp_path / "docs", len(OFFICES))
    reader = make_assistant(served)
    env = {
        **os.environ,
        "ASSISTANT_CHROMA_URL": served.chroma_url or "",
        "ASSISTANT_COLLECTION": served.collection,
        "ASSISTANT_STORE": str(tmp_path / "indexer"),
    }
    indexer = subprocess.Popen(
        [str(CLI), "index", str(tmp_path / "docs"), "--no-progress"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    seen: list[int] = []
    try:
        while indexer.poll() is None:
            seen.append(assert_consistent(reader))
            reader.retrieve("财务报销审核把关不严")
            time.sleep(0.05)
    finally:
        _, err = indexer.communicate(timeout=120)
    assert indexer.returncode == 0, err.decode("utf-8", "replace")
    seen.append(assert_consistent(reader))
    assert seen == sorted(seen), "a reader saw notices disappear"
    assert seen[-1] == len(OFFICES)
    record_property(
        "figure",
        f"{len(seen)} snapshots taken while another process indexed {len(OFFICES)} files, all consistent; "
        f"notice counts seen {' → '.join(map(str, sorted(set(seen))))}, never decreasing",
    )


def test_server_outage_is_one_clear_error_and_the_same_clients_recover(
    server: ChromaServer, served: Settings, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    write_corpus(tmp_path / "docs", 1)
    app = make_assistant(served)
    app.index([tmp_path / "docs"])
    before = [h.chunk.id for h in app.retrieve("财务报销审核把关不严").hits]
    assert before

    server.stop()
    cli_seconds: list[float] = []
    try:
        for argv in (
            ["notices"],
            ["ask", "青禾市文化旅游局反馈了多少个问题？"],
            ["index", str(tmp_path / "docs")],
        ):
            started = time.monotonic()
            done = cli(served, tmp_path / "cli", *argv, check=False)
            cli_seconds.append(time.monotonic() - started)
            assert done.returncode == 1, done.stderr
            assert f"无法连接 Chroma 服务器 {served.chroma_url}" in done.stderr
            assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr
        started = time.monotonic()
        with pytest.raises(StoreUnavailable, match="无法连接 Chroma 服务器"):
            app.retrieve("财务报销审核把关不严")
        app_seconds = time.monotonic() - started
        with pytest.raises(StoreUnavailable, match="请确认服务器已启动"):
            make_assistant(served)
    finally:
        started = time.monotonic()
        server.start()
        restart_seconds = time.monotonic() - started

    started = time.monotonic()
    recovered = [h.chunk.id for h in app.retrieve("财务报销审核把关不严").hits] == before
    recovery_seconds = time.monotonic() - started
    assert recovered
    assert "01_市文旅局.txt" in cli(served, tmp_path / "cli", "notices", "--json").stdout
    record_property(
        "figure",
        f"server down: 3 CLI commands each exit 1 with one line in {min(cli_seconds):.1f}–{max(cli_seconds):.1f} s "
        f"(whole process), the running app raises in {app_seconds * 1000:.0f} ms: "
        f"“{done.stderr.split('：')[0].replace(served.chroma_url or '', 'URL')}：…”; "
        f"server back in {restart_seconds:.1f} s, then the same app client answered in {recovery_seconds:.2f} s",
    )
