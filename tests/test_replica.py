"""The read replica: asking never writes to the store.

Embedded Chroma writes to its folder whenever a client opens it; queries read the replica the
indexer publishes instead. The store folder is hashed before and after asking, in this process
and in a separate ``assistant ask`` process (the way the write was first seen).

The accounts database records every question (the audit trail); it lives in the store folder
unless ``ASSISTANT_DB`` puts it elsewhere, as these tests do, so that the folder holds the index
only.
"""

# ruff: noqa: F811  (the imported ``openai_stub`` fixture is requested by parameter name)

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.cli.main import main
from assistant.factory import make_assistant, make_embedder, make_reader, make_store
from core.config import PROJECT_ROOT, Settings
from core.errors import EmbedderMismatch
from core.store.replica import ReplicaReader, current_fingerprint, publish, replica_dir
from index.pipeline import build_index
from tests.conftest import Indexed
from tests.notice_factory import write_corpus
from tests.openai_stub import OpenAIStub, openai_stub  # noqa: F401

QUESTION = "岚江市财政局公务接待管理不规范的问题是怎么整改的？"


@pytest.fixture(autouse=True)
def accounts_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The accounts database (the audit trail of every question) outside the store folder."""
    path = tmp_path / "accounts" / "assistant.sqlite"
    monkeypatch.setenv("ASSISTANT_DB", str(path))
    return path


def fingerprint_files(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file under ``folder``: (sha256, size, mtime in ns)."""
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        out[str(path.relative_to(folder))] = (digest, stat.st_size, stat.st_mtime_ns)
    return out


def changed(before: dict[str, tuple[str, int, int]], after: dict[str, tuple[str, int, int]]) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


# -- asking writes nothing --------------------------------------------------------------------


def test_opening_embedded_chroma_writes_to_its_folder(sample_store: Indexed) -> None:
    """The reason for the replica: Chroma has no read-only mode (a new client writes at once)."""
    folder = sample_store.settings.store_dir / "chroma"
    before = fingerprint_files(folder)
    code = (
        "import chromadb, sys\n"
        "from chromadb.config import Settings\n"
        "c = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))\n"
        "[col.count() for col in c.list_collections()]\n"
    )
    subprocess.run([sys.executable, "-c", code, str(folder)], check=True, timeout=120)
    assert "chroma.sqlite3" in changed(before, fingerprint_files(folder))


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
def test_ask_writes_nothing_in_the_store_folder(
    sample_store: Indexed, capsys: pytest.CaptureFixture[str], as_json: bool
) -> None:
    folder = sample_store.settings.store_dir
    before = fingerprint_files(folder)
    assert main(["ask", QUESTION, *(["--json"] if as_json else [])]) == 0
    assert main(["retrieve", QUESTION]) == 0
    assert main(["notices"]) == 0
    assert "公务接待管理办法" in capsys.readouterr().out
    assert changed(before, fingerprint_files(folder)) == []


def test_ask_in_llm_mode_writes_nothing(
    sample_store: Indexed,
    openai_stub: OpenAIStub,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.base_url)
    openai_stub.reply("修订了公务接待管理办法[1]。")
    folder = sample_store.settings.store_dir
    before = fingerprint_files(folder)
    assert main(["ask", QUESTION, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["mode"] == "llm"
    assert changed(before, fingerprint_files(folder)) == []


def test_an_ask_process_writes_nothing_in_the_store_folder(sample_store: Indexed) -> None:
    folder = sample_store.settings.store_dir
    before = fingerprint_files(folder)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from assistant.cli.main import main; raise SystemExit(main())",
            "ask",
            QUESTION,
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["citations"]
    assert changed(before, fingerprint_files(folder)) == []


def test_the_question_is_recorded_in_the_accounts_database(
    sample_store: Indexed, accounts_elsewhere: Path
) -> None:
    assert main(["ask", QUESTION]) == 0
    assert accounts_elsewhere.is_file()  # the one write of asking: the audit trail, by design


def test_asking_before_anything_was_indexed_creates_nothing(settings: Settings) -> None:
    assert make_reader(settings, make_embedder(settings)) is not None
    assert main(["ask", QUESTION]) == 0
    assert not settings.store_dir.exists() or list(settings.store_dir.rglob("*")) == []


# -- publishing and reading -------------------------------------------------------------------


def test_the_replica_reads_what_the_store_holds(sample_store: Indexed) -> None:
    store, settings = sample_store.store, sample_store.settings
    reader = ReplicaReader(settings.store_dir, settings.collection, store.embedder_name)
    assert (
        reader.fingerprint() == store.fingerprint() == current_fingerprint(settings.store_dir, store.prefix)
    )
    assert reader.notices() == store.notices()
    assert reader.chunks() == store.chunks()
    some = [c.id for c in store.chunks()[3:9]]
    assert reader.chunks(some[::-1]) == store.chunks(some[::-1])
    embedder = make_embedder(settings)
    for question in (QUESTION, "整改措施中修订了哪些制度？", "选人用人"):
        vector = embedder.embed_query(question)
        expected = store.query(vector, 5)
        got = reader.query(vector, 5)
        assert [i for i, _ in got] == [i for i, _ in expected]
        assert np.allclose([s for _, s in got], [s for _, s in expected], atol=1e-5)
        scoped = reader.query(vector, 3, chunk_ids=some)
        assert [i for i, _ in scoped] == [i for i, _ in store.query(vector, 3, chunk_ids=some)]
    notice = store.notices()[0].id
    vector = embedder.embed_query(QUESTION)
    assert {store.chunks([i])[0].notice_id for i, _ in reader.query(vector, 4, notice_ids={notice})} == {
        notice
    }
    assert reader.query(vector, 4, committed=set(some)) == reader.query(vector, 4, chunk_ids=some)


def test_publish_is_idempotent_and_keeps_the_previous_replica(settings: Settings, tmp_path: Path) -> None:
    embedder = make_embedder(settings)
    store = make_store(settings, embedder)
    docs = tmp_path / "docs"
    paths = write_corpus(docs, 3)
    first = build_index([paths[0]], settings, embedder, store, progress=False)
    assert first.stage_seconds["replica"] > 0
    root = replica_dir(settings.store_dir)
    one = store.fingerprint()
    assert publish(store, settings.store_dir).name == f"{store.prefix}-{one}"  # already current: kept
    build_index([paths[0], paths[1]], settings, embedder, store, progress=False)
    two = store.fingerprint()
    build_index(paths, settings, embedder, store, progress=False)
    three = store.fingerprint()
    assert current_fingerprint(settings.store_dir, store.prefix) == three
    kept = sorted(p.name for p in root.iterdir() if p.is_dir())
    assert kept == sorted(f"{store.prefix}-{f}" for f in (two, three))
    assert one not in "".join(kept)


def test_a_running_reader_follows_new_commits(sample_store: Indexed, tmp_path: Path) -> None:
    settings = sample_store.settings
    assistant = make_assistant(settings)
    assert assistant._shared.reader.read_only
    before = len(assistant.notices())
    write_corpus(tmp_path / "more", 1)
    assistant.index([tmp_path / "more"])  # opens the store for writing, publishes a new replica
    assert len(assistant.notices()) == before + 1
    source = assistant.notices()[-1].source
    assistant.remove_source(source)
    assert len(assistant.notices()) == before


def test_a_replica_of_another_embedder_is_listed_but_not_searched(sample_store: Indexed) -> None:
    settings = sample_store.settings
    reader = ReplicaReader(settings.store_dir, settings.collection, "e5-small")
    assert reader.notices() and reader.chunks()  # reading records needs no embedder
    with pytest.raises(EmbedderMismatch, match="hash"):
        reader.query([1.0] * 256, 3)  # a vector of another model means nothing here
    with pytest.raises(EmbedderMismatch, match="hash"):
        reader.check_embedder(make_embedder(replace(settings, embedder="e5")))


def test_a_store_without_a_replica_is_read_directly(sample_store: Indexed) -> None:
    settings = sample_store.settings
    for path in replica_dir(settings.store_dir).iterdir():
        if path.is_file():
            path.unlink()
    assert make_reader(settings, make_embedder(settings)) is None
    assistant = make_assistant(settings)
    assert not assistant._shared.reader.read_only
    assert assistant.ask(QUESTION).citations


def test_a_server_store_is_read_directly() -> None:
    settings = Settings(chroma_url="http://127.0.0.1:9", embedder="hash")
    assert make_reader(settings, make_embedder(settings)) is None


def test_reading_does_not_open_the_store(sample_store: Indexed) -> None:
    assistant = make_assistant(sample_store.settings)
    other = assistant.with_chat(assistant.settings, None)
    assert other.notices() == assistant.notices() and assistant.ask(QUESTION).citations
    assert assistant._shared._store is None  # opened only when something is written


def test_rebuilding_withdraws_the_replica_of_that_collection_only(sample_store: Indexed) -> None:
    settings = sample_store.settings
    other = replace(settings, collection=f"{settings.collection}-kb-other")
    build_index(
        [PROJECT_ROOT / "data" / "sample"],
        other,
        make_embedder(other),
        make_store(other, make_embedder(other)),
        progress=False,
    )
    assert current_fingerprint(settings.store_dir, other.collection) is not None
    make_store(settings, make_embedder(settings), rebuild=True)
    assert current_fingerprint(settings.store_dir, settings.collection) is None
    assert current_fingerprint(settings.store_dir, other.collection) is not None
    assert ReplicaReader(settings.store_dir, other.collection, make_embedder(other).name).notices()
