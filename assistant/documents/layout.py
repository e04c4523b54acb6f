"""The page and type of an official document (GB/T 9704-2012) in python-docx terms.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (the 156 × 225 mm type area); body
三号 (16 pt) 仿宋_GB2312 with a first-line indent of two characters and a fixed line pitch of 28.95
pt (22 lines a page); title 二号 (22 pt) 方正小标宋简体 centred; 一级标题 黑体, 二级标题
楷体_GB2312, 三级标题 仿宋 bold, all 三号; page numbers 四号 半角 宋体 "— 1 —", odd pages right and
even pages left, one character in from the edge, 7 mm below the type area.

The fonts named by the standard are rarely installed outside government offices. Each is written
with the font Word substitutes when it is missing (``FONT_FALLBACKS``, in the document's font
table as ``w:altName``), so the page keeps its look on any machine.

What python-docx cannot do is left as the standard's nearest equivalent: the 28 characters a line
come from the type area and the 16 pt type (27.6 characters), not from a character grid.
"""

from __future__ import annotations

import re
from typing import Any

from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
"""Digits and Latin letters in the body."""
FONT_FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING2_FONT: "楷体", HEADING1_FONT: "SimHei"}
"""What each font falls back to where it is not installed (the standard's own fallbacks)."""

SIZE_2 = Pt(22)
"""二号: the title."""
SIZE_3 = Pt(16)
"""三号: body and headings."""
SIZE_4 = Pt(14)
"""四号: page numbers."""
SIZE_SMALL_4 = Pt(12)
"""小四: tables and the sources appendix."""
LINE_PITCH = Pt(28.95)
"""Fixed line spacing: 225 mm of type area / 22 lines."""
TITLE_PITCH = Pt(35)
"""Fixed line spacing of the 二号 title."""
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
PAGE = (Mm(210), Mm(297))
FOOTER_DISTANCE = Mm(23)
"""Page edge to the page number's baseline: 35 mm − 7 mm − the 四号 line."""

STYLES = {
    "公文标题": (TITLE_FONT, SIZE_2, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "公文正文": (BODY_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    "一级标题": (HEADING1_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    "二级标题": (HEADING2_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    "三级标题": (BODY_FONT, SIZE_3, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    "落款": (BODY_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.RIGHT, 0),
    "附注": (BODY_FONT, SIZE_SMALL_4, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    "表格文字": (BODY_FONT, SIZE_SMALL_4, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
}
"""Paragraph styles: name → (East Asian font, size, bold, alignment, first-line indent in characters)."""

_HEADING1_RE = re.compile(r"^[一二三四五六七八九十]+、")
_HEADING2_RE = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
_HEADING3_RE = re.compile(r"^\d{1,2}[.．、]\s*(?:关于|针对)|^\d{1,2}[.．、].{0,30}$")


def set_fonts(element: Any, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Set a style's or run's fonts (python-docx sets only the Latin one by itself)."""
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for key in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(key), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)


def _indent_chars(paragraph_format: Any, chars: int, size: Pt) -> None:
    """A first-line indent of ``chars`` characters (``firstLineChars`` for Word, points for the rest)."""
    paragraph_format.first_line_indent = Pt(size.pt * chars) if chars else None
    ind = paragraph_format.element.get_or_add_pPr().get_or_add_ind()
    if chars:
        ind.set(qn("w:firstLineChars"), str(chars * 100))


def _style(doc: Any, name: str) -> None:
    font, size, bold, align, indent = STYLES[name]
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size = size
    style.font.bold = bold
    set_fonts(style.element, font)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = {SIZE_2: TITLE_PITCH, SIZE_3: LINE_PITCH}.get(size, Pt(20))
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False
    fmt.keep_with_next = name.endswith("标题")  # a heading never ends a page
    _indent_chars(fmt, indent, size)
    if size != SIZE_3:  # off the 28.95 pt line grid, or a larger line would take two grid rows
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        style.element.get_or_add_pPr().append(snap)


def _page(section: Any) -> None:
    section.page_width, section.page_height = PAGE
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.footer_distance = FOOTER_DISTANCE
    section.start_type = WD_SECTION_START.NEW_PAGE
    grid = section._sectPr.find(qn("w:docGrid"))  # the line grid: 22 lines a page
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))


def _page_number(paragraph: Any, align: int) -> None:
    """``— N —`` with a PAGE field, 四号 宋体, one character in from the outer edge."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = SIZE_4
    else:
        fmt.left_indent = SIZE_4

    def run(text: str = "") -> Any:
        r = paragraph.add_run(text)
        r.font.size = SIZE_4
        set_fonts(r._r, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)
        return r

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        else:
            r.text = text
    run(" —")


def _font_table(doc: Any) -> None:
    """Declare each standard font with its fallback (``w:altName``) and the GB2312 character set."""
    part = next((p for p in doc.part.package.parts if str(p.partname).endswith("/fontTable.xml")), None)
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    for name, alt in FONT_FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (
            ("w:altName", alt),
            ("w:charset", "86"),
            ("w:family", "modern"),
            ("w:pitch", "fixed"),
        ):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), value)
    # python-docx loads the font table as a plain part: its bytes are the part's state
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def new_document(title: str) -> Any:
    """An empty document with the page, styles, page numbers and font table of an official document."""
    from docx import Document

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = SIZE_3
    set_fonts(normal.element, BODY_FONT)
    for name in STYLES:
        _style(doc, name)
    section = doc.sections[0]
    _page(section)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    _font_table(doc)
    doc.core_properties.title = title
    doc.core_properties.author = ""
    doc.core_properties.comments = ""
    return doc


def style_of(line: str) -> str:
    """The paragraph style of one line of a draft's text.

    >>> [style_of(s) for s in ("一、整改工作组织情况", "（一）关于意识形态方面", "1.关于【问题表述】的问题。", "整改情况：一是……")]
    ['一级标题', '二级标题', '三级标题', '公文正文']
    """
    if _HEADING1_RE.match(line):
        return "一级标题"
    if _HEADING2_RE.match(line):
        return "二级标题"
    if _HEADING3_RE.match(line):
        return "三级标题"
    return "公文正文"
