"""Drafts and unit summaries as Word documents laid out per GB/T 9704-2012.

The body holds the document only: the title, the text with its headings styled by level, the
signature and date placed as the standard places them for an unsealed document, 【placeholders】
highlighted for the writer to fill, and no tool text (mode notes, warnings) and no ``[n]``
markers. What the draft rests on (the placeholders still to fill, the exemplar passages cited)
follows after a page break, as an appendix the writer removes, or is left out (``sources=False``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.shared import Pt

from assistant.documents.layout import SIZE_3, new_document, style_of
from assistant.documents.tables import facts_rows, problem_rows
from core.phrases import CITATION_RE, EXTRACTIVE_NOTE, MODE_LABELS, PLACEHOLDER_RE
from core.types import Citation, Draft, Summary

DRAFT_TITLE = "整改情况（草稿）"
"""The title of a draft that has none."""
SUMMARY_TITLE = "{unit}巡察整改情况摘要"
"""The title of a unit summary."""
APPENDIX_TITLE = "附：起草参考（定稿前删除）"
"""The heading of the appendix after the page break."""
_TOOL_LINES = frozenset({EXTRACTIVE_NOTE, *MODE_LABELS.values()})
_DATE_RE = re.compile(r"^(?:【[^】]*日期】|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)$")


def clean_line(line: str) -> str:
    """A line of the document: citation markers removed, spacing tidied.

    >>> clean_line("一是修订制度[1]；二是开展检查[2][3]。")
    '一是修订制度；二是开展检查。'
    """
    return CITATION_RE.sub("", line).strip()


def _runs(paragraph: Any, text: str, highlight: bool) -> None:
    pos = 0
    for m in PLACEHOLDER_RE.finditer(text):
        if m.start() > pos:
            paragraph.add_run(text[pos : m.start()])
        run = paragraph.add_run(m.group())
        if highlight:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])


def _signature(doc: Any, signer: str, date: str, highlight: bool) -> None:
    """Signature and date of an unsealed document (GB/T 9704-2012, 7.3.5.2).

    One blank line below the text, the signature two characters in from the right, the date on
    the next line starting two characters to the right of the signature's first character.
    """
    doc.add_paragraph(style="公文正文")
    width = SIZE_3.pt
    sig = doc.add_paragraph(style="落款")
    sig.paragraph_format.right_indent = Pt(width * 2)
    _runs(sig, signer, highlight)
    day = doc.add_paragraph(style="落款")
    day.paragraph_format.right_indent = Pt(width * max(len(signer) - len(date), 0))
    _runs(day, date, highlight)


def _body(doc: Any, text: str, highlight: bool) -> None:
    lines = [clean_line(ln) for ln in text.strip().splitlines()]
    lines = [ln for ln in lines if ln not in _TOOL_LINES]
    signer = date = ""
    if len(lines) >= 2 and _DATE_RE.match(lines[-1]) and len(lines[-2]) <= 30:
        signer, date = lines[-2], lines[-1]
        lines = lines[:-2]
    for line in lines:
        if line:
            _runs(doc.add_paragraph(style=style_of(line)), line, highlight)
    if signer:
        _signature(doc, signer, date, highlight)


def _appendix(doc: Any, placeholders: Sequence[str], citations: Sequence[Citation]) -> None:
    if not placeholders and not citations:
        return
    doc.add_paragraph(style="公文正文").add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph(APPENDIX_TITLE, style="一级标题")
    if placeholders:
        doc.add_paragraph(f"待补充的占位项：{'、'.join(placeholders)}", style="附注")
    for c in citations:
        problem = c.heading.rsplit(" > ", 1)[-1]
        where = "｜".join(x for x in (c.unit, c.title, problem) if x)
        head = doc.add_paragraph(style="附注")
        head.alignment = WD_ALIGN_PARAGRAPH.LEFT
        head.add_run(f"[{c.n}] {where}（{c.source}）").bold = True
        for line in c.text.strip().splitlines():
            if line.strip():
                doc.add_paragraph(line.strip(), style="附注")


def _title(doc: Any, title: str) -> None:
    doc.add_paragraph(title, style="公文标题")
    doc.add_paragraph(style="公文正文")


def _bytes(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def draft_docx(draft: Draft, *, sources: bool = True, highlight: bool = True) -> bytes:
    """A draft as a .docx file laid out as an official document.

    Args:
        draft: The draft.
        sources: Append the placeholders to fill and the exemplar passages after a page break.
        highlight: Highlight the 【placeholders】 in the body.
    """
    title = draft.title or DRAFT_TITLE
    doc = new_document(title)
    _title(doc, title)
    _body(doc, draft.text, highlight)
    if sources:
        _appendix(doc, draft.placeholders, draft.citations)
    return _bytes(doc)


def _table(doc: Any, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
    """A grid table in 小四 仿宋; ``widths`` are the columns' shares of the type area."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    total = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin

    for column, share in zip(table.columns, widths, strict=True):
        column.width = int(total * share)  # the grid LibreOffice reads

    def fill(cells: Sequence[Any], texts: Sequence[str], bold: bool) -> None:
        for cell, text, share in zip(cells, texts, widths, strict=True):
            cell.width = int(total * share)
            cell.paragraphs[0].style = doc.styles["表格文字"]
            cell.paragraphs[0].add_run(clean_line(text)).bold = bold

    fill(table.rows[0].cells, header, True)
    for row in rows:
        fill(table.add_row().cells, row, False)


def summary_docx(summary: Summary, *, sources: bool = True) -> bytes:
    """A unit summary as a .docx file: 一、基本情况 (facts), 二、问题清单, 三、整改情况摘要, appendix.

    Args:
        summary: The summary.
        sources: Append the cited passages after a page break.
    """
    title = SUMMARY_TITLE.format(unit=summary.unit)
    doc = new_document(title)
    _title(doc, title)
    doc.add_paragraph("一、基本情况", style="一级标题")
    _table(doc, ("项目", "内容"), facts_rows(summary.facts), (0.22, 0.78))
    part = 2
    rows = problem_rows(summary.problems)
    if rows:
        doc.add_paragraph("二、问题清单", style="一级标题")
        header = [k for k in rows[0] if k != "出处"]  # sources are cited in the appendix, not by [n]
        _table(doc, header, [[r[k] for k in header] for r in rows], (0.08, 0.38, 0.14, 0.40))
        part = 3
    doc.add_paragraph(f"{'一二三'[part - 1]}、整改情况摘要", style="一级标题")
    _body(doc, summary.text, highlight=False)
    if sources:
        _appendix(doc, (), summary.citations)
    return _bytes(doc)
