""".doc and .wps files through LibreOffice: indexed like the same notice as text; missing LibreOffice,
damaged, junk and password-protected files skipped whole with the reason.

The .doc files are made here: a fictional notice written as .docx (python-docx) and converted to
Word 97 by the real LibreOffice; the password-protected ones are a .docx encrypted by
msoffcrypto-tool (as Word writes it) and a Word 97 .doc saved with a password by LibreOffice (a
Basic macro in the test's own profile). Kingsoft WPS writes its .wps files in the Word 97 binary format,
so the .wps here is such a file under the .wps name (LibreOffice cannot write one itself); it goes
the same path as a .doc. Tests that run LibreOffice take seconds each and are marked slow; they
are skipped where it is not installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from core.config import Settings
from core.embeddings import HashEmbedder
from core.store.store import NoticeStore
from index.convert import (
    ENCRYPTED,
    NEED_LIBREOFFICE,
    NOT_A_DOCUMENT,
    find_soffice,
    looks_like_document,
    office_encryption,
    timeout_reason,
    to_docx,
)
from index.guards import CONVERT_SHARE, CONVERT_TIMEOUT, FileLimits
from index.loaders import SUPPORTED_SUFFIXES, LoadError, load_data, load_file
from index.pipeline import build_index
from tests.notice_factory import notice_text, without_offsets

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
NOTICE = notice_text("青禾市水务局", "市水务局")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def encrypted_docx(text: str = NOTICE, password: str = "zhenggai") -> bytes:
    """A .docx protected by an opening password, as Word writes it (ECMA-376 agile encryption)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(docx_bytes(text))).encrypt(password, out)
    return out.getvalue()


def word97(tmp: Path, text: str = NOTICE) -> bytes:
    """``text`` as a Word 97–2003 .doc written by LibreOffice."""
    assert SOFFICE is not None
    source = tmp / "source.docx"
    source.write_bytes(docx_bytes(text))
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
         "--convert-to", "doc:MS Word 97", "--outdir", str(tmp / "doc"), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    data = (tmp / "doc" / "source.doc").read_bytes()
    assert data.startswith(OLE2)
    return data


_SAVE_WITH_PASSWORD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub SaveWithPassword(src As String, dst As String, pw As String)
    Dim load(0) As New com.sun.star.beans.PropertyValue
    load(0).Name = "Hidden"
    load(0).Value = True
    doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), "_blank", 0, load())
    Dim store(1) As New com.sun.star.beans.PropertyValue
    store(0).Name = "FilterName"
    store(0).Value = "MS Word 97"
    store(1).Name = "Password"
    store(1).Value = pw
    doc.storeToURL(ConvertToURL(dst), store())
    doc.close(True)
End Sub
</script:module>
"""
"""A LibreOffice Basic macro saving a document as Word 97 with an opening password."""


def encrypted_word97(tmp: Path, password: str = "zhenggai") -> bytes:
    """A Word 97 .doc protected by an opening password (RC4), saved so by LibreOffice itself.

    ``word97`` made the profile at ``tmp/profile``; the macro goes into its Standard library."""
    assert SOFFICE is not None
    (tmp / "profile" / "user" / "basic" / "Standard" / "Module1.xba").write_text(_SAVE_WITH_PASSWORD)
    target = tmp / "locked.doc"
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
         f'macro:///Standard.Module1.SaveWithPassword("{tmp / "source.docx"}","{target}","{password}")'],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return target.read_bytes()


@pytest.fixture(scope="module")
def locked_doc(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("locked97")
    word97(tmp)
    return encrypted_word97(tmp)


@pytest.fixture(scope="module")
def doc_file(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return word97(tmp_path_factory.mktemp("word97"))


def test_doc_and_wps_are_supported() -> None:
    assert (SUPPORTED_SUFFIXES[".doc"], SUPPORTED_SUFFIXES[".wps"]) == ("doc", "wps")


@pytest.mark.parametrize(
    ("name", "found"),
    [
        pytest.param("sh", True, id="bare-name-on-path"),
        pytest.param(sys.executable, True, id="absolute-path"),
        pytest.param("no-such-office-program-7f3a", False, id="bare-name-not-on-path"),
        pytest.param("/opt/no-such-office/program/soffice", False, id="missing-path"),
        pytest.param(str(Path(sys.executable).parent), False, id="a-folder"),
        pytest.param(__file__, False, id="not-executable"),
    ],
)
def test_find_soffice(name: str, found: bool) -> None:
    assert (find_soffice(name) is not None) == found


@pytest.mark.parametrize(
    ("make", "document"),
    [
        pytest.param(lambda: OLE2 + bytes(504), True, id="ole2"),
        pytest.param(lambda: b"{\\rtf1\\ansi zhenggai}", True, id="rtf"),
        pytest.param(lambda: b"PK\x03\x04" + bytes(30), True, id="zip-docx-misnamed"),
        pytest.param("\ufeff<html><body>整改</body></html>".encode, True, id="html-with-bom"),
        pytest.param(lambda: b"MIME-Version: 1.0\r\nContent-Type: multipart/related", True, id="mht"),
        pytest.param(NOTICE.encode, False, id="plain-text"),
        pytest.param(lambda: bytes(range(256)), False, id="binary-junk"),
        pytest.param(lambda: b"", False, id="empty"),
    ],
)
def test_looks_like_document(make: object, document: bool) -> None:
    assert looks_like_document(make()) == document  # type: ignore[operator]


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        pytest.param(encrypted_docx, ENCRYPTED, id="password-protected-docx"),
        pytest.param(lambda: docx_bytes(NOTICE), None, id="plain-docx"),
        pytest.param(lambda: OLE2 + bytes(504), None, id="damaged-ole2"),
        pytest.param(NOTICE.encode, None, id="text"),
    ],
)
def test_office_encryption(make: object, reason: str | None) -> None:
    assert office_encryption(make()) == reason  # type: ignore[operator]


@pytest.mark.parametrize("name", ["locked.docx", "locked.doc", "locked.wps"])
def test_password_protected_files_are_refused_before_any_conversion(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(encrypted_docx())
    with pytest.raises(LoadError) as info:
        load_file(path, limits=FileLimits(soffice="no-such-office-program-7f3a"))
    assert info.value.reason == ENCRYPTED


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(NOTICE.encode(), NOT_A_DOCUMENT, id="text-renamed-doc"),
        pytest.param(bytes(range(256)) * 4, NOT_A_DOCUMENT, id="binary-junk"),
        pytest.param(OLE2 + bytes(504), NEED_LIBREOFFICE, id="soffice-missing"),
    ],
)
def test_refused_without_running_libreoffice(data: bytes, reason: str) -> None:
    with pytest.raises(LoadError) as info:
        to_docx(data, ".doc", FileLimits(soffice="no-such-office-program-7f3a"))
    assert info.value.reason.startswith(reason), info.value.reason


def test_settings_name_the_program_and_share_the_parse_budget() -> None:
    limits = FileLimits.from_settings(Settings.from_env({"ASSISTANT_SOFFICE": "/opt/lo/soffice"}))
    assert limits.soffice == "/opt/lo/soffice"
    assert limits.convert_timeout == CONVERT_SHARE * Settings().parse_timeout
    unbounded = FileLimits.from_settings(Settings(parse_timeout=0))
    assert unbounded.convert_timeout == CONVERT_TIMEOUT


def test_missing_libreoffice_skips_the_file_whole(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    store: NoticeStore,
    record_property: Callable[[str, object], None],
) -> None:
    """The setting names a program that does not exist: the .doc is skipped, the text file indexed."""
    monkeypatch.setenv("ASSISTANT_SOFFICE", str(tmp_path / "libreoffice" / "program" / "soffice"))
    settings = Settings.from_env()
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(notice_text("青禾市统计局", "市统计局"), encoding="utf-8")
    (folder / "b.doc").write_bytes(OLE2 + bytes(504))
    report = build_index([folder], settings, HashEmbedder(), store, progress=False)
    assert report.errors == ()
    [(source, reason)] = report.skipped
    assert source.endswith("b.doc") and reason.startswith(NEED_LIBREOFFICE) and "ASSISTANT_SOFFICE" in reason
    assert {n.source for n in store.notices()} == {"a.txt"}
    record_property("figure", f"“{reason}”; the text file beside it indexed")


@pytest.mark.slow
@needs_soffice
def test_password_protected_word97_doc_is_refused(locked_doc: bytes) -> None:
    import msoffcrypto

    assert (
        locked_doc.startswith(OLE2)
        and type(msoffcrypto.OfficeFile(io.BytesIO(locked_doc))).__name__ == "Doc97File"
    )
    with pytest.raises(LoadError) as info:
        load_data(locked_doc, Path("locked.doc"))
    assert info.value.reason == ENCRYPTED


@pytest.mark.slow
@needs_soffice
def test_doc_reads_as_its_text(doc_file: bytes) -> None:
    doc = load_data(doc_file, Path("n.doc"))
    assert doc.format == "doc"
    assert [line for line in doc.text.split("\n") if line] == [line for line in NOTICE.split("\n") if line]


@pytest.mark.slow
@needs_soffice
def test_pipeline_indexes_doc_and_wps_and_skips_bad_ones(
    tmp_path: Path,
    settings: Settings,
    store: NoticeStore,
    doc_file: bytes,
    locked_doc: bytes,
    record_property: Callable[[str, object], None],
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "n.txt").write_text(NOTICE, encoding="utf-8")
    (folder / "n.doc").write_bytes(doc_file)
    (folder / "n.wps").write_bytes(doc_file)
    (folder / "cut.doc").write_bytes(doc_file[: len(doc_file) // 3])
    (folder / "junk.doc").write_bytes(NOTICE.encode())
    (folder / "locked.doc").write_bytes(encrypted_docx())
    (folder / "locked97.doc").write_bytes(locked_doc)
    started = time.perf_counter()
    report = build_index([folder], settings, HashEmbedder(), store, progress=False)
    seconds = time.perf_counter() - started
    assert report.errors == ()
    skipped = {Path(source).name: reason for source, reason in report.skipped}
    assert set(skipped) == {"cut.doc", "junk.doc", "locked.doc", "locked97.doc"}
    assert skipped["cut.doc"].startswith("文件损坏")
    assert skipped["junk.doc"] == NOT_A_DOCUMENT
    assert skipped["locked.doc"] == skipped["locked97.doc"] == ENCRYPTED
    by_source = {Path(n.source).name: n for n in store.notices()}
    assert set(by_source) == {"n.txt", "n.doc", "n.wps"}
    text = by_source["n.txt"]
    for name in ("n.doc", "n.wps"):
        notice = by_source[name]
        assert (
            (notice.unit, notice.title)
            == (text.unit, text.title)
            == (
                "中共青禾市水务局党组",
                "中共青禾市水务局党组关于巡察整改情况的通报",
            )
        )
        assert without_offsets(notice.facts.to_json()) == without_offsets(text.facts.to_json())
        problems = [without_offsets(p.to_json()) for p in notice.problems]
        assert problems == [without_offsets(p.to_json()) for p in text.problems] and len(problems) == 3
    record_property(
        "figure",
        ".doc and .wps read as the .txt (unit, facts, 3 problems equal); skipped: "
        + "; ".join(f"{k}: {v}" for k, v in sorted(skipped.items()))
        + f"; run {seconds:.1f} s",
    )


@pytest.mark.slow
@needs_soffice
def test_slow_conversion_is_stopped_with_its_helpers(doc_file: bytes) -> None:
    import psutil

    def converters() -> list[int]:
        found = []
        for p in psutil.process_iter():
            try:
                if p.status() != psutil.STATUS_ZOMBIE and any("assistant-soffice-" in a for a in p.cmdline()):
                    found.append(p.pid)
            except psutil.Error:
                continue
        return found

    before = set(converters())
    with pytest.raises(LoadError) as info:
        to_docx(doc_file, ".doc", FileLimits(convert_timeout=0.3))
    assert info.value.reason == timeout_reason(0.3)
    deadline = time.monotonic() + 2  # SIGKILL takes effect when the kernel next schedules them
    while set(converters()) - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert set(converters()) - before == set()


@pytest.mark.slow
@needs_soffice
def test_concurrent_conversions_do_not_collide(doc_file: bytes) -> None:
    """Two conversions at once, each with its own profile: both come back with the document."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: to_docx(doc_file, ".doc", FileLimits()), range(2)))
    for data in results:
        assert data.startswith(b"PK") and "市水务局" in load_data(data, Path("n.docx")).text
    assert os.environ.get("ASSISTANT_SOFFICE") is None


@pytest.mark.slow
@needs_soffice
def test_worker_ended_mid_conversion_takes_libreoffice_with_it(doc_file: bytes) -> None:
    """The parse budget runs out while LibreOffice converts (its own limit set longer on purpose):
    the worker is ended and so is every process it started."""
    import psutil

    from index.isolation import ParseWorker
    from index.isolation import timeout_reason as parse_timeout_reason
    from index.parsing import ParseJob

    worker = ParseWorker(memory_mb=0)
    leader = worker._proc.pid
    job = ParseJob(Path("n.doc"), "n.doc", doc_file, 320, FileLimits(convert_timeout=600))
    try:
        with pytest.raises(LoadError) as info:
            worker.parse(job, timeout=0.3)
    finally:
        worker.close()
    assert info.value.reason == parse_timeout_reason(0.3)
    assert not worker.tmp.exists()  # the half-done conversion's profile and file went with it
    left = []
    for p in psutil.process_iter():
        try:
            if os.getsid(p.pid) == leader and p.status() != psutil.STATUS_ZOMBIE:  # zombies: killed, unreaped
                left.append(p.cmdline())
        except (ProcessLookupError, PermissionError, OSError):
            continue
    assert left == []


@pytest.mark.slow
@needs_soffice
def test_libreoffice_over_the_memory_cap_is_reported_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: NoticeStore, doc_file: bytes
) -> None:
    """The parse worker's address-space cap holds for LibreOffice too: at 256 MB it aborts, and the
    reason names the setting instead of calling the file damaged."""
    monkeypatch.setenv("ASSISTANT_PARSE_MEMORY_MB", "256")
    settings = Settings.from_env()
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "n.doc").write_bytes(doc_file)
    report = build_index([folder], settings, HashEmbedder(), store, progress=False)
    [(source, reason)] = report.skipped
    assert source.endswith("n.doc")
    assert reason.startswith("LibreOffice 转换失败（退出码") and "ASSISTANT_PARSE_MEMORY_MB" in reason, reason
    assert store.notices() == []
