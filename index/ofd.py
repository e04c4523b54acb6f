r"""OFD files (GB/T 33190, the national fixed-layout format) to text with lines and paragraphs rebuilt.

An OFD file is a zip of XML parts: ``OFD.xml`` names each document's ``Document.xml``, which lists
the pages in order; a page's ``Content.xml`` places ``TextObject``\ s whose ``TextCode``\ s carry the
characters and their positions (millimetres, origin top left), possibly through templates,
composite objects and transformation matrices. ``ofdkit`` reads all of that (the package, pages in
order, templates, resources, transforms, the many ways producers get the standard wrong) and gives
each page's text runs with their positions (``Page.runs``).

What a notice needs from those runs is its paragraphs: an official document (GB/T 9704) is set
in one column, every paragraph indented two characters, lines wrapped at the measure and pages
broken wherever the text reaches the bottom. ``ofdkit``'s own reading order keeps every printed
line as a line and starts a paragraph only at a wide vertical gap, which an official document
never has; the splitter would see ``一、`` headings and sentences cut at every line end. So the
runs are rebuilt here:

* runs on one baseline make a line, left to right (a wide gap becomes a layout gap, which
  ``index.cleaning`` keeps as a tab);
* a line continues the paragraph above when that one reached the right margin and this one
  starts at the left margin (not indented), in the same type size and without a wider step than
  the document's usual line pitch; this holds across a page break too, so a paragraph broken over
  two pages comes out whole;
* lines in a larger size than the body (a title wrapped over two lines) run on as one paragraph;
* a page number alone at the foot of a page (``— 2 —``, ``第 2 页``) is dropped.

A page without any text (a scanned page, a picture) makes the whole file skipped with the advice
to recognize its text first; so do a damaged package, an encrypted one (zip encryption or
``Encryptions.xml``, GM/T 0099) and more pages than ``FileLimits.max_pdf_pages``.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from index.guards import FileLimits
from index.load_error import LoadError

ENCRYPTED = "OFD 文件已加密，无法读取：请导出不加密的文件后再导入"
"""Why an encrypted OFD file is skipped."""

_SAME_LINE = 0.5
"""Runs whose baselines differ by at most this share of the type size are on one line."""
_SPACE_GAP = 0.25
"""A gap wider than this share of the type size between two runs on a line is a space …"""
_LAYOUT_GAP = 1.5
"""… and wider than this, a layout gap (a signature and its date on one line)."""
_MARGIN_SLACK = 1.5
"""A line ending within this many type sizes of the right margin reached it (punctuation rules
and Latin text leave justified lines up to about a character short)."""
_INDENT_SLACK = 0.5
"""A line starting within this share of the type size of the left margin is not indented."""
_PITCH_SLACK = 1.5
"""A step down larger than this many usual line pitches separates paragraphs."""
_SIZE_SLACK = 0.15
"""Type sizes within this share of each other are the same size."""
_PAGE_EDGE = 2.0
"""Text may stick out of the page box by this many millimetres and still be on the page."""
_PAGE_NUMBER = re.compile(r"[-—－–\s]*\d{1,4}[-—－–\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?")
"""A page number standing alone: ``— 2 —``, ``-2-``, ``12``, ``第 2 页 共 5 页``."""
_LATIN = re.compile(r"[A-Za-z]")
_HALF_STOP = re.compile(r"[,.;:!?]")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\U00020000-\U0003134f]")
"""Chinese characters and full-width punctuation."""


class _Run(Protocol):
    """A piece of text placed on a page (``ofdkit.TextRun``)."""

    text: str
    x: float
    y: float
    size: float
    width: float


@dataclass(frozen=True)
class Line:
    """One printed line: its text and where it sits (millimetres)."""

    text: str
    x0: float
    x1: float
    y: float
    size: float


def read_ofd(data: bytes, limits: FileLimits) -> str:
    """The text of an OFD file, one paragraph a line, pages in order.

    Raises:
        LoadError: Damaged, encrypted, over the page limit, or a page without text.
    """
    import ofdkit

    reason = _encryption(data)
    if reason is not None:
        raise LoadError(reason)
    pages: list[list[Line]] = []
    try:
        with ofdkit.open(data) as document:
            count = len(document.pages)
            if count > limits.max_pdf_pages:
                raise LoadError(
                    f"OFD 共 {count} 页，超过上限 {limits.max_pdf_pages} 页，未读取（可调整 ASSISTANT_MAX_PDF_PAGES）"
                )
            for page in document.pages:
                if page.location is None:
                    raise LoadError(f"文件损坏：OFD 第{page.index + 1}页的内容缺失")
                pages.append(page_lines(_on_page(page.runs, page.box)))
    except LoadError:
        raise
    except ofdkit.OFDLimitError as exc:
        raise LoadError(f"OFD 文件超出安全上限，未读取（{_why(exc)}）") from exc
    except ofdkit.OFDError as exc:
        raise LoadError(f"文件损坏：不是有效的 OFD 文件（{_why(exc)}）") from exc
    except Exception as exc:  # zipfile, XML and number parsing raise many types on a broken package
        raise LoadError(f"文件损坏：无法解析 OFD 文件（{type(exc).__name__}）") from exc
    if not pages:
        raise LoadError("文件损坏：OFD 没有页面")
    blank = [str(n) for n, lines in enumerate(pages, start=1) if not lines]
    if blank:
        which = "、".join(blank[:10]) + ("等" if len(blank) > 10 else "")
        raise LoadError(f"OFD 第{which}页没有文字（可能是扫描件或图片），请先做文字识别")
    return "\n".join(paragraphs(pages))


_WHY: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"not a ZIP container"), "不是 zip 包"),
    (re.compile(r"OFD\.xml is missing"), "缺少 OFD.xml"),
    (re.compile(r"no DocBody|no readable document"), "OFD.xml 没有指向任何文档"),
    (re.compile(r"^(\S+): DTDs and entity"), r"\1 含有实体声明，疑似恶意构造"),
    (re.compile(r"^(\S+): (?:invalid XML|cannot decode XML)"), r"\1 不是有效的 XML"),
    (re.compile(r"^missing part: (\S+)"), r"缺少 \1"),
    (re.compile(r"^cannot read (\S+?):"), r"\1 无法解压"),
    (re.compile(r"^(\S+) is too large"), r"\1 过大"),
    (re.compile(r"too many entries"), "包内文件过多"),
)
"""ofdkit's reasons (English) in words for the report; the part they name is kept."""


def _why(exc: Exception) -> str:
    """What ofdkit found wrong, in Chinese.

    >>> import ofdkit
    >>> _why(ofdkit.OFDFormatError("Doc_0/Pages/Page_0/Content.xml: invalid XML: mismatched tag"))
    'Doc_0/Pages/Page_0/Content.xml 不是有效的 XML'
    >>> _why(ofdkit.OFDFormatError("something new"))
    '结构无法解析'
    """
    message = str(exc)
    for pattern, words in _WHY:
        found = pattern.search(message)
        if found:
            return found.expand(words)
    return "结构无法解析"


def _encryption(data: bytes) -> str | None:
    """``ENCRYPTED`` when the package is encrypted (zip encryption, or GM/T 0099 ``Encryptions.xml``)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None  # ofdkit reports the damage
    for member in members:
        if member.flag_bits & 0x1 or member.filename.rsplit("/", 1)[-1].lower() == "encryptions.xml":
            return ENCRYPTED
    return None


def _on_page(runs: Sequence[_Run], box: tuple[float, float, float, float]) -> list[_Run]:
    """Runs inside the page box (producers leave text outside it that no reader sees)."""
    x0, y0, width, height = box
    return [
        run
        for run in runs
        if run.text.strip()
        and x0 - _PAGE_EDGE <= run.x <= x0 + width + _PAGE_EDGE
        and y0 - _PAGE_EDGE <= run.y <= y0 + height + _PAGE_EDGE
    ]


def page_lines(runs: Sequence[_Run]) -> list[Line]:
    """The runs of one page as printed lines, top to bottom, without a page number at the foot.

    >>> from types import SimpleNamespace as R
    >>> [l.text for l in page_lines([R(text="通报", x=40, y=30, size=5, width=10),
    ...     R(text="关于", x=30, y=30.5, size=5, width=10), R(text="— 2 —", x=90, y=280, size=4, width=12)])]
    ['关于通报']
    """
    seen: set[tuple[str, int, int]] = set()
    unique: list[_Run] = []
    for run in runs:  # the same text drawn twice at one spot fakes bold
        key = (run.text, round(run.x * 4), round(run.y * 4))
        if key not in seen:
            seen.add(key)
            unique.append(run)
    groups: list[list[_Run]] = []
    for run in sorted(unique, key=lambda r: (r.y, r.x)):
        if groups:
            anchor = groups[-1][0]
            if abs(run.y - anchor.y) <= _SAME_LINE * max(min(run.size, anchor.size), 1.0):
                groups[-1].append(run)
                continue
        groups.append([run])
    lines = [_line(sorted(group, key=lambda r: r.x)) for group in groups]
    lines = [line for line in lines if line.text]
    if lines and _PAGE_NUMBER.fullmatch(lines[-1].text):
        lines.pop()
    return lines


def _line(runs: list[_Run]) -> Line:
    parts = [runs[0].text]
    for previous, run in itertools.pairwise(runs):
        gap = run.x - (previous.x + previous.width)
        size = max(min(previous.size, run.size), 1.0)
        if gap > _LAYOUT_GAP * size:
            parts.append("    ")
        elif gap > _SPACE_GAP * size and not (_WIDE.match(previous.text[-1:]) and _WIDE.match(run.text[:1])):
            parts.append(" ")  # between two Chinese characters a gap is justification, never a space
        parts.append(run.text)
    sizes = Counter(round(run.size, 1) for run in runs for _ in run.text)
    return Line(
        text="".join(parts).strip(),
        x0=runs[0].x,
        x1=max(run.x + run.width for run in runs),
        y=runs[0].y,
        size=sizes.most_common(1)[0][0],
    )


def paragraphs(pages: Sequence[Sequence[Line]]) -> list[str]:
    """The pages' lines joined into paragraphs (see the module's description).

    >>> def L(text, x0, x1, y, size=5.0):
    ...     return Line(text, x0, x1, y, size)
    >>> paragraphs([[L("一、总体情况", 37, 67, 40), L("我局高度重视，逐条研究反馈问题并", 37, 177, 50),
    ...     L("制定措施。", 27, 52, 60)], [L("已完成整改的问题有三个，其余正在", 37, 177, 40),
    ...     L("推进。", 27, 42, 50)]])
    ['一、总体情况', '我局高度重视，逐条研究反馈问题并制定措施。', '已完成整改的问题有三个，其余正在推进。']
    """
    body = [line for page in pages for line in page]
    if not body:
        return []
    weights: Counter[float] = Counter()
    for line in body:
        weights[line.size] += len(line.text)
    size = weights.most_common(1)[0][0]
    same = [line for line in body if _same_size(line.size, size)]
    left = min(line.x0 for line in same)
    right = max(line.x1 for line in same)
    pitch = _pitch(pages)
    out: list[list[str]] = []
    previous: Line | None = None
    for page in pages:
        for n, line in enumerate(page):
            step = line.y - page[n - 1].y if n else None  # None: first line of a page
            if previous is not None and _continues(previous, line, step, pitch, size, left, right):
                out[-1].append(line.text)
            else:
                out.append([line.text])
            previous = line
    return [_join(parts) for parts in out]


def _continues(
    above: Line, line: Line, step: float | None, pitch: float, body: float, left: float, right: float
) -> bool:
    """Whether ``line`` runs on from ``above`` in one paragraph."""
    if not _same_size(above.size, line.size):
        return False
    if step is not None and step > _PITCH_SLACK * max(pitch, line.size):
        return False
    if line.size > body * (1 + _SIZE_SLACK):  # a title over two lines
        return True
    reached = above.x1 >= right - _MARGIN_SLACK * line.size
    unindented = line.x0 <= left + _INDENT_SLACK * line.size
    return reached and unindented


def _pitch(pages: Sequence[Sequence[Line]]) -> float:
    """The usual step from one line to the next (the median over all pages), 0 when there is none."""
    steps = [b.y - a.y for lines in pages for a, b in itertools.pairwise(lines) if b.y > a.y]
    return statistics.median_low(steps) if steps else 0.0


def _same_size(a: float, b: float) -> bool:
    return abs(a - b) <= _SIZE_SLACK * max(a, b)


def _join(parts: list[str]) -> str:
    """Lines of one paragraph as one line.

    No space between Chinese lines; one between Latin words and after half-width punctuation,
    where a line break swallowed a space.

    >>> _join(["整改资金1.2", "万元，涉及 Project", "Alpha 项目,", "已完成"])
    '整改资金1.2万元，涉及 Project Alpha 项目, 已完成'
    """
    text = parts[0]
    for part in parts[1:]:
        latin = _LATIN.match(text[-1:]) and _LATIN.match(part[:1])
        gap = " " if latin or _HALF_STOP.match(text[-1:]) else ""
        text += gap + part
    return text
