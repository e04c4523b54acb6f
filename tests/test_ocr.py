"""Scanned PDFs and photos of a notice, read by real text recognition and indexed by the real pipeline.

A fictional notice of ``data/sample`` is drawn with a CJK font into an image-only PDF, a photo-like
PNG (turned, blurred, noisy) and a mixed PDF (first page with a text layer, the others scanned);
they are indexed together in the parse worker into Chroma on disk, and the notice must come back
with the unit and facts the typed text gives, every OCR passage with its page and confidence.
Files over the recognition budgets, damaged images and locked PDFs are reported and skipped.
"""

from __future__ import annotations

import io
from dataclasses import replace
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from core.config import SAMPLE_CORPUS, Settings
from core.types import Chunk, Notice
from index.cleaning import clean
from index.splitting import parse_notices
from tests import netguard
from tests import scan_factory as sf

pytestmark = pytest.mark.slow

SOURCE = SAMPLE_CORPUS / "01_岚江市财政局.txt"


class Run:
    """What indexing the rendered files gave."""

    def __init__(self, settings: Settings, report: object, pages: list[tuple[str, int, int]]) -> None:
        from assistant.factory import make_assistant

        self.settings = settings
        self.report = report
        self.pages = pages
        self.assistant = make_assistant(settings)
        self.notices = {n.source: n for n in self.assistant.store.notices()}
        self.chunks: dict[str, list[Chunk]] = {}
        for c in sorted(self.assistant.store.chunks(), key=lambda c: c.ordinal):
            self.chunks.setdefault(c.source, []).append(c)


def _typed() -> Notice:
    return parse_notices(clean(SOURCE.read_text(encoding="utf-8")), "typed.txt")[0]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    from assistant.factory import make_embedder, make_store
    from index.pipeline import build_index

    folder = tmp_path_factory.mktemp("scans")
    pages = sf.pages(SOURCE.read_text(encoding="utf-8"))
    (folder / "scan.pdf").write_bytes(sf.image_pdf(pages))
    sf.photo(pages[0]).save(folder / "photo.png")
    first = sf.page_lines(SOURCE.read_text(encoding="utf-8"))[0]
    mixed = sf.merge_pdfs([sf.text_pdf([first]), sf.image_pdf(pages[1:])])
    (folder / "mixed.pdf").write_bytes(mixed)
    settings = Settings(
        store_dir=tmp_path_factory.mktemp("store"), embedder="hash", collection="ocr", parse_timeout=5.0
    )
    embedder = make_embedder(settings)
    store = make_store(settings, embedder)
    seen: list[tuple[str, int, int]] = []
    report = build_index(
        [folder], settings, embedder, store, progress=False, on_page=lambda s, d, t: seen.append((s, d, t))
    )
    return Run(settings, report, seen)


def test_nothing_failed_and_every_rendered_file_is_indexed(run: Run) -> None:
    assert not run.report.errors and not run.report.skipped, (run.report.errors, run.report.skipped)
    assert set(run.notices) == {"scan.pdf", "photo.png", "mixed.pdf"}
    assert run.report.ocr_pages == 3 + 1 + 2  # the mixed PDF's text page is not recognized
    assert run.report.low_confidence == ()


@pytest.mark.parametrize("source", ["scan.pdf", "photo.png", "mixed.pdf"])
def test_the_notice_comes_back_with_its_unit_and_facts(run: Run, source: str) -> None:
    typed, read = _typed(), run.notices[source]
    assert read.unit == typed.unit == "中共岚江市财政局党组"
    assert read.title == typed.title
    keys = ["problems", "measures", "inspection_body"]
    if source != "mixed.pdf":  # its first page is a text layer, wrapped mid-sentence (反\n馈了巡察意见)
        keys.append("feedback_date")
    for key in keys:
        want, got = getattr(typed.facts, key), getattr(read.facts, key)
        assert want is not None and got is not None and got.value == want.value, (key, want, got)
    if source != "photo.png":  # the photo is of the first page only
        assert len(read.problems) == len(typed.problems) == 9
        for r, t in zip(read.problems, typed.problems, strict=True):  # a quote mark may be misread
            assert SequenceMatcher(None, r.heading, t.heading).ratio() > 0.9, (r.heading, t.heading)
        assert read.facts.signed is not None and read.facts.signed.value == typed.facts.signed.value


@pytest.mark.parametrize(
    ("source", "text_pages"),
    [("scan.pdf", set()), ("photo.png", set()), ("mixed.pdf", {1})],
)
def test_every_chunk_keeps_its_page_and_recognition_confidence(
    run: Run, source: str, text_pages: set[int]
) -> None:
    chunks = run.chunks[source]
    pages = [c.page for c in chunks]
    assert None not in pages and pages == sorted(pages)  # type: ignore[type-var]
    assert set(pages) == ({1} if source == "photo.png" else {1, 2, 3})
    for c in chunks:
        if c.page in text_pages:
            assert c.ocr_confidence is None and c.ocr_note == ""
        else:
            assert c.ocr_confidence is not None and 0.85 < c.ocr_confidence <= 1.0
            assert c.ocr_note == f"（文字识别，第{c.page}页，置信度{c.ocr_confidence:.2f}）"
    if source != "photo.png":
        assert next(c for c in chunks if "2023年9月20日" in c.text).page == 3


def test_recognition_is_followed_page_by_page(run: Run) -> None:
    by_file: dict[str, list[tuple[int, int]]] = {}
    for source, done, total in run.pages:
        by_file.setdefault(source, []).append((done, total))
    assert by_file == {
        "scan.pdf": [(0, 3), (1, 3), (2, 3), (3, 3)],
        "photo.png": [(0, 1), (1, 1)],
        "mixed.pdf": [(0, 2), (1, 2), (2, 2)],
    }


def test_answers_cite_the_scan_with_its_page(run: Run) -> None:
    answer = run.assistant.ask("岚江市财政局巡察反馈的问题有几个？")
    assert not answer.refused, answer.text
    assert answer.citations
    for c in answer.citations:  # the fact sits on page 1: recognized in the scans, a text layer in mixed.pdf
        if c.source == "mixed.pdf":
            assert (c.page, c.ocr_note) == (1, ""), c
        else:
            assert c.ocr_note.startswith("（文字识别，第1页，置信度"), c
    hits = run.assistant.retrieve("财务报销审核把关不严，部分票据手续不完备").hits
    assert hits and hits[0].chunk.ocr_note, hits[:1]


# --- limits and bad files ------------------------------------------------------------------


def _scan_bytes(n_pages: int = 2) -> bytes:
    return sf.image_pdf(sf.pages(SOURCE.read_text(encoding="utf-8"))[:n_pages])


def _blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _locked(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="secret", algorithm="AES-256")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _png_bytes() -> bytes:
    buf = io.BytesIO()
    sf.pages("标题\n正文")[0].save(buf, "PNG")
    return buf.getvalue()


BAD = [
    pytest.param("cut.png", lambda: _png_bytes()[:3000], {}, "文件损坏：无法解析图片", id="truncated-png"),
    pytest.param(
        "noise.jpg",
        lambda: b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20,
        {},
        "文件损坏：无法解析图片",
        id="junk-jpeg",
    ),
    pytest.param(
        "text.tif", lambda: "整改通报".encode() * 50, {}, "文件损坏：无法解析图片", id="text-named-tiff"
    ),
    pytest.param("blank.bmp", lambda: _bmp_blank(), {}, "图片中没有识别出文字", id="image-without-text"),  # noqa: PLW0108
    pytest.param("locked.pdf", lambda: _locked(_scan_bytes(1)), {}, "PDF 已加密", id="password-pdf"),
    pytest.param(
        "long.pdf",
        lambda: _blank_pdf(301),
        {},
        "需要文字识别的页数过多（301 页，上限 300 页）",
        id="301-page-scan",
    ),
    pytest.param(
        "two.pdf",
        _scan_bytes,
        {"ocr_max_pages": 1},
        "需要文字识别的页数过多（2 页，上限 1 页）",
        id="page-limit",
    ),
    pytest.param(
        "slow.pdf", _scan_bytes, {"ocr_max_seconds": 0.0}, "文字识别超时（已识别 0/2 页", id="time-limit"
    ),
    pytest.param("big.png", _png_bytes, {"max_image_pixels": 1000}, "图片像素过多", id="pixel-limit"),
]


def _bmp_blank() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buf, "BMP")
    return buf.getvalue()


@pytest.mark.parametrize(("name", "make", "overrides", "reason"), BAD)
def test_a_bad_or_oversized_file_is_skipped_whole_and_the_others_indexed(
    tmp_path: Path, settings: Settings, name: str, make: object, overrides: dict[str, object], reason: str
) -> None:
    from assistant.factory import make_embedder, make_store
    from index.pipeline import build_index

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(make())  # type: ignore[operator]
    (folder / "ok.txt").write_text(SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    settings = replace(settings, **overrides)
    embedder = make_embedder(settings)
    store = make_store(settings, embedder)
    report = build_index([folder], settings, embedder, store, progress=False)
    skipped = dict(report.skipped)
    assert skipped.get(name, "").startswith(reason), skipped
    assert not report.errors and report.files_read == 1
    assert {n.source for n in store.notices()} == {"ok.txt"}


def test_limits_are_read_from_the_environment() -> None:
    s = Settings.from_env(
        {
            "ASSISTANT_OCR_MAX_PAGES": "12",
            "ASSISTANT_OCR_MAX_SECONDS": "30",
            "ASSISTANT_OCR_MEMORY_MB": "2048",
            "ASSISTANT_OCR_MIN_CONFIDENCE": "0.9",
        }
    )
    assert (s.ocr_max_pages, s.ocr_max_seconds, s.ocr_memory_mb, s.ocr_min_confidence) == (
        12,
        30.0,
        2048,
        0.9,
    )
    from index.guards import FileLimits

    limits = FileLimits.from_settings(s)
    assert (limits.max_ocr_pages, limits.max_ocr_seconds, limits.ocr_memory_mb) == (12, 30.0, 2048)


def test_recognition_needs_no_network() -> None:
    from index import ocr

    before = len(netguard.ATTEMPTS)
    page = sf.pages("关于整改情况的通报\n截至目前，9个问题已完成整改7个。")[0]
    text, confidence = ocr.recognize(page)
    assert "9个问题已完成整改7个" in text and confidence is not None and confidence > 0.9
    assert len(netguard.ATTEMPTS) == before


@pytest.mark.parametrize(
    ("orientation", "stored_as"),
    [(1, None), (3, "ROTATE_180"), (6, "ROTATE_90"), (8, "ROTATE_270")],
)
def test_a_photo_stored_sideways_is_read_upright_by_its_exif_orientation(
    orientation: int, stored_as: str | None
) -> None:
    from PIL import Image

    from index import ocr
    from index.guards import FileLimits

    upright = sf.pages("关于整改情况的通报\n截至目前，已完成整改问题7个，正在推进2个。")[0].convert("RGB")
    stored = upright if stored_as is None else upright.transpose(getattr(Image.Transpose, stored_as))
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    stored.save(buf, "JPEG", quality=85, exif=exif.tobytes())
    paged = ocr.read_image(buf.getvalue(), FileLimits())
    assert "已完成整改问题7个，正在推进2个。" in paged.texts[0], paged.texts


@pytest.mark.parametrize(("threshold", "listed"), [("0.995", True), ("0.5", False)])
def test_the_cli_report_counts_recognized_pages_and_lists_doubtful_ones(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    threshold: str,
    listed: bool,
) -> None:
    from assistant.cli.main import main

    folder = tmp_path / "in"
    folder.mkdir()
    text = "中共岚江市财政局党组关于巡察整改情况的通报\n截至目前，9个问题中已完成整改7个，2个正在推进。"
    sf.photo(sf.pages(text)[0]).save(folder / "photo.png")
    monkeypatch.setenv("ASSISTANT_OCR_MIN_CONFIDENCE", threshold)
    assert main(["index", str(folder), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "文字识别 1 页(扫描件、图片)" in out, out
    doubtful = [
        line for line in out.splitlines() if line.startswith("置信度低 photo.png 第1页：文字识别置信度 0.")
    ]
    assert len(doubtful) == (1 if listed else 0), out
