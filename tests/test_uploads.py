"""Uploaded files: checked, saved under sanitized names, indexed one by one with a report line each."""

from __future__ import annotations

import doctest
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.factory import make_assistant
from core.config import SAMPLE_CORPUS, Settings
from tests.notice_factory import notice_text
from ui import uploads


def test_doctests() -> None:
    result = doctest.testmod(uploads)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("name", "size", "accepted"),
    [
        pytest.param("通报.txt", 100, True, id="txt"),
        pytest.param("通报.DOCX", 100, True, id="upper-case-suffix"),
        pytest.param("通报.pdf", 20 * 1024 * 1024, True, id="at-limit"),
        pytest.param("通报.pdf", 20 * 1024 * 1024 + 1, False, id="over-limit"),
        pytest.param("通报.exe", 100, False, id="type"),
        pytest.param("通报", 100, False, id="no-suffix"),
        pytest.param("通报.txt", 0, False, id="empty"),
    ],
)
def test_check_upload(
    name: str, size: int, accepted: bool, record_property: Callable[[str, object], None]
) -> None:
    reason = uploads.check_upload(name, size)
    assert (reason is None) == accepted
    mib, rest = divmod(size, 2**20)
    shown = f"{mib} MB" + (f" + {rest} B" if rest else "") if mib else f"{size} B"
    record_property(
        "figure", f"{name}, {shown}: " + ("accepted" if reason is None else f"refused, “{reason}”")
    )


def test_save_uploads_keeps_files_inside_the_folder(
    tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    folder = tmp_path / "store" / "uploads"
    saved = uploads.save_uploads(
        [
            ("../../evil.txt", "甲".encode()),
            ("子目录/通报 一.txt", "乙".encode()),
            ("big.pdf", b"x" * (2 * 1024 * 1024 + 1)),
            ("run.sh", b"echo"),
        ],
        folder,
        max_mb=2,
    )
    assert [p.name for p in saved.saved] == ["evil.txt", "通报_一.txt"]
    assert all(p.parent == folder and p.is_file() for p in saved.saved)
    assert not (tmp_path / "evil.txt").exists()
    assert [(r.name, r.outcome) for r in saved.rejected] == [("big.pdf", "rejected"), ("run.sh", "rejected")]
    assert "不能超过 2 MB" in saved.rejected[0].reason
    record_property(
        "figure",
        f"4 uploads: {len(saved.saved)} saved inside the folder (../../evil.txt → {saved.saved[0].name}), "
        f"{len(saved.rejected)} refused ({'; '.join(r.reason.split('（')[0] for r in saved.rejected)}), "
        f"{sum(1 for p in tmp_path.rglob('*') if p.is_file() and p.parent != folder)} files written outside",
    )


def test_index_files_reports_each_file_and_moves_progress(settings: Settings, tmp_path: Path) -> None:
    assistant = make_assistant(settings)
    good = tmp_path / "青川县林业局.txt"
    good.write_text(notice_text("青川县林业局", "县林业局"), encoding="utf-8")
    stray = tmp_path / "损坏.pdf"
    stray.write_bytes(b"not a pdf at all")
    calls: list[tuple[int, int, str]] = []

    lines, report = uploads.index_files(assistant.index, [good, stray], lambda *a: calls.append(a))

    assert [(r.name, r.outcome) for r in lines] == [("青川县林业局.txt", "indexed"), ("损坏.pdf", "skipped")]
    assert "新增通报 1 篇" in lines[0].reason and lines[1].reason
    assert calls == [(0, 2, "青川县林业局.txt"), (1, 2, "损坏.pdf"), (2, 2, "")]
    assert report is not None and report.notices == 1
    assert [n.source for n in assistant.notices()] == ["青川县林业局.txt"]

    again, _ = uploads.index_files(assistant.index, [good], notices_before=1)
    assert [r.outcome for r in again] == ["unchanged"]


def test_index_files_with_nothing_to_do(settings: Settings) -> None:
    lines, report = uploads.index_files(make_assistant(settings).index, [])
    assert lines == [] and report is None


def test_expand_lists_the_sample_files() -> None:
    files = uploads.expand([SAMPLE_CORPUS])
    assert files and all(f.parent == SAMPLE_CORPUS for f in files)
    assert files == sorted(files)


def test_forget_upload_only_touches_the_uploads_folder(tmp_path: Path) -> None:
    store = tmp_path / "store"
    folder = uploads.uploads_dir(store, "notices")
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("甲", encoding="utf-8")
    (folder.parent / "b.txt").write_text("乙", encoding="utf-8")
    assert uploads.forget_upload(folder, "a.txt") is True
    assert not (folder / "a.txt").exists()
    assert uploads.forget_upload(folder, "../b.txt") is False
    assert uploads.forget_upload(folder, "missing.txt") is False
    assert (folder.parent / "b.txt").exists()


def test_the_uploader_accepts_every_type_the_loaders_read() -> None:
    from index.loaders import LEDGER_SUFFIXES, SUPPORTED_SUFFIXES
    from ui.uploads import UPLOAD_TYPES

    assert set(UPLOAD_TYPES) == {suffix.lstrip(".") for suffix in {*SUPPORTED_SUFFIXES, *LEDGER_SUFFIXES}}
