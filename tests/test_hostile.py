"""Hostile and pathological files: each one is refused with a reason a user understands, or parsed
in linear time, and every other file of the run is indexed all the same.

Everything is built here, nothing opaque is committed: zip bombs (.docx, .xlsx), an image that
declares 30,000 × 30,000 pixels, a 3,000-page PDF, HTML nested 200,000 levels deep, a megabyte of
Chinese on one line, files whose parsing exceeds the worker's memory or time budget, and a run
interrupted by Ctrl-C. The cases that index record the figure they measured
(``benchmarks/robustness_table.py``).
"""

from __future__ import annotations

import io
import json
import logging
import signal
import struct
import sys
import threading
import time
import types
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from assistant.accounts.grants import DEFAULT_KB
from assistant.cli.main import main
from assistant.factory import make_embedder, make_office, make_store
from benchmarks.bench_hostile import PATTERNS, single_line
from core.config import Settings
from index import isolation
from index.guards import FileLimits, archive_refusal, image_refusal, image_size, pdf_refusal
from index.loaders import LoadError
from index.parsing import ParsedFile, ParseJob
from index.pipeline import IndexReport, build_index
from tests.notice_factory import notice_text

Figure = Callable[[str, object], None]
OTHERS = {"a_notice.txt": ("青禾市审计局", "市审计局"), "z_notice.txt": ("青禾市民政局", "市民政局")}
"""Ordinary notices indexed beside every hostile file (one sorts before it, one after)."""


def _index(
    tmp_path: Path, settings: Settings, hostile: dict[str, bytes]
) -> tuple[IndexReport, set[str], float]:
    """Index the hostile files between two ordinary notices; the report, the indexed sources, seconds."""
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    for name, (unit, short) in OTHERS.items():
        (docs / name).write_text(notice_text(unit, short), encoding="utf-8")
    for name, data in hostile.items():
        (docs / name).write_bytes(data)
    embedder = make_embedder(settings)
    store = make_store(settings, embedder)
    paths = sorted(docs / name for name in [*OTHERS, *hostile])  # named: .xlsx and .png too
    started = time.perf_counter()
    report = build_index(paths, settings, embedder, store, progress=False)
    seconds = time.perf_counter() - started
    return report, {n.source for n in store.notices()}, seconds


def _others_indexed(sources: set[str]) -> str:
    assert set(OTHERS) <= sources, sources
    return f"{len(OTHERS)}/{len(OTHERS)} other notices indexed"


# --- builders ------------------------------------------------------------------------------------


def _zip_bomb(template: bytes, member: str, unpacked_mb: int, unit: bytes) -> bytes:
    """``template`` (a real .docx/.xlsx) with ``member`` replaced by ``unpacked_mb`` MB of repeated XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info))
        with dst.open(member, "w", force_zip64=True) as f:
            chunk = unit * (2**20 // len(unit))
            for _ in range(unpacked_mb):
                f.write(chunk)
    return out.getvalue()


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("中共青禾市水务局党组关于巡察整改情况的通报")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    """A minimal workbook: content types, workbook, one sheet."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet><sheetData/></worksheet>',
    }  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts.items():
            z.writestr(name, xml)
    return out.getvalue()


DOCX_XML = "<w:p><w:r><w:t>整改</w:t></w:r></w:p>".encode()
SHEET_XML = b'<row><c t="inlineStr"><is><t>1</t></is></c></row>'


def _png(width: int, height: int) -> bytes:
    """A PNG header declaring ``width`` × ``height`` (an IHDR and nothing to decode)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + b"\x00" * 4


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _deep_html(depth: int) -> bytes:
    body = notice_text("青禾市档案局", "市档案局").replace("\n", "<br>")
    return f"<html><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>".encode()


# --- zip containers, images, PDFs: refused before they are opened ---------------------------------


def test_zip_bombs_are_refused_unopened(
    tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture, record_property: Figure
) -> None:
    bombs = {
        "bomb.docx": _zip_bomb(_docx(), "word/document.xml", 210, DOCX_XML),
        "bomb.xlsx": _zip_bomb(_xlsx(), "xl/worksheets/sheet1.xml", 210, SHEET_XML),
        "dense.docx": _zip_bomb(_docx(), "word/document.xml", 30, DOCX_XML),  # under 200 MB, ratio absurd
    }
    with caplog.at_level(logging.WARNING, logger="index.pipeline"):
        report, sources, seconds = _index(tmp_path, settings, bombs)
    skipped = dict(report.skipped)
    assert skipped["bomb.docx"].startswith("解压后超过 200 MB，疑似压缩炸弹"), skipped
    assert skipped["bomb.xlsx"].startswith("解压后超过 200 MB，疑似压缩炸弹"), skipped
    assert skipped["dense.docx"].startswith("压缩比异常（word/document.xml 解压后 30 MB"), skipped
    assert "疑似压缩炸弹" in skipped["dense.docx"]
    assert report.errors == () and report.files_read == len(OTHERS)
    assert any("跳过 bomb.docx: 解压后超过 200 MB" in r.getMessage() for r in caplog.records)  # the log
    sizes = ", ".join(f"{name} {len(data) / 2**20:.1f} MB" for name, data in bombs.items())
    record_property(
        "figure",
        f"{sizes} on disk (210, 210, 30 MB of XML inside): all 3 refused unopened "
        f"(“解压后超过 200 MB，疑似压缩炸弹” ×2, “压缩比异常…”), {_others_indexed(sources)}, run {seconds:.1f} s",
    )


def test_an_image_of_a_billion_pixels_is_refused_undecoded(
    tmp_path: Path, settings: Settings, record_property: Figure
) -> None:
    report, sources, _ = _index(
        tmp_path, settings, {"huge.png": _png(30_000, 30_000), "small.png": _png(64, 64)}
    )
    skipped = dict(report.skipped)
    assert skipped["huge.png"].startswith("图片像素过多（30000×30000，共 9.0 亿像素"), skipped
    assert skipped["small.png"].startswith("文件损坏：无法解析图片"), (
        skipped
    )  # a header and nothing to decode
    record_property(
        "figure",
        f"a {len(_png(30_000, 30_000))}-byte PNG declaring 30,000 × 30,000: refused from its header "
        f"(“{skipped['huge.png'].split('，疑似')[0]}”), {_others_indexed(sources)}",
    )


def test_a_pdf_over_the_page_limit_is_reported_not_cut_short(
    tmp_path: Path, settings: Settings, record_property: Figure
) -> None:
    report, sources, _seconds = _index(tmp_path, settings, {"long.pdf": _pdf(3000)})
    reason = dict(report.skipped)["long.pdf"]
    assert reason.startswith("PDF 共 3000 页，超过上限 1000 页，未读取"), reason
    record_property(
        "figure", f"3,000 blank pages: “{reason.split('，未读取')[0]}”, {_others_indexed(sources)}"
    )


@pytest.mark.parametrize(
    ("make", "limits", "expected"),
    [
        pytest.param(lambda: b"plain text", FileLimits(), None, id="not-a-zip"),
        pytest.param(lambda: b"PK\x03\x04 broken", FileLimits(), None, id="broken-zip-left-to-its-reader"),
        pytest.param(_docx, FileLimits(), None, id="ordinary-docx"),
        pytest.param(
            lambda: _zip_bomb(_docx(), "word/document.xml", 12, DOCX_XML),
            FileLimits(),
            "压缩比异常",
            id="ratio",
        ),
        pytest.param(
            lambda: _zip_bomb(_docx(), "word/document.xml", 6, DOCX_XML),
            FileLimits(max_unpacked_mb=5),
            "解压后超过 5 MB，疑似压缩炸弹",
            id="unpacked-size",
        ),
    ],
)
def test_archive_refusal(make: Callable[[], bytes], limits: FileLimits, expected: str | None) -> None:
    reason = archive_refusal(make(), limits)
    assert reason == expected if expected is None else (reason or "").startswith(expected), reason


@pytest.mark.parametrize(
    ("data", "size"),
    [
        pytest.param(_png(30_000, 20_000), (30_000, 20_000), id="png"),
        pytest.param(b"GIF89a" + struct.pack("<HH", 640, 480) + b"\x00" * 8, (640, 480), id="gif"),
        pytest.param(
            b"BM" + b"\x00" * 16 + struct.pack("<ii", 800, -600) + b"\x00" * 8, (800, 600), id="bmp-top-down"
        ),
        pytest.param(
            b"\xff\xd8\xff\xe0\x00\x04ab\xff\xc0\x00\x11\x08" + struct.pack(">HH", 1200, 1600) + b"\x03",
            (1600, 1200),
            id="jpeg",
        ),
        pytest.param(
            b"RIFF\x00\x00\x00\x00WEBPVP8X"
            + b"\x00" * 8
            + (4999).to_bytes(3, "little")
            + (2999).to_bytes(3, "little"),
            (5000, 3000),
            id="webp-extended",
        ),
        pytest.param(
            b"II*\x00\x08\x00\x00\x00\x02\x00"
            + struct.pack("<HHII", 256, 4, 1, 70_000)
            + struct.pack("<HHII", 257, 4, 1, 50_000),
            (70_000, 50_000),
            id="tiff",
        ),
        pytest.param(b"\x89PNG\r\n\x1a\n", None, id="truncated-png"),
    ],
)
def test_image_size_from_the_header(data: bytes, size: tuple[int, int] | None) -> None:
    assert image_size(data) == size
    expected_refused = size is not None and size[0] * size[1] > FileLimits().max_image_pixels
    assert (image_refusal(data, FileLimits()) is not None) == expected_refused


def test_pdf_refusal_only_above_the_limit() -> None:
    assert pdf_refusal(1000, FileLimits()) is None
    assert (
        pdf_refusal(1001, FileLimits())
        == "PDF 共 1001 页，超过上限 1000 页，未读取（可调整 ASSISTANT_MAX_PDF_PAGES）"
    )


def test_refusals_are_sentences_in_the_audit_trail(tmp_path: Path, settings: Settings) -> None:
    office = make_office(replace(settings, max_unpacked_mb=5))
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a_notice.txt").write_text(notice_text("青禾市审计局", "市审计局"), encoding="utf-8")
    (docs / "bomb.docx").write_bytes(_zip_bomb(_docx(), "word/document.xml", 6, DOCX_XML))
    office.workspace(office.operator(), DEFAULT_KB).index([docs / "a_notice.txt", docs / "bomb.docx"])
    record = office.audit.read(actions=["index"])[-1]
    assert record.outcome == "ok", record
    assert record.detail.startswith(
        "索引 1 个，未变 0 个，跳过 1 个（bomb.docx：解压后超过 5 MB，疑似压缩炸弹"
    ), record


# --- linear time ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PATTERNS))
def test_pathological_text_parses_well_within_budget(name: str, settings: Settings) -> None:
    """Each of these took minutes or longer at this size before; now a fraction of a second.

    The bound is the worker's time budget, thirty times what the patterns take on a busy machine:
    a regression shows up as a timeout, not as a flaky micro-timing.
    """
    data = PATTERNS[name](200_000)
    job = ParseJob(Path("pattern.txt"), "pattern.txt", data, settings.chunk_tokens)
    try:
        parsed = isolation.parse(job, replace(settings, parse_timeout=30))
        assert parsed.chars > 0
    except LoadError as exc:
        assert "超时" not in exc.reason and "内存" not in exc.reason, (
            exc.reason
        )  # empty after cleaning is fine


@pytest.mark.slow
def test_a_megabyte_on_one_line_is_indexed_in_linear_time(
    tmp_path: Path, settings: Settings, record_property: Figure
) -> None:
    """A generous bound (the worker's budget), not a timing: ``bench_hostile`` measures the time."""
    line = single_line(2**20)
    report, sources, seconds = _index(tmp_path, replace(settings, parse_timeout=60), {"one_line.txt": line})
    assert report.skipped == () and report.errors == ()
    assert "one_line.txt" in sources
    parse = sum(report.stage_seconds[s] for s in ("load", "clean", "split", "chunk"))
    record_property(
        "figure",
        f"1.0 MB of Chinese, no punctuation, one line: indexed, parsing {parse:.1f} s, whole run {seconds:.1f} s with {report.embedded:,} chunks embedded; "
        f"{_others_indexed(sources)}",
    )


@pytest.mark.slow
def test_html_nested_200000_levels_is_read_without_recursion(
    tmp_path: Path, settings: Settings, record_property: Figure
) -> None:
    report, sources, seconds = _index(tmp_path, settings, {"nested.html": _deep_html(200_000)})
    assert report.errors == () and report.skipped == (), (report.errors, report.skipped)
    assert "nested.html" in sources  # its notice, under 200,000 <div>s, is indexed
    record_property(
        "figure",
        f"{len(_deep_html(200_000)) / 2**20:.1f} MB page, notice under 200,000 <div>s: indexed "
        f"(walked without recursion; was “RecursionError”), {_others_indexed(sources)}, run {seconds:.1f} s",
    )


def test_recursion_in_a_reader_is_a_reason_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def deep(job: ParseJob, on_page: object = None) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(isolation, "parse_file", deep)
    job = ParseJob(Path("x.html"), "x.html", b"<p>", 320)
    assert isolation._answer(job) == ("skip", isolation.TOO_DEEP)
    assert "RecursionError" not in isolation.TOO_DEEP and "嵌套过深" in isolation.TOO_DEEP


# --- budgets -------------------------------------------------------------------------------------


def test_the_worker_runs_only_the_parsing_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not the indexing process's main script (under Streamlit: the whole app, its threads and memory)."""
    marker = tmp_path / "app_ran"
    script = tmp_path / "app.py"
    script.write_text(f"open({str(marker)!r}, 'w', encoding='utf-8').close()\n", encoding="utf-8")
    main_module = types.ModuleType("__main__")
    main_module.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main_module)
    worker = isolation.ParseWorker(memory_mb=1024)
    try:
        job = ParseJob(Path("n.txt"), "n.txt", notice_text("青禾市审计局", "市审计局").encode(), 320)
        assert worker.parse(job, timeout=60).notices
        status = Path(f"/proc/{worker._proc.pid}/status")
        if status.exists():
            threads = next(
                line for line in status.read_text(encoding="utf-8").splitlines() if line.startswith("Threads")
            )
            assert threads.split()[1] == "1", threads
    finally:
        worker.close()
    assert not marker.exists()


def _big_notices(mb: float) -> bytes:
    one = notice_text("青禾市统计局", "市统计局") + "\n"
    return one.encode("utf-8") * int(mb * 2**20 / len(one.encode("utf-8")))


@pytest.mark.slow
def test_a_file_over_the_memory_budget_is_skipped_and_the_worker_replaced(
    tmp_path: Path, settings: Settings, record_property: Figure
) -> None:
    """18 MB of notices need about 330 MB to parse; the worker may use 160 MB (it starts at about 80)."""
    budget = replace(settings, parse_memory_mb=160)
    report, sources, seconds = _index(tmp_path, budget, {"m_big.txt": _big_notices(18)})
    reason = dict(report.skipped)["m_big.txt"]
    assert reason.startswith(("解析所需内存超过上限（160 MB）", "解析进程意外退出")), reason
    assert report.errors == () and "z_notice.txt" in sources  # parsed by a new worker after the failure
    record_property(
        "figure",
        f"18 MB of notices with a 160 MB worker budget: “{reason.split('，已停止')[0]}”, the worker "
        f"replaced, {_others_indexed(sources)} (one after it), run {seconds:.1f} s",
    )


@pytest.mark.slow
def test_a_file_over_the_time_budget_is_stopped_and_skipped(
    tmp_path: Path, settings: Settings, record_property: Figure
) -> None:
    budget = replace(settings, parse_timeout=1)
    report, sources, seconds = _index(tmp_path, budget, {"m_slow.txt": single_line(6 * 2**20)})
    reason = dict(report.skipped)["m_slow.txt"]
    assert reason.startswith("解析超时（1 秒），已停止并跳过"), reason
    assert report.errors == () and "z_notice.txt" in sources
    record_property(
        "figure",
        f"6 MB on one line with a 1 s budget: “解析超时（1 秒）”, stopped, {_others_indexed(sources)}, "
        f"run {seconds:.1f} s",
    )


# --- interruption --------------------------------------------------------------------------------


def _ctrl_c() -> None:
    signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)  # as a terminal's Ctrl-C


@pytest.mark.slow
def test_ctrl_c_mid_run_returns_the_report_of_what_was_done(
    tmp_path: Path, settings: Settings, record_property: Figure, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = isolation.parse

    def parse(job: ParseJob, settings: Settings, on_page: object = None) -> ParsedFile:
        if job.source == "m_slow.txt":  # Ctrl-C as the 2nd file's parsing starts, however fast the machine
            _ctrl_c()
        return real(job, settings, on_page)  # type: ignore[arg-type]

    monkeypatch.setattr(isolation, "parse", parse)
    # Ctrl-C as a terminal's: the default handler (a library run earlier in the session may have set its own)
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        slow = {"m_slow.txt": single_line(8 * 2**20)}
        report, sources, seconds = _index(tmp_path, replace(settings, parse_timeout=0), slow)
    finally:
        signal.signal(signal.SIGINT, before)
    assert report.interrupted and report.files_read == 1 and report.pending == 1
    assert dict(report.skipped) == {"m_slow.txt": "索引被中断，此文件未索引"}
    assert sources == {"a_notice.txt"}  # what was done before Ctrl-C is indexed and readable
    (tmp_path / "docs" / "m_slow.txt").unlink()
    again = build_index(
        [tmp_path / "docs"], settings, make_embedder(settings), make_store(settings), progress=False
    )
    assert again.unchanged == 1 and again.files_read == 1 and not again.interrupted  # resumes, new worker
    record_property(
        "figure",
        f"Ctrl-C while the 2nd of 3 files was parsed: report returned after {seconds:.1f} s (1 indexed, "
        "1 interrupted, 1 pending; the worker ended), the re-run skips the indexed file",
    )


def test_cli_prints_the_report_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, (unit, short) in OTHERS.items():
        (docs / name).write_text(notice_text(unit, short), encoding="utf-8")
    real = isolation.parse

    def parse(job: ParseJob, settings: Settings, on_page: object = None) -> ParsedFile:
        if job.source == "z_notice.txt":
            raise KeyboardInterrupt
        return real(job, settings)

    monkeypatch.setattr(isolation, "parse", parse)
    assert main(["index", str(docs), "--no-progress"]) == 130
    out = capsys.readouterr().out
    assert "读取并索引文件 1 个" in out and "跳过 z_notice.txt: 索引被中断" in out and "已中断" in out
    assert main(["notices", "--json"]) == 0
    assert [n["source"] for n in json.loads(capsys.readouterr().out)] == ["a_notice.txt"]
