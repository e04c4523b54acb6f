"""Limits a file must respect before a reader opens it: archives, images and PDFs of absurd size.

A 2 MB .docx can hold 1.5 GB of XML; a 100 KB PNG can declare 30,000 × 30,000 pixels; a PDF can
have thousands of pages. Each check here reads only what the file declares (a zip's central
directory, an image's header, a PDF's page count), never the content, and returns the reason for
refusing it in words a user can act on, or None. ``index.loaders`` runs them before any reader;
the parse worker's memory and time budgets (``index.isolation``) catch whatever lies about itself.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.config import Settings

ARCHIVE_SUFFIXES = frozenset(
    {".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".ofd", ".odt", ".ods", ".epub", ".zip"}
)
"""Zip containers: checked (and named in the report) even when no reader for them exists yet."""
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"})
"""Images: their pixel count is checked before they are decoded (text recognition reads some of them)."""
MAX_RATIO = 100
"""Largest compression ratio accepted for a zip member of ``RATIO_FLOOR`` bytes or more (text XML: 5–20)."""
RATIO_FLOOR = 10 * 2**20
"""Members smaller than this unpack harmlessly whatever their ratio."""
MAX_MEMBERS = 10_000
"""Most files a zip container may hold (a notice's .docx holds a few dozen)."""


CONVERT_SHARE = 0.75
"""Share of the parse budget a LibreOffice conversion may take: it is stopped before the worker is."""
CONVERT_TIMEOUT = 90.0
"""Seconds a conversion may take when parsing has no time budget."""


@dataclass(frozen=True)
class FileLimits:
    """What one file may declare before it is refused unread, and how long an outside converter may run."""

    max_unpacked_mb: float = 200.0
    """Uncompressed size of all members of a zip container (.docx …) together."""
    max_image_pixels: int = 100_000_000
    """Pixels of an image (width × height); PIL's own decompression-bomb guard warns at 89 million."""
    max_pdf_pages: int = 1000
    """Pages of a PDF or an OFD file; a longer one is refused, not cut short."""
    max_ocr_pages: int = 300
    """Pages of one file that text recognition may read (scanned PDF pages, image frames)."""
    max_ocr_seconds: float = 600.0
    """Seconds text recognition may spend on one file."""
    ocr_memory_mb: int = 3072
    """Address space the parse worker may use while it recognizes text (the models need about 1.5 GB)."""
    soffice: str = "soffice"
    """LibreOffice's program (a name looked up on PATH, or a path) that converts .doc/.wps to .docx."""
    convert_timeout: float = CONVERT_TIMEOUT
    """Seconds one conversion by LibreOffice may take before it is stopped and the file skipped."""

    @classmethod
    def from_settings(cls, settings: Settings) -> FileLimits:
        """The limits configured in ``settings``; a conversion gets a share of the parse budget."""
        budget = settings.parse_timeout
        convert = CONVERT_SHARE * budget if budget > 0 else CONVERT_TIMEOUT
        return cls(
            settings.max_unpacked_mb,
            settings.max_image_pixels,
            settings.max_pdf_pages,
            settings.ocr_max_pages,
            settings.ocr_max_seconds,
            settings.ocr_memory_mb,
            settings.soffice,
            convert,
        )


def archive_refusal(data: bytes, limits: FileLimits) -> str | None:
    """Why a zip container must not be opened (too many members, too large unpacked, absurd ratio), or None.

    Python's ``zipfile`` never unpacks more than a member declares, so the declared sizes bound
    what a reader can be made to hold. Data that is not a readable zip gives None: its reader
    reports the damage.

    >>> archive_refusal(b"not a zip", FileLimits()) is None
    True
    """
    if not data.startswith(b"PK"):
        return None
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None
    if len(members) > MAX_MEMBERS:
        return f"压缩包内文件过多（{len(members):,} 个，上限 {MAX_MEMBERS:,} 个），疑似压缩炸弹"
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unpacked_mb * 2**20:
        return (
            f"解压后超过 {limits.max_unpacked_mb:g} MB，疑似压缩炸弹"
            f"（声明解压后 {unpacked / 2**20:,.0f} MB；可调整 ASSISTANT_MAX_UNPACKED_MB）"
        )
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size >= RATIO_FLOOR and ratio > MAX_RATIO:
            return (
                f"压缩比异常（{m.filename} 解压后 {m.file_size / 2**20:,.0f} MB，"
                f"压缩比 {ratio:,.0f}:1，上限 {MAX_RATIO}:1），疑似压缩炸弹"
            )
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    r"""Width and height an image declares in its header (PNG, JPEG, GIF, BMP, WebP, TIFF), or None.

    >>> image_size(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", 30000, 20000))
    (30000, 20000)
    >>> image_size(b"GIF89a" + struct.pack("<HH", 640, 480)), image_size(b"plain text") is None
    ((640, 480), True)
    """
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
            w, h = struct.unpack(">II", data[16:24])
            return w, h
        if data[:6] in (b"GIF87a", b"GIF89a"):
            w, h = struct.unpack("<HH", data[6:10])
            return w, h
        if data.startswith(b"BM"):
            w, h = struct.unpack("<ii", data[18:26])
            return abs(w), abs(h)
        if data.startswith(b"\xff\xd8"):
            return _jpeg_size(data)
        if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
            return _webp_size(data)
        if data[:4] in (b"II*\x00", b"MM\x00*"):
            return _tiff_size(data)
    except struct.error:
        return None
    return None


_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
"""JPEG start-of-frame markers (the ones that carry the size)."""


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker in _SOF:
            h, w = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return w, h
        pos += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X":
        w = int.from_bytes(data[24:27], "little") + 1
        h = int.from_bytes(data[27:30], "little") + 1
        return w, h
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 ":
        w, h = struct.unpack("<HH", data[26:30])
        return w & 0x3FFF, h & 0x3FFF
    return None


def _tiff_size(data: bytes) -> tuple[int, int] | None:
    order = "<" if data.startswith(b"II") else ">"
    (ifd,) = struct.unpack(order + "I", data[4:8])
    (entries,) = struct.unpack(order + "H", data[ifd : ifd + 2])
    found: dict[int, int] = {}
    for i in range(min(entries, 512)):
        at = ifd + 2 + 12 * i
        tag, kind = struct.unpack(order + "HH", data[at : at + 4])
        if tag in (256, 257):
            fmt = "H" if kind == 3 else "I"
            found[tag] = struct.unpack(order + fmt, data[at + 8 : at + 8 + struct.calcsize(fmt)])[0]
    return (found[256], found[257]) if 256 in found and 257 in found else None


def image_refusal(data: bytes, limits: FileLimits) -> str | None:
    r"""Why an image must not be decoded (more pixels than the limit), or None.

    Whoever decodes an image (the text-recognition reader) runs this first: decoding
    30,000 × 30,000 pixels takes 2.7 GB of memory whatever the file's size.

    >>> png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", 30000, 30000)
    >>> image_refusal(png, FileLimits())
    '图片像素过多（30000×30000，共 9.0 亿像素，上限 1.0 亿像素），疑似解压炸弹'
    """
    size = image_size(data)
    if size is None:
        return None
    w, h = size
    if w * h <= limits.max_image_pixels:
        return None
    return (
        f"图片像素过多（{w}×{h}，共 {w * h / 1e8:.1f} 亿像素，"
        f"上限 {limits.max_image_pixels / 1e8:.1f} 亿像素），疑似解压炸弹"
    )


def pdf_refusal(pages: int, limits: FileLimits) -> str | None:
    """Why a PDF of ``pages`` pages is not read (more than the limit), or None.

    >>> pdf_refusal(3000, FileLimits())
    'PDF 共 3000 页，超过上限 1000 页，未读取（可调整 ASSISTANT_MAX_PDF_PAGES）'
    """
    if pages <= limits.max_pdf_pages:
        return None
    return f"PDF 共 {pages} 页，超过上限 {limits.max_pdf_pages} 页，未读取（可调整 ASSISTANT_MAX_PDF_PAGES）"


def refusal(data: bytes, suffix: str, limits: FileLimits) -> str | None:
    """The first reason to refuse ``data`` unread: any zip container, and images named as such."""
    reason = archive_refusal(data, limits)
    if reason is None and suffix in IMAGE_SUFFIXES:
        reason = image_refusal(data, limits)
    return reason
