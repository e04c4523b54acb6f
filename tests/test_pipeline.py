"""build_index: idempotent, incremental, fault-isolating, crash-safe, serialized by a lock."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from filelock import FileLock

from core.config import Settings
from core.embeddings import HashEmbedder
from core.store.keyword import for_store, index_path
from core.store.lock import lock_path
from core.store.store import NoticeStore
from core.types import Notice
from index.pipeline import STAGES, IndexBusy, IndexReport, build_index
from tests.conftest import Indexed
from tests.fakes import CountingEmbedder
from tests.notice_factory import notice_text, write_corpus


class Boom(Exception):
    """A simulated failure inside the store."""


class Crash(BaseException):
    """A simulated process death (not caught by the per-file isolation)."""


def run(folder: Path | Sequence[Path], settings: Settings, store: NoticeStore, **kw: object) -> IndexReport:
    paths = [folder] if isinstance(folder, Path) else list(folder)
    embedder = kw.pop("embedder", None) or HashEmbedder()
    return build_index(paths, settings, embedder, store, progress=False, **kw)  # type: ignore[arg-type]


def sources_of(store: NoticeStore) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for c in store.chunks():
        out.setdefault(c.source, set()).add(c.id)
    return out


def fail_on(store: NoticeStore, monkeypatch: pytest.MonkeyPatch, source: str, exc: BaseException) -> None:
    """Make writing the notices of ``source`` fail, after its chunks were written."""
    original = store.upsert_notices

    def upsert(notices: Sequence[Notice]) -> None:
        if any(n.source == source for n in notices):
            raise exc
        original(notices)

    monkeypatch.setattr(store, "upsert_notices", upsert)


def test_first_run_indexes_every_file(tmp_path: Path, settings: Settings, store: NoticeStore) -> None:
    write_corpus(tmp_path / "docs")
    report = run(tmp_path / "docs", settings, store)
    assert (report.files_read, report.unchanged, report.skipped, report.errors) == (3, 0, (), ())
    assert report.notices == 3 == len(store.notices())
    assert report.chunks == len(store.chunks()) == report.embedded > 3
    assert set(report.stage_seconds) == set(STAGES)
    assert {n.source for n in store.notices()} == {"01_市文旅局.txt", "02_市水务局.txt", "03_市统计局.txt"}
    assert index_path(settings.store_dir, store.prefix, store.fingerprint()).is_dir()


def test_second_run_is_idempotent_and_embeds_nothing(
    tmp_path: Path, settings: Settings, store: NoticeStore
) -> None:
    write_corpus(tmp_path / "docs")
    first = run(tmp_path / "docs", settings, store)
    ids, fingerprint = store.committed_chunk_ids(), store.fingerprint()
    counting = CountingEmbedder(HashEmbedder())
    second = run(tmp_path / "docs", settings, store, embedder=counting)
    assert counting.calls == 0
    assert (second.files_read, second.unchanged, second.embedded) == (0, 3, 0)
    assert (second.notices, second.chunks) == (first.notices, first.chunks)
    assert store.committed_chunk_ids() == ids and store.fingerprint() == fingerprint


def test_changed_file_replaces_its_old_chunks(tmp_path: Path, settings: Settings, store: NoticeStore) -> None:
    paths = write_corpus(tmp_path / "docs")
    run(tmp_path / "docs", settings, store)
    before = sources_of(store)
    paths[1].write_text(
        notice_text("青禾市水务局", "市水务局", extra="新增一段关于河湖长制落实情况的说明。"),
        encoding="utf-8",
    )
    counting = CountingEmbedder(HashEmbedder())
    report = run(tmp_path / "docs", settings, store, embedder=counting)
    after = sources_of(store)
    assert (report.files_read, report.unchanged) == (1, 2)
    assert after["02_市水务局.txt"] != before["02_市水务局.txt"]
    assert after["01_市文旅局.txt"] == before["01_市文旅局.txt"]
    assert 0 < report.embedded < len(after["02_市水务局.txt"]) + 1
    assert any("河湖长制" in c.text for c in store.chunks())
    assert store.stored_chunk_ids() == store.committed_chunk_ids()
    assert len(store.notices()) == 3 and store.stored_notice_ids() == store.committed_notice_ids()


@pytest.mark.parametrize(
    ("prune", "left"), [pytest.param(True, 2, id="pruned"), pytest.param(False, 3, id="kept")]
)
def test_removed_file_is_pruned_only_when_asked(
    tmp_path: Path, settings: Settings, store: NoticeStore, prune: bool, left: int
) -> None:
    paths = write_corpus(tmp_path / "docs")
    run(tmp_path / "docs", settings, store)
    paths[0].unlink()
    report = run(tmp_path / "docs", settings, store, prune=prune)
    assert report.removed == 3 - left
    assert len(store.notices()) == left == len(store.files())
    assert store.stored_chunk_ids() == store.committed_chunk_ids()


def test_pruning_is_limited_to_the_given_folder(
    tmp_path: Path, settings: Settings, store: NoticeStore
) -> None:
    write_corpus(tmp_path / "a", 1)
    other = tmp_path / "b" / "x.txt"
    other.parent.mkdir()
    other.write_text(notice_text("青禾市统计局", "市统计局"), encoding="utf-8")
    run([tmp_path / "a", other], settings, store)
    report = run(tmp_path / "a", settings, store, prune=True)
    assert report.removed == 0 and len(store.files()) == 2


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        pytest.param("empty.txt", b"", "空", id="empty"),
        pytest.param("binary.txt", bytes(range(256)) * 8, "二进制", id="binary"),
        pytest.param("blank.txt", b"  \n\n ", "空", id="whitespace-only"),
    ],
)
def test_bad_file_is_reported_and_others_index(
    tmp_path: Path, settings: Settings, store: NoticeStore, name: str, content: bytes, reason: str
) -> None:
    write_corpus(tmp_path / "docs", 2)
    (tmp_path / "docs" / name).write_bytes(content)
    report = run(tmp_path / "docs", settings, store)
    assert report.files_read == 2 and report.errors == ()
    assert [s for s, _ in report.skipped] == [name]
    assert reason in report.skipped[0][1]
    assert name not in store.files()


def test_missing_path_is_reported(tmp_path: Path, settings: Settings, store: NoticeStore) -> None:
    report = run(tmp_path / "nowhere", settings, store)
    assert report.files_read == 0 and len(report.skipped) == 1 and "不存在" in report.skipped[0][1]


def test_failure_in_one_file_keeps_its_previous_version(
    tmp_path: Path, settings: Settings, store: NoticeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_corpus(tmp_path / "docs", 2)
    run(tmp_path / "docs", settings, store)
    before = sources_of(store)
    paths[1].write_text(notice_text("青禾市水务局", "市水务局", extra="补充说明。"), encoding="utf-8")
    (tmp_path / "docs" / "03_new.txt").write_text(notice_text("青禾市统计局", "市统计局"), encoding="utf-8")
    fail_on(store, monkeypatch, "02_市水务局.txt", Boom("disk full"))
    report = run(tmp_path / "docs", settings, store)
    assert [s for s, _ in report.errors] == ["02_市水务局.txt"] and "disk full" in report.errors[0][1]
    after = sources_of(store)
    assert after["02_市水务局.txt"] == before["02_市水务局.txt"]
    assert "03_new.txt" in after
    assert store.stored_chunk_ids() == store.committed_chunk_ids()


def test_crash_mid_run_leaves_previous_index_queryable_and_rerun_completes(
    tmp_path: Path, settings: Settings, store: NoticeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_corpus(tmp_path / "docs", 3)
    run(tmp_path / "docs", settings, store)
    committed = store.committed_chunk_ids()
    for p, extra in zip(paths, ("甲。", "乙。", "丙。"), strict=True):
        p.write_text(p.read_text(encoding="utf-8").replace("截至目前", extra + "截至目前"), encoding="utf-8")
    fail_on(store, monkeypatch, "02_市水务局.txt", Crash())
    with pytest.raises(Crash):
        run(tmp_path / "docs", settings, store)
    # the first file was re-committed, the second died before its commit: nothing half-visible
    assert store.stored_chunk_ids() - store.committed_chunk_ids()  # orphans exist ...
    visible = {cid for cid, _ in store.query(HashEmbedder().embed_query("财务报销"), k=50)}
    assert visible <= store.committed_chunk_ids()  # ... but queries never see them
    assert sources_of(store)["03_市统计局.txt"] <= committed
    assert len(store.notices()) == 3
    monkeypatch.undo()
    report = run(tmp_path / "docs", settings, store)
    assert (report.files_read, report.unchanged, report.errors) == (2, 1, ())
    assert store.stored_chunk_ids() == store.committed_chunk_ids()
    assert all(any(x in c.text for x in "甲乙丙") for c in store.chunks() if "截至目前" in c.text)


def test_lock_refuses_a_concurrent_run(tmp_path: Path, settings: Settings, store: NoticeStore) -> None:
    write_corpus(tmp_path / "docs", 1)
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    with (
        FileLock(str(lock_path(settings.store_dir))),
        pytest.raises(IndexBusy, match="另一个索引任务正在运行"),
    ):
        run(tmp_path / "docs", settings, store, lock_timeout=0.1)
    assert store.files() == {}
    assert run(tmp_path / "docs", settings, store).files_read == 1


def test_recipe_change_reindexes(tmp_path: Path, settings: Settings, store: NoticeStore) -> None:
    from dataclasses import replace

    write_corpus(tmp_path / "docs", 1)
    run(tmp_path / "docs", settings, store)
    report = run(tmp_path / "docs", replace(settings, chunk_tokens=settings.chunk_tokens // 2), store)
    assert report.files_read == 1 and report.unchanged == 0


def test_report_json_shape(tmp_path: Path, settings: Settings, store: NoticeStore) -> None:
    write_corpus(tmp_path / "docs", 1)
    (tmp_path / "docs" / "empty.txt").write_bytes(b"")
    data = run(tmp_path / "docs", settings, store).to_json()
    assert set(data) == {
        "files_read",
        "skipped",
        "unchanged",
        "removed",
        "notices",
        "chunks",
        "embedded",
        "chars",
        "seconds",
        "stage_seconds",
        "errors",
        "interrupted",
        "pending",
        "left_out",
        "ocr_pages",
        "low_confidence",
    }
    assert data["skipped"][0]["source"] == "empty.txt" and data["skipped"][0]["reason"]


def test_corpus_index_is_complete_and_consistent(corpus_index: Indexed) -> None:
    store = corpus_index.store
    files = store.files()
    notices = store.notices()
    chunks = store.chunks()
    assert len(files) == 5 and len(notices) == 40
    assert store.stored_chunk_ids() == store.committed_chunk_ids() == {c.id for c in chunks}
    by_id = {n.id: n for n in notices}
    for c in chunks:
        assert by_id[c.notice_id].text[c.start : c.end] == c.text
    assert {c.notice_id for c in chunks} == set(by_id)
    assert len(for_store(store, corpus_index.settings.store_dir)) == len(chunks)


def test_name_collision_renames_without_duplicates(
    tmp_path: Path, settings: Settings, store: NoticeStore
) -> None:
    first = tmp_path / "a" / "notice.txt"
    second = tmp_path / "b" / "notice.txt"
    for path, (unit, short) in (
        (first, ("青禾市水务局", "市水务局")),
        (second, ("青禾市统计局", "市统计局")),
    ):
        path.parent.mkdir()
        path.write_text(notice_text(unit, short), encoding="utf-8")
    run(first, settings, store)
    assert set(store.files()) == {"notice.txt"}
    run([first, second], settings, store)
    assert set(store.files()) == {"a/notice.txt", "b/notice.txt"}
    assert len(store.notices()) == 2
    assert store.stored_chunk_ids() == store.committed_chunk_ids()


def test_code_change_reparses_without_reembedding(
    tmp_path: Path, settings: Settings, store: NoticeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.report as report_module

    write_corpus(tmp_path / "docs", 1)
    run(tmp_path / "docs", settings, store)
    assert run(tmp_path / "docs", settings, store).unchanged == 1
    monkeypatch.setattr(report_module, "code_version", lambda: "other-code")
    report = run(tmp_path / "docs", settings, store)
    assert report.files_read == 1 and report.unchanged == 0
    assert report.embedded == 0


def test_progress_inside_a_file_is_reported_per_embedding_batch(
    tmp_path: Path, settings: Settings, store: NoticeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index import pipeline

    monkeypatch.setattr(pipeline, "EMBED_BATCH", 4)
    write_corpus(tmp_path / "docs", 2)
    steps: list[tuple[str, int, int]] = []
    report = build_index(
        [tmp_path / "docs"],
        settings,
        HashEmbedder(),
        store,
        progress=False,
        on_step=lambda *s: steps.append(s),
    )
    by_file: dict[str, list[tuple[int, int]]] = {}
    for source, done, total in steps:
        by_file.setdefault(source, []).append((done, total))
    assert sorted(by_file) == ["01_市文旅局.txt", "02_市水务局.txt"]
    for moves in by_file.values():
        total = moves[0][1]
        assert moves[0] == (0, total) and moves[-1] == (total, total) and total > 4
        assert [d for d, _ in moves] == sorted(d for d, _ in moves) and len(moves) > 2
    assert sum(moves[-1][1] for moves in by_file.values()) == report.embedded
