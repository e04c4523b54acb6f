"""Scanned pages and photos of a notice, drawn with a CJK font: input for the text-recognition tests.

``pages`` lays a notice out like an official document (centred title, two-character first-line
indent, justified-looking lines of body text on A4 at 150 dpi); ``photo`` makes one page look
photographed (slightly turned, blurred, uneven light, sensor noise); ``image_pdf`` puts pages into
a PDF that has no text layer, as a scanner does, and ``text_pdf`` writes pages with a text layer.
"""

from __future__ import annotations

import io
import subprocess
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

PAGE = (1240, 1754)
"""A4 at 150 dpi."""
MARGIN = (120, 130)
"""Left/right and top/bottom margins in pixels."""
SIZE = 30
"""Body text size in pixels (about 14 pt at 150 dpi)."""
LEADING = 1.6
"""Line height as a multiple of the text size."""
_CLOSERS = set("，。、；：！？）」”’》")
_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
)


@cache
def font_path() -> str:
    """A font with Chinese glyphs on this machine (``fonts-noto-cjk`` or ``fonts-wqy-zenhei``).

    Raises:
        RuntimeError: None is installed (``.ci/run`` installs ``fonts-noto-cjk``).
    """
    for candidate in _CANDIDATES:
        if Path(candidate).exists():
            return candidate
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False)
        first = found.stdout.split(":")[0].strip()
    except OSError:
        first = ""
    if first:
        return first
    raise RuntimeError("没有中文字体：请安装 fonts-noto-cjk 或 fonts-wqy-zenhei")


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float, indent: float) -> list[str]:
    lines: list[str] = []
    line, room = "", width - indent
    for ch in text:
        w = font.getlength(ch)
        if line and font.getlength(line) + w > room and ch not in _CLOSERS:
            lines.append(line)
            line, room = "", width
        line += ch
    if line:
        lines.append(line)
    return lines


def page_lines(text: str, size: int = SIZE) -> list[list[str]]:
    """The printed lines of each page of ``pages(text)`` (what a text layer of those pages holds)."""
    return [[line for line, _, _ in rows if line] for rows in _layout(text, size)]


def pages(text: str, size: int = SIZE) -> list[Image.Image]:
    """The notice ``text`` (first line its title) laid out on as many A4 pages as it takes."""
    step = int(size * LEADING)
    out: list[Image.Image] = []
    for rows in _layout(text, size):
        page = Image.new("L", PAGE, 255)
        draw = ImageDraw.Draw(page)
        for n, (line, x, font) in enumerate(rows):
            draw.text((x, MARGIN[1] + n * step), line, font=font, fill=20)
        out.append(page)
    return out


def _layout(text: str, size: int) -> list[list[tuple[str, float, ImageFont.FreeTypeFont]]]:
    body = ImageFont.truetype(font_path(), size)
    title_font = ImageFont.truetype(font_path(), int(size * 1.3))
    width = PAGE[0] - 2 * MARGIN[0]
    rows: list[tuple[str, float, ImageFont.FreeTypeFont]] = []  # (text, x, font)
    paragraphs = [p.strip() for p in text.strip().split("\n") if p.strip()]
    for title in _wrap(paragraphs[0], title_font, width, 0):
        rows.append((title, (PAGE[0] - title_font.getlength(title)) / 2, title_font))
    rows.append(("", 0, body))
    for para in paragraphs[1:]:
        for i, line in enumerate(_wrap(para, body, width, 2 * size)):
            rows.append((line, MARGIN[0] + (2 * size if i == 0 else 0), body))
    per_page = (PAGE[1] - 2 * MARGIN[1]) // int(size * LEADING)
    return [rows[first : first + per_page] for first in range(0, len(rows), per_page)]


def photo(page: Image.Image, seed: int = 7, angle: float = 1.2) -> Image.Image:
    """``page`` as a phone photo of it: turned by ``angle`` degrees, blurred, unevenly lit, noisy."""
    rng = np.random.default_rng(seed)
    turned = page.convert("L").rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=235)
    soft = turned.filter(ImageFilter.GaussianBlur(1.1))
    pixels = np.asarray(soft, dtype=np.float32)
    h, w = pixels.shape
    light = (
        np.linspace(0.82, 1.0, w, dtype=np.float32)[None, :]
        * np.linspace(1.0, 0.88, h, dtype=np.float32)[:, None]
    )
    noisy = pixels * light + rng.normal(0, 10, pixels.shape)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).convert("RGB")


def image_pdf(images: list[Image.Image]) -> bytes:
    """A PDF whose pages are ``images`` and nothing else (no text layer), at 150 dpi."""
    buf = io.BytesIO()
    first, *rest = [im.convert("RGB") for im in images]
    first.save(buf, "PDF", save_all=True, append_images=rest, resolution=150.0)
    return buf.getvalue()


def text_pdf(page_lines: list[list[str]]) -> bytes:
    """A PDF with a text layer: one A4 page per item, its lines written top to bottom (matplotlib, TrueType)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.font_manager import FontProperties

    buf = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(buf) as pdf:
        font = FontProperties(fname=font_path(), size=13)
        for lines in page_lines:
            fig = plt.figure(figsize=(8.27, 11.69))
            for n, line in enumerate(lines):
                fig.text(0.1, 0.93 - n * 0.03, line, fontproperties=font)
            pdf.savefig(fig)
            plt.close(fig)
    return buf.getvalue()


def merge_pdfs(parts: list[bytes]) -> bytes:
    """The pages of every PDF of ``parts``, in order, in one PDF."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
