"""OFD packages (GB/T 33190) laid out from a notice's text, as official-document software writes them.

``ofd_bytes`` sets the text the way GB/T 9704 sets a notice: A4, a 156 mm measure, body text at
16 pt (5.6 mm) with two characters of first-line indent, lines wrapped at the measure (a
paragraph runs on over pages), the title at 22 pt centred, the signature and date flush right,
``— n —`` at the foot of each page. ``Style`` picks how a producer writes the characters: one
``TextObject`` per line with ``DeltaX`` advances, one per character, ``TextCode`` without
``DeltaX`` (each character placed by its own ``X``), objects moved by a ``CTM``, the title in a
template page. Lines are justified (两端对齐) as word processors set Chinese text: every line but a
paragraph's last reaches the right margin, the leftover width spread between its characters. ``image_only_ofd`` is a
scanned page (an ``ImageObject`` and no text).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

NS = "http://www.ofdspec.org/2016"
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, TOP, MEASURE = 28.0, 37.0, 156.0
BODY, TITLE = 5.6, 7.8
PITCH = 10.0
LINES_PER_PAGE = 22


@dataclass(frozen=True)
class Style:
    """How a producer writes text objects."""

    per_char: bool = False
    """One ``TextObject`` per character instead of one per line."""
    delta_x: bool = True
    """Advances given as ``DeltaX``; without it, each character is a ``TextCode`` with its own ``X``."""
    ctm: bool = False
    """Objects drawn in a space scaled ×2 and mapped back by ``CTM="0.5 0 0 0.5 0 0"``."""
    template_title: bool = False
    """The title of page one lives in a ``TemplatePage``."""
    page_numbers: bool = True
    """``— n —`` at the foot of each page."""


def _advance(char: str, size: float) -> float:
    return size if unicodedata.east_asian_width(char) in ("W", "F") else size / 2


def _wrap(text: str, size: float, first_indent: float) -> list[str]:
    """Lines of at most the measure, broken as a word processor breaks them: anywhere between
    Chinese characters, between Latin words only at a space (which then disappears)."""
    tokens = re.findall(r"[!-~]+| |.", text)  # a Latin word, a space, or one character
    lines, current, width = [], "", first_indent
    for token in tokens:
        step = sum(_advance(c, size) for c in token)
        if current and width + step > MEASURE + 0.01:
            lines.append(current.rstrip(" "))
            current, width = "", 0.0
            if token == " ":
                continue
        current += token
        width += step
    if current:
        lines.append(current)
    return lines


def _placed(text: str) -> list[tuple[str, float, float, float]]:
    """(line, x, size, stretch) for every printed line of ``text``; ``stretch`` is the space added
    after each character but the last to justify a line that is not its paragraph's last."""
    out: list[tuple[str, float, float, float]] = []
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    for n, para in enumerate(paragraphs):
        if n == 0:  # the title: 22 pt, centred
            for line in _wrap(para, TITLE, 0.0):
                width = sum(_advance(c, TITLE) for c in line)
                out.append((line, LEFT + (MEASURE - width) / 2, TITLE, 0.0))
            continue
        flush_right = n >= len(paragraphs) - 2 and len(para) < 20  # signature and date
        if flush_right:
            width = sum(_advance(c, BODY) for c in para)
            out.append((para, LEFT + MEASURE - width - 2 * BODY, BODY, 0.0))
            continue
        lines = _wrap(para, BODY, 2 * BODY)
        for k, line in enumerate(lines):
            indent = 2 * BODY if k == 0 else 0.0
            width = sum(_advance(c, BODY) for c in line)
            last = k == len(lines) - 1
            stretch = 0.0 if last or len(line) < 2 else (MEASURE - indent - width) / (len(line) - 1)
            out.append((line, LEFT + indent, BODY, stretch))
    return out


def _text_objects(
    line: str, x: float, y: float, size: float, style: Style, next_id: list[int], stretch: float = 0.0
) -> list[str]:
    scale = 2.0 if style.ctm else 1.0
    ctm = ' CTM="0.5 0 0 0.5 0 0"' if style.ctm else ""
    advances = [_advance(c, size) + (stretch if i < len(line) - 1 else 0.0) for i, c in enumerate(line)]
    width = sum(advances)
    groups: list[tuple[float, list[tuple[str, float]]]] = []  # (object x, [(code text, x in object)])
    if style.per_char:
        at = x
        for char, step in zip(line, advances, strict=True):
            groups.append((at, [(char, 0.0)]))
            at += step
    elif not style.delta_x:  # one TextCode per character, each placed by its own X
        at, codes = 0.0, []
        for char, step in zip(line, advances, strict=True):
            codes.append((char, at))
            at += step
        groups.append((x, codes))
    else:
        groups.append((x, [(line, 0.0)]))
    objects = []
    for at, codes in groups:
        next_id[0] += 1
        body = []
        for text, cx in codes:
            deltas = " ".join(f"{advances[i] * scale:.3f}" for i in range(len(text) - 1))  # whole line only
            delta = f' DeltaX="{deltas}"' if style.delta_x and deltas else ""
            body.append(
                f'<ofd:TextCode X="{cx * scale:.3f}" Y="{size * scale:.3f}"{delta}>{escape(text)}</ofd:TextCode>'
            )
        boundary = f"{at:.3f} {y - size:.3f} {width + 1:.3f} {size * 1.5:.3f}"
        objects.append(
            f'<ofd:TextObject ID="{next_id[0]}" Boundary="{boundary}" Font="2" Size="{size * scale:.3f}"{ctm}>'
            f"{''.join(body)}</ofd:TextObject>"
        )
    return objects


def _page_xml(objects: list[str], template: bool, next_id: list[int]) -> str:
    next_id[0] += 1
    tpl = '<ofd:Template TemplateID="90" ZOrder="Background"/>' if template else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">{tpl}'
        f'<ofd:Content><ofd:Layer ID="{next_id[0]}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def _package(pages: list[str], template: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    tpl = '<ofd:TemplatePage ID="90" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if template is not None else ""
    page_refs = "".join(
        f'<ofd:Page ID="{100 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages))
    )
    files = {
        "OFD.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.1" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0c5e7a1f3b9d4e2a8f6b1c3d5e7f9a0b</ofd:DocID>"
            "<ofd:Creator>notice-factory</ofd:Creator><ofd:CreationDate>2023-10-08</ofd:CreationDate>"
            "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
        ),
        "Doc_0/Document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            f"<ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W:g} {PAGE_H:g}"
            "</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
            f"<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>{tpl}</ofd:CommonData>"
            f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>"
        ),
        "Doc_0/PublicRes.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="2" FontName="仿宋_GB2312" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>'
        ),
        "Doc_0/DocumentRes.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"/>',
    }
    for n, page in enumerate(pages):
        files[f"Doc_0/Pages/Page_{n}/Content.xml"] = page
    if template is not None:
        files["Doc_0/Tpls/Tpl_0/Content.xml"] = template
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in files.items():
            zf.writestr(name, body)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buffer.getvalue()


def ofd_bytes(text: str, style: Style = Style()) -> bytes:
    """An OFD file showing ``text`` (a notice: title first, one paragraph a line) laid out as a notice."""
    next_id = [0]
    placed = _placed(text)
    pages: list[list[tuple[str, float, float, float]]] = [[]]
    title_lines = sum(1 for _, _, size, _ in placed if size == TITLE)
    for item in placed:
        if len(pages[-1]) >= LINES_PER_PAGE:
            pages.append([])
        pages[-1].append(item)
    contents: list[str] = []
    template: str | None = None
    for number, lines in enumerate(pages, start=1):
        objects: list[str] = []
        template_objects: list[str] = []
        for row, (line, x, size, stretch) in enumerate(lines):
            y = TOP + PITCH * row + size
            made = _text_objects(line, x, y, size, style, next_id, stretch)
            in_template = style.template_title and number == 1 and row < title_lines
            (template_objects if in_template else objects).extend(made)
        if style.page_numbers:
            label = f"— {number} —"
            width = sum(_advance(c, 4.9) for c in label)
            objects.extend(_text_objects(label, LEFT + MEASURE - width, PAGE_H - 20, 4.9, Style(), next_id))
        if template_objects:
            template = _page_xml(template_objects, False, next_id)
        contents.append(_page_xml(objects, bool(template_objects), next_id))
    return _package(contents, template)


def image_only_ofd(pages: int = 1, text_pages: dict[int, str] | None = None) -> bytes:
    """A scanned OFD: each page an ``ImageObject`` of a PNG; pages in ``text_pages`` (from 1) also carry text."""
    from PIL import Image

    png = io.BytesIO()
    Image.new("L", (210, 297), 255).save(png, "PNG")
    next_id = [10]
    contents = []
    for number in range(1, pages + 1):
        image = f'<ofd:ImageObject ID="{next_id[0] + number}" Boundary="0 0 210 297" CTM="210 0 0 297 0 0" ResourceID="5"/>'
        objects = [image]
        if text_pages and number in text_pages:
            objects += _text_objects(text_pages[number], LEFT, TOP + BODY, BODY, Style(), next_id)
        contents.append(_page_xml(objects, False, next_id))
    data = _package(contents, extra={"Doc_0/Res/scan.png": png.getvalue()})
    # declare the picture as the standard does: a MultiMedia resource of the document
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "Doc_0/DocumentRes.xml":
                body = (
                    f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
                    '<ofd:MultiMedias><ofd:MultiMedia ID="5" Type="Image" Format="PNG">'
                    "<ofd:MediaFile>scan.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>"
                ).encode()
            dst.writestr(info.filename, body)
    return buffer.getvalue()


def repack(data: bytes, drop: tuple[str, ...] = (), add: dict[str, bytes] | None = None) -> bytes:
    """The package ``data`` without the parts named in ``drop`` and with those in ``add``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in drop:
                dst.writestr(info.filename, src.read(info))
        for name, body in (add or {}).items():
            dst.writestr(name, body)
    return buffer.getvalue()
