r"""Read one file into a ``RawDocument``, or say clearly why it cannot be read.

Plain text (``.txt``/``.md``) is decoded by trying, in order: a byte-order mark (UTF-8,
UTF-16, UTF-32), strict UTF-8 (the fast path), then charset-normalizer on a sample of the
bytes (GB18030/GBK, Big5, BOM-less UTF-16 …). ``.docx`` gives paragraphs and table rows in
document order, ``.pdf`` its text layer (pages without one are read by text recognition,
``index.ocr``), ``.html`` its visible text with one block per line, an image (.png .jpg .tif
.bmp) its recognized text, ``.ofd`` its pages' text with paragraphs rebuilt (``index.ofd``);
``.doc``/``.wps`` are converted to .docx by LibreOffice first (``index.convert``). Newlines come
out as ``\n``. Whatever the format, an unreadable file raises ``LoadError`` with a reason a user
can act on; it never yields half a document.

Before any reader opens a file, ``index.guards`` refuses what declares an absurd size: a zip
container (.docx, .xlsx, .ofd …) that unpacks to hundreds of megabytes, an image of a billion
pixels; the PDF reader refuses more pages than the limit instead of reading them.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import charset_normalizer

from index import ocr
from index.convert import office_encryption, to_docx
from index.guards import ARCHIVE_SUFFIXES, IMAGE_SUFFIXES, FileLimits, pdf_refusal, refusal
from index.load_error import LoadError as LoadError  # noqa: PLC0414 - re-exported: callers import it from here
from index.ofd import read_ofd

Format = str

SUPPORTED_SUFFIXES: dict[str, Format] = {
    ".txt": "txt",
    ".md": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"), "image"),
    ".ofd": "ofd",
    ".doc": "doc",
    ".wps": "wps",
}
"""File suffix (lower case) → the ``RawDocument.format`` it loads as."""
LEDGER_SUFFIXES = frozenset({".xlsx", ".xls"})
"""Spreadsheets: read as rectification ledgers (``index.ledger``), not as text."""

_DETECT_SAMPLE = 256 * 1024
"""Bytes charset detection looks at; a 50 MB file is decoded once, detected on this much."""
_BINARY_SAMPLE = 8 * 1024
_MIN_PRINTABLE = 0.95


@dataclass(frozen=True)
class RawDocument:
    """The text of one file, before cleaning."""

    source: str
    """The name the file is known by (as given to ``index``, or its path)."""
    text: str
    """The decoded text, newlines normalized to ``\\n``."""
    sha256: str
    """Hex SHA-256 of the file's bytes: unchanged files are skipped by it."""
    format: Format
    """How it was read: ``txt``, ``md``, ``docx``, ``pdf``, ``html``, ``image``, ``ofd``, ``doc`` or ``wps``."""
    pages: tuple[ocr.Page, ...] = ()
    """Where each page's text lies in ``text`` and whether it was recognized (PDFs and images)."""


def iter_files(paths: Iterable[Path | str]) -> list[Path]:
    """Expand files and folders (recursively) into a sorted list of files, hidden ones skipped.

    Paths named explicitly are kept whatever their suffix, and even if missing, so that
    ``load_file`` reports them instead of their being silently ignored; inside folders only
    supported suffixes are collected.
    """
    found: set[Path] = set()
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for child in path.rglob("*"):
                rel = child.relative_to(path).parts
                hidden = any(p.startswith(".") for p in rel)
                readable = (
                    child.suffix.lower() in SUPPORTED_SUFFIXES or child.suffix.lower() in LEDGER_SUFFIXES
                )
                if child.is_file() and not hidden and readable:
                    found.add(child)
        else:
            found.add(path)  # a missing file is reported by load_file, not lost here
    return sorted(found)


def load_file(path: Path, source: str | None = None, limits: FileLimits | None = None) -> RawDocument:
    """Read ``path`` into a ``RawDocument``.

    Args:
        path: The file.
        source: The name to record (defaults to the path as given).
        limits: What the file may declare (unpacked size, pixels, pages); the defaults when None.

    Raises:
        LoadError: Unsupported type, empty, binary, undecodable, corrupt, over a limit (pixels,
            pages, text-recognition pages or seconds), or no text found in an image.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES and suffix not in ARCHIVE_SUFFIXES | IMAGE_SUFFIXES:
        raise LoadError(_unsupported(suffix), path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise LoadError("文件不存在", path) from exc
    except OSError as exc:
        raise LoadError(f"无法读取文件：{exc.strerror or exc}", path) from exc
    return load_data(data, path, source, limits)


def load_data(
    data: bytes, path: Path, source: str | None = None, limits: FileLimits | None = None
) -> RawDocument:
    """Turn the bytes read from ``path`` into a ``RawDocument`` (``load_file`` without the reading).

    Raises:
        LoadError: As ``load_file``.
    """
    limits = limits or FileLimits()
    suffix = path.suffix.lower()
    reason = refusal(data, suffix, limits)
    if reason is not None:
        raise LoadError(reason, path)
    fmt = SUPPORTED_SUFFIXES.get(suffix)
    if fmt is None:
        raise LoadError(_unsupported(suffix), path)
    if not data:
        raise LoadError("空文件", path)
    try:
        read = _READERS[fmt](data, limits)
    except (LoadError, ocr.OcrRefused) as exc:
        raise LoadError(exc.reason, path) from exc
    text, pages = read.join(_normalize_newlines) if isinstance(read, ocr.Paged) else (read, ())
    text = _normalize_newlines(text)
    if not text.strip():
        raise LoadError("空文件（只有空白，没有文字）", path)
    return RawDocument(
        source=source if source is not None else str(path),
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        pages=pages,
    )


def _unsupported(suffix: str) -> str:
    """Why a file type is not read.

    >>> _unsupported(".gif")
    '不支持的文件类型 .gif（可识别文字的图片格式：PNG、JPG、TIFF、BMP）'
    """
    hint = "（可识别文字的图片格式：PNG、JPG、TIFF、BMP）" if suffix in IMAGE_SUFFIXES else ""
    return f"不支持的文件类型 {suffix or '（无扩展名）'}{hint}"


def _normalize_newlines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate({0x2028: "\n", 0x2029: "\n", 0x0C: "\n", 0x85: "\n", 0xFEFF: None})


# --- plain text --------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def decode_text(data: bytes, limits: FileLimits | None = None) -> str:
    """Decode the bytes of a plain-text file.

    >>> decode_text("整改".encode("gb18030") * 20)[:4]
    '整改整改'

    Raises:
        LoadError: Binary content or an encoding that cannot be recognized.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, "文件以 BOM 声明编码但内容不符")
    try:
        return _check_printable(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return _check_printable(data[: exc.start].decode("utf-8"))  # cut mid-character
    best = charset_normalizer.from_bytes(data[:_DETECT_SAMPLE]).best()
    guess = best.encoding if best is not None else None
    if b"\x00" in data[:_BINARY_SAMPLE] and not (guess or "").startswith(("utf_16", "utf_32")):
        raise LoadError("二进制文件，无法识别为文本")
    for encoding in ([guess] if guess else []) + ["gb18030", "big5"]:
        try:
            return _check_printable(data.decode(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    mostly = data.decode("utf-8", errors="replace")
    if mostly.count("\ufffd") <= len(mostly) // 1000:
        return mostly  # a few damaged bytes in a UTF-8 file: keep the text, mark the damage
    raise LoadError("无法识别文件编码（不是 UTF-8、GB18030/GBK、UTF-16 等常见编码）")


def _strict(data: bytes, encoding: str, reason: str) -> str:
    try:
        return _check_printable(data.decode(encoding))
    except UnicodeDecodeError as exc:
        raise LoadError(f"{reason}（{encoding}）") from exc


def _check_printable(text: str) -> str:
    sample = text[:_BINARY_SAMPLE]
    if sample and len(_CONTROL.findall(sample)) > (1 - _MIN_PRINTABLE) * len(sample):
        raise LoadError("二进制文件，无法识别为文本")
    return text


# --- docx --------------------------------------------------------------------------------


def _read_docx(data: bytes, limits: FileLimits) -> str:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_rows(block))
            else:
                lines.append(block.text)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        encrypted = office_encryption(data)  # a protected .docx is an OLE2 file, not a zip
        raise LoadError(encrypted or f"文件损坏：不是有效的 Word 文档（{type(exc).__name__}）") from exc
    except Exception as exc:  # python-docx and lxml raise many types on a broken package
        raise LoadError(f"文件损坏：无法解析 Word 文档（{type(exc).__name__}）") from exc
    return "\n".join(lines)


def _table_rows(table: Any) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:  # a merged cell repeats; keep it once
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


# --- pdf ---------------------------------------------------------------------------------


def _read_pdf(data: bytes, limits: FileLimits) -> ocr.Paged:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError("PDF 已加密，无法读取")
        too_many = pdf_refusal(len(reader.pages), limits)
        if too_many is not None:
            raise LoadError(too_many)
        pages = [page.extract_text() or "" for page in reader.pages]
    except LoadError:
        raise
    except Exception as exc:  # pypdf raises many types on a broken file
        raise LoadError(f"文件损坏：无法解析 PDF（{type(exc).__name__}）") from exc
    if not pages:
        raise LoadError("文件损坏：PDF 没有页面")
    return ocr.fill_pdf(data, pages, limits)


# --- html --------------------------------------------------------------------------------

_DROP = {"script", "style", "nav", "header", "footer", "noscript", "template", "iframe", "svg", "head", "form"}  # fmt: skip
_BLOCK = {
    "p", "div", "section", "article", "main", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "blockquote", "pre", "center", "title",
    "address", "figure", "figcaption", "hr", "body",
}  # fmt: skip
_CELL = {"td", "th"}
_WS = re.compile(r"[ \t\r\n\f\v\xa0]+")
_CJK_BREAK = re.compile(
    r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])[ \t]*\n[ \t\n]*(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])"
)
"""A source line break between two CJK characters renders as nothing (CSS Text, segment breaks)."""


def _read_html(data: bytes, limits: FileLimits) -> str:
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString, Tag

    try:
        soup = BeautifulSoup(data, "lxml")
    except RecursionError as exc:
        raise LoadError(_TOO_DEEP) from exc
    except Exception as exc:  # lxml rarely fails; report it as a broken file
        raise LoadError(f"文件损坏：无法解析 HTML（{type(exc).__name__}）") from exc
    out: list[str] = []
    # Walked with an explicit stack, not recursion: pages nest tags arbitrarily deep (200,000
    # levels is a few megabytes). An entry is a node to visit, or a string to emit on the way out.
    stack: list[Any] = [iter(soup.children)]
    while stack:
        top = stack[-1]
        if isinstance(top, str):
            out.append(stack.pop())
            continue
        child = next(top, None)
        if child is None:
            stack.pop()
        elif isinstance(child, Tag):
            name = child.name.lower()
            if name in _DROP:
                continue
            if name == "br":
                out.append("\n")
            elif name in _BLOCK:
                out.append("\n")
                stack.extend(("\n", iter(child.children)))
            elif name in _CELL:
                stack.extend((" | ", iter(child.children)))
            else:
                stack.append(iter(child.children))
        elif type(child) is NavigableString:  # not comments, doctype, CDATA
            out.append(_WS.sub(" ", _CJK_BREAK.sub("", str(child))))
    lines = (line.strip().removesuffix("|").strip() for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


_TOO_DEEP = "HTML 标签嵌套层数过深，无法解析（疑似恶意构造的网页）"


_READERS: dict[Format, Callable[[bytes, FileLimits], str | ocr.Paged]] = {
    "txt": decode_text,
    "md": decode_text,
    "docx": _read_docx,
    "pdf": _read_pdf,
    "html": _read_html,
    "image": ocr.read_image,
    "ofd": read_ofd,
    "doc": lambda data, limits: _read_docx(to_docx(data, ".doc", limits), limits),
    "wps": lambda data, limits: _read_docx(to_docx(data, ".wps", limits), limits),
}
