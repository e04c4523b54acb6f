"""NoticeStore against a tmp_path PersistentClient: round trips, filters, commits, embedder checks."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.factory import make_store
from core.config import Settings
from core.embeddings import HashEmbedder
from core.store.codec import FileRecord, notice_from_json, notice_to_json
from core.store.keyword import for_store
from core.store.store import EmbedderMismatch, NoticeStore
from core.types import Chunk, Fact, Notice, NoticeFacts, Problem

EMBED = HashEmbedder()


def make_notice(n: int, unit: str = "青禾县文旅局党组", traditional: bool = False) -> Notice:
    text = (
        f"{unit}關於巡察整改情況的通報\n一、選人用人問題。已完成。"
        if traditional
        else f"{unit}关于巡察整改情况的通报\n"
        f"一、选人用人不规范问题{n}。已完成。一是修订制度;二是开展培训。\n二、财务报销审核不严。正在推进。"
    )
    fact = Fact("县委第二巡察组", "县委第二巡察组", 10, 17)
    facts = NoticeFacts(
        unit=Fact(unit, unit, 0, len(unit)),
        level=Fact("巡察", "巡察", 12, 14),
        inspection_body=fact,
        problems=Fact(
            "3个方面12个问题",
            "3个方面12个问题",
            20,
            29,
            number=12,
            detail={"aspects": 3, "note": "反馈"},
            also=(Fact("11个问题", "11个问题", 40, 45, number=11, also=(Fact("十个", "十个", 50, 52),)),),
        ),
        status={"已完成": Fact("已完成10个", "已完成10个", 60, 66, number=10)},
        contact={"phone": Fact("0000-1234567", "0000-1234567", 70, 82)},
    )
    problems = (
        Problem(
            "一、选人用人不规范问题",
            ("一、方面",),
            30,
            60,
            "已完成",
            "已完成",
            ("一是修订制度", "二是开展培训"),
        ),
        Problem("二、财务报销审核不严", (), 60, 80, "正在推进", None, ()),
    )
    return Notice(
        id=f"n{n}",
        unit=unit,
        title=f"{unit}关于巡察整改情况的通报",
        source=f"file{n}.txt",
        text=text,
        search_text=text,
        facts=facts,
        problems=problems,
        ordinal=n,
        unit_from="title",
    )


def make_chunks(notice: Notice) -> list[Chunk]:
    parts = [
        "选人用人不规范,干部选拔程序执行不严格。",
        "财务报销审核不严,公务接待超标准。",
        "党建工作薄弱,组织生活不规范。",
    ]
    return [
        Chunk(
            id=f"{notice.id}-c{i}",
            notice_id=notice.id,
            unit=notice.unit,
            title=notice.title,
            source=notice.source,
            heading_path=("二、整改情况", f"({i + 1})问题"),
            text=text,
            start=i * 10,
            end=i * 10 + len(text),
            ordinal=i,
            problem=i if i < 2 else None,
        )
        for i, text in enumerate(parts)
    ]


def commit(store: NoticeStore, notice: Notice, chunks: list[Chunk], sha: str = "s1") -> FileRecord:
    store.upsert_chunks(chunks, EMBED.embed_documents([c.search_text for c in chunks]))
    store.upsert_notices([notice])
    record = FileRecord(
        source=notice.source,
        path=f"/tmp/{notice.source}",
        sha256=sha,
        notice_ids=(notice.id,),
        chunk_ids=tuple(c.id for c in chunks),
        indexed_at=f"2024-01-01T00:00:0{len(sha)}",
    )
    store.put_file(record)
    return record


@pytest.mark.parametrize(
    "notice",
    [
        pytest.param(make_notice(1), id="full-facts"),
        pytest.param(make_notice(2, traditional=True), id="traditional"),
        pytest.param(Notice("n0", "", "", "x.txt", "正文", "正文"), id="bare"),
    ],
)
def test_notice_json_round_trip_is_exact(notice: Notice) -> None:
    assert notice_from_json(notice_to_json(notice)) == notice


def test_store_round_trips_notices_and_chunks(store: NoticeStore) -> None:
    notice = make_notice(1)
    chunks = make_chunks(notice)
    record = commit(store, notice, chunks)
    assert store.notices() == [notice]
    got = store.notices()[0]
    assert got.facts.problems is not None and got.facts.problems.also[0].also[0].value == "十个"
    assert isinstance(got.problems[0].measures, tuple)
    assert store.chunks() == chunks
    assert store.chunks([chunks[2].id, chunks[0].id]) == [chunks[2], chunks[0]]
    assert store.files() == {record.source: record}


def test_uncommitted_records_are_invisible(store: NoticeStore) -> None:
    committed = make_notice(1)
    commit(store, committed, make_chunks(committed))
    orphan = make_notice(2)
    orphan_chunks = make_chunks(orphan)
    store.upsert_chunks(orphan_chunks, EMBED.embed_documents([c.search_text for c in orphan_chunks]))
    store.upsert_notices([orphan])
    assert [n.id for n in store.notices()] == ["n1"]
    assert {c.notice_id for c in store.chunks()} == {"n1"}
    assert store.chunks([orphan_chunks[0].id]) == []
    hits = store.query(EMBED.embed_query(orphan_chunks[0].text), k=10)
    assert hits and all(cid.startswith("n1-") for cid, _ in hits)
    assert store.stored_chunk_ids() > store.committed_chunk_ids()


def test_query_ranks_by_cosine_and_filters_by_notice(store: NoticeStore) -> None:
    a, b = make_notice(1, "青禾县文旅局党组"), make_notice(2, "白沙镇党委")
    commit(store, a, make_chunks(a))
    commit(store, b, make_chunks(b), sha="s22")
    vector = EMBED.embed_query("财务报销审核不严")
    hits = store.query(vector, k=4)
    assert len(hits) == 4
    assert hits[0][0].endswith("-c1")
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True)
    assert -1.0 <= scores[-1] <= scores[0] <= 1.0 + 1e-6
    only_b = store.query(vector, k=10, notice_ids={"n2"})
    assert {cid.split("-")[0] for cid, _ in only_b} == {"n2"} and len(only_b) == 3
    assert store.query(vector, k=10, notice_ids=set()) == []
    assert store.query(vector, k=0) == []


def test_fingerprint_changes_on_commit_and_removal(store: NoticeStore) -> None:
    empty = store.fingerprint()
    a = make_notice(1)
    commit(store, a, make_chunks(a))
    one = store.fingerprint()
    assert one != empty and store.fingerprint() == one
    b = make_notice(2)
    commit(store, b, make_chunks(b), sha="s22")
    two = store.fingerprint()
    assert two != one
    removed = store.delete_file("file2.txt")
    assert removed is not None and store.fingerprint() == one
    assert store.delete_file("nope.txt") is None


def test_delete_file_removes_only_unshared_records(store: NoticeStore) -> None:
    a, b = make_notice(1), make_notice(2)
    commit(store, a, make_chunks(a))
    commit(store, b, make_chunks(b), sha="s22")
    store.delete_file("file1.txt")
    assert not any(i.startswith("n1-") for i in store.stored_chunk_ids())
    assert store.stored_notice_ids() == {"n2"}
    assert [n.id for n in store.notices()] == ["n2"]


def test_other_embedder_is_refused_with_clear_message(settings: Settings) -> None:
    first = make_store(settings, HashEmbedder(dim=32))
    assert make_store(settings, HashEmbedder(dim=16)).embedder_name == "hash-16"  # empty: re-stamped
    first = make_store(settings, HashEmbedder(dim=32))
    a = make_notice(1)
    chunks = make_chunks(a)
    first.upsert_chunks(chunks, HashEmbedder(dim=32).embed_documents([c.search_text for c in chunks]))
    with pytest.raises(EmbedderMismatch, match="index was built with hash-32; re-index or choose hash-32"):
        make_store(settings, HashEmbedder(dim=64))
    rebuilt = make_store(settings, HashEmbedder(dim=64), rebuild=True)
    assert rebuilt.embedder_name == "hash-64" and rebuilt.dim == 64


def test_collections_are_separate_per_prefix(settings: Settings) -> None:
    first = make_store(settings, EMBED)
    a = make_notice(1)
    commit(first, a, make_chunks(a))
    second = make_store(replace(settings, collection=settings.collection + "x"), EMBED)
    assert second.notices() == [] and second.files() == {}
    assert make_store(settings, EMBED).notices() == [a]


def test_mismatched_vectors_are_rejected(store: NoticeStore) -> None:
    notice = make_notice(1)
    with pytest.raises(ValueError, match="vectors"):
        store.upsert_chunks(make_chunks(notice), [[0.0] * EMBED.dim])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server on a free loopback port; yields its URL."""
    exe = Path(sys.executable).parent / "chroma"
    if not exe.exists():
        pytest.skip("chroma server executable not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(exe), "run", "--path", str(path / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("chroma server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def test_server_store_is_shared_between_processes(
    chroma_server: str, settings: Settings, tmp_path: Path
) -> None:
    from index.pipeline import build_index
    from tests.notice_factory import write_corpus

    served = replace(settings, chroma_url=chroma_server)
    writer = make_store(served, EMBED)
    write_corpus(tmp_path / "docs", 2)
    report = build_index([tmp_path / "docs"], served, EMBED, writer, progress=False)
    assert report.notices == 2 and report.errors == ()

    env = {
        **os.environ,
        "ASSISTANT_CHROMA_URL": chroma_server,
        "ASSISTANT_STORE": str(tmp_path / "reader-store"),
    }
    code = "from assistant.cli.main import main; raise SystemExit(main(['notices', '--json']))"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout
    assert sorted(n["source"] for n in json.loads(out)) == ["01_市文旅局.txt", "02_市水务局.txt"]

    # a reader with its own keyword folder rebuilds the keyword index from the server's chunks
    reader = make_store(served, EMBED)
    keyword = for_store(reader, tmp_path / "reader-store")
    assert len(keyword) == len(writer.committed_chunk_ids()) > 0


@pytest.mark.parametrize("exact_scope", [2000, 0], ids=["compared-one-by-one", "filtered-index-search"])
def test_scoped_query_by_chunk_ids_matches_the_notice_filter(
    store: NoticeStore, monkeypatch: pytest.MonkeyPatch, exact_scope: int
) -> None:
    import core.store.store as store_module

    monkeypatch.setattr(store_module, "EXACT_SCOPE", exact_scope)
    a, b = make_notice(1, "青禾县文旅局党组"), make_notice(2, "白沙镇党委")
    commit(store, a, make_chunks(a))
    commit(store, b, make_chunks(b), sha="s22")
    vector = EMBED.embed_query("财务报销审核不严")
    by_notice = store.query(vector, k=10, notice_ids={"n2"})
    scope = {c.id for c in make_chunks(b)}
    by_chunks = store.query(vector, k=10, chunk_ids=scope)
    assert [cid for cid, _ in by_chunks] == [cid for cid, _ in by_notice]
    assert [s for _, s in by_chunks] == pytest.approx([s for _, s in by_notice], abs=1e-5)
    part = sorted(scope)[:2]
    assert {cid for cid, _ in store.query(vector, k=10, chunk_ids=part)} == set(part)
    assert store.query(vector, k=10, chunk_ids=[]) == []
    # the caller's snapshot decides what is committed: a chunk outside it is never returned
    snapshot = {c.id for c in make_chunks(a)}
    assert {cid for cid, _ in store.query(vector, k=10, committed=snapshot)} == snapshot
    assert store.query(vector, k=10, chunk_ids=scope, committed=snapshot) == []
