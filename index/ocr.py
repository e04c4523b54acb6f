"""Text recognition of scanned pages and photos, offline, under a page and a time budget.

A PDF page without a text layer (a scan) and an image file (.png .jpg .tif .bmp) have no text to
extract; their pixels are read by PP-OCR (``rapidocr-onnxruntime``: detection, direction and
recognition models shipped inside the wheel, run by onnxruntime on the CPU, nothing downloaded).
PDF pages are rendered with PDFium (``pypdfium2``) at ``DPI``; ``index.ocr_layout`` turns the boxes
found on a page back into lines and paragraphs. A PDF whose pages all have a text layer never
loads the models; in a mixed PDF only the pages without text are recognized.

Budgets, checked before any page is recognized and between pages: at most
``FileLimits.max_ocr_pages`` pages per file and ``FileLimits.max_ocr_seconds`` seconds of
recognition per file. A file over either is refused whole with the reason, never half indexed.
The models need more address space than parsing text does (about 1.5 GB with their libraries),
so the parse worker's memory cap is raised to ``FileLimits.ocr_memory_mb`` for the file that
needs them (``index.isolation`` retires that worker afterwards).

Whoever parses can follow the work page by page: ``reporting(on_page)`` makes every recognition
call ``on_page(pages done, pages to recognize)``, first with 0 before the models load.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from index.ocr_layout import boxes_from, mean_score, page_text

if TYPE_CHECKING:
    from PIL.Image import Image

    from index.guards import FileLimits

PageProgress = Callable[[int, int], None]
"""``on_page(pages recognized, pages to recognize)``."""

DPI = 150
"""Resolution PDF pages are rendered at for recognition (body text of 16 pt is 33 pixels high)."""
MAX_SIDE = 3000
"""Longest side, in pixels, an image is reduced to before recognition (a 600 dpi scan is 7000)."""
TEXT_LAYER_CHARS = 10
"""A PDF page with fewer non-blank characters than this in its text layer is recognized."""

_progress: ContextVar[PageProgress | None] = ContextVar("ocr_progress", default=None)


class OcrRefused(Exception):
    """A file that recognition will not read (over a budget, unreadable); ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Page:
    """Where one page's text lies in a document's text, and how it was read."""

    number: int
    """1-based page number (for an image file: 1, or the frame of a multi-page TIFF)."""
    start: int
    """Offset of the page's text in ``RawDocument.text``."""
    end: int
    """End offset (exclusive)."""
    ocr: bool = False
    """True when the text was recognized from pixels, False when it came from a text layer."""
    confidence: float | None = None
    """Mean score of the page's recognized boxes (0–1); None for a text layer or a page without text."""


@dataclass(frozen=True)
class Paged:
    """A reader's result page by page: each page's text and how it was read."""

    texts: tuple[str, ...]
    """The text of each page, in order."""
    ocr: tuple[bool, ...]
    """Whether each page was recognized."""
    confidences: tuple[float | None, ...]
    """Each page's recognition confidence (None: text layer, or nothing recognized)."""

    def join(self, normalize: Callable[[str], str]) -> tuple[str, tuple[Page, ...]]:
        r"""The document's text (pages joined by a line break, each ``normalize``d) and its page map.

        >>> text, pages = Paged(("甲\r\n", "乙"), (False, True), (None, 0.9)).join(lambda s: s.replace("\r", ""))
        >>> text, [(p.number, text[p.start:p.end], p.ocr) for p in pages]
        ('甲\n\n乙', [(1, '甲\n', False), (2, '乙', True)])
        """
        parts: list[str] = []
        pages: list[Page] = []
        at = 0
        for i, (raw, ocr, conf) in enumerate(zip(self.texts, self.ocr, self.confidences, strict=True)):
            if parts:
                parts.append("\n")
                at += 1
            text = normalize(raw)
            pages.append(Page(i + 1, at, at + len(text), ocr, conf))
            parts.append(text)
            at += len(text)
        return "".join(parts), tuple(pages)


@contextmanager
def reporting(on_page: PageProgress | None) -> Iterator[None]:
    """Within the block, every recognized page is reported to ``on_page``."""
    token = _progress.set(on_page)
    try:
        yield
    finally:
        _progress.reset(token)


def needs_ocr(text: str) -> bool:
    """Whether a PDF page's text layer is too thin to be its text (a scan, perhaps with a page number).

    >>> needs_ocr(""), needs_ocr(" - 3 - "), needs_ocr("根据市委统一部署，市委第三巡察组对本局进行了巡察。")
    (True, True, False)
    """
    return sum(not c.isspace() for c in text) < TEXT_LAYER_CHARS


def fill_pdf(data: bytes, texts: Sequence[str], limits: FileLimits) -> Paged:
    """The pages of a PDF, those without a text layer recognized; ``texts`` are the text layers.

    Raises:
        OcrRefused: Too many pages to recognize, over the time budget, or the PDF cannot be rendered.
    """
    todo = [i for i, text in enumerate(texts) if needs_ocr(text)]
    if not todo:
        return Paged(tuple(texts), (False,) * len(texts), (None,) * len(texts))
    _check_pages(len(todo), limits)
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise OcrRefused(f"PDF 无法渲染为图片，不能做文字识别（{exc}）") from exc
    out: list[str] = list(texts)
    ocr: list[bool] = [False] * len(texts)
    conf: list[float | None] = [None] * len(texts)
    try:
        with _Session(len(todo), limits) as session:
            for i in todo:
                page = pdf[i]
                try:
                    image = page.render(scale=_scale(page.get_size())).to_pil()
                finally:
                    page.close()
                out[i], conf[i] = session.read(image)
                ocr[i] = True
    finally:
        pdf.close()
    if not any(text.strip() for text in out):
        raise OcrRefused("PDF 中没有文字：页面没有文字层，文字识别也没有找到文字")
    return Paged(tuple(out), tuple(ocr), tuple(conf))


def read_image(data: bytes, limits: FileLimits) -> Paged:
    """The text of an image file (each frame of a multi-page TIFF is a page).

    Raises:
        OcrRefused: The image is damaged, has too many frames, no text is found, or over the time budget.
    """
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
        _check_pages(frames, limits)
        texts: list[str] = []
        confs: list[float | None] = []
        with _Session(frames, limits) as session:
            for frame in ImageSequence.Iterator(image):
                frame.load()
                text, conf = session.read(ImageOps.exif_transpose(frame))  # a phone's photo stands upright
                texts.append(text)
                confs.append(conf)
    except OcrRefused:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        ValueError,
        SyntaxError,
        EOFError,
    ) as exc:
        raise OcrRefused(f"文件损坏：无法解析图片（{type(exc).__name__}）") from exc
    if not any(t.strip() for t in texts):
        raise OcrRefused("图片中没有识别出文字")
    return Paged(tuple(texts), (True,) * len(texts), tuple(confs))


def _check_pages(pages: int, limits: FileLimits) -> None:
    if pages > limits.max_ocr_pages:
        raise OcrRefused(
            f"需要文字识别的页数过多（{pages} 页，上限 {limits.max_ocr_pages} 页），未索引"
            "（可调整 ASSISTANT_OCR_MAX_PAGES）"
        )


def _scale(size: tuple[float, float]) -> float:
    """The render scale of a page of ``size`` points: ``DPI``, reduced so no side exceeds ``MAX_SIDE``.

    >>> round(_scale((595, 842)), 3), round(_scale((5950, 8420)), 3)
    (2.083, 0.356)
    """
    return min(DPI / 72, MAX_SIDE / max(size[0], size[1], 1))


class _Session:
    """Recognition of one file's pages: loads the engine, keeps the time budget, reports progress."""

    def __init__(self, pages: int, limits: FileLimits) -> None:
        self.pages = pages
        self.limits = limits
        self.done = 0
        self.started = 0.0
        self.engine: Any = None

    def __enter__(self) -> Self:
        self._report()
        self.started = time.monotonic()
        _raise_memory_cap(self.limits.ocr_memory_mb)
        self.engine = engine()
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def _report(self) -> None:
        on_page = _progress.get()
        if on_page is not None:
            on_page(self.done, self.pages)

    def read(self, image: Image) -> tuple[str, float | None]:
        """The text and confidence of one page image.

        Raises:
            OcrRefused: The file's recognition time is spent.
        """
        spent = time.monotonic() - self.started
        if spent > self.limits.max_ocr_seconds:
            raise OcrRefused(
                f"文字识别超时（已识别 {self.done}/{self.pages} 页，用时 {spent:.0f} 秒，"
                f"上限 {self.limits.max_ocr_seconds:g} 秒），未索引（可调整 ASSISTANT_OCR_MAX_SECONDS）"
            )
        text, conf = recognize(image, self.engine)
        self.done += 1
        self._report()
        return text, conf


def recognize(image: Image, ocr: Any = None) -> tuple[str, float | None]:
    """The text of one page image and its confidence (mean box score; None when nothing is found)."""
    import numpy as np

    if image.mode != "RGB":
        image = image.convert("RGB")
    if max(image.size) > MAX_SIDE:
        image = image.copy()
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    result, _ = (ocr or engine())(np.asarray(image))
    boxes = boxes_from(result or [])
    return page_text(boxes), mean_score(boxes)


_engine: Any = None


def engine() -> Any:
    """The recognition engine, loaded once per process (about half a second)."""
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime import RapidOCR

        _engine = RapidOCR()
    return _engine


def _raise_memory_cap(memory_mb: int) -> None:
    """Let this process use ``memory_mb`` of address space if it is capped lower (the parse worker)."""
    try:
        import resource
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY or memory_mb <= 0:
        if memory_mb <= 0 and soft != resource.RLIM_INFINITY:
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        return
    want = memory_mb * 2**20
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    if want > soft:
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
