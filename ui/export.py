"""Export drafts and unit summaries as Markdown text and as Word (.docx) documents.

Both formats carry the same parts: the title, the mode that wrote the text, the text with its
``[n]`` markers, the placeholders still to fill (drafts) or the facts card and problem list
(summaries), and the numbered sources with their quoted passages.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from core.phrases import MODE_LABELS
from core.types import Citation, Draft, Summary
from ui.formatting import safe_filename
from ui.rows import facts_rows, problem_rows

BODY_FONT = "仿宋"
"""East Asian font of body text in .docx exports (the usual typeface of official documents)."""
HEADING_FONT = "黑体"
"""East Asian font of headings in .docx exports."""

DRAFT_TITLE = "整改情况（草稿）"
"""Title of an exported draft."""
SUMMARY_TITLE = "{unit}巡察整改情况摘要"
"""Title of an exported summary."""


def _cell(text: str) -> str:
    r"""Text safe inside a Markdown table cell.

    >>> _cell("甲|乙\n丙")
    '甲\\|乙 丙'
    """
    return " ".join(text.replace("|", "\\|").split())


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _md_sources(citations: Sequence[Citation]) -> list[str]:
    if not citations:
        return []
    lines = ["", "## 参考来源", ""]
    for c in citations:
        where = "｜".join(x for x in (c.unit, c.title, c.heading) if x)
        lines.append(f"[{c.n}] {where}（{c.source}）")
        lines.append("")
        lines += [f"> {line}" if line.strip() else ">" for line in c.text.splitlines()]
        lines.append("")
    return lines


def _md_warnings(warnings: Sequence[str]) -> list[str]:
    return [f"> 提示：{w}" for w in warnings] + ([""] if warnings else [])


def draft_markdown(draft: Draft) -> str:
    """A draft as a Markdown document.

    >>> print(draft_markdown(Draft("于【日期】完成整改[1]。", "extractive", placeholders=("【日期】",))))
    # 整改情况（草稿）
    <BLANKLINE>
    *抽取模式（未接入大模型，仅摘录通报原文）*
    <BLANKLINE>
    于【日期】完成整改[1]。
    <BLANKLINE>
    ## 待补充的占位项
    <BLANKLINE>
    - 【日期】
    <BLANKLINE>
    """
    lines = [f"# {DRAFT_TITLE}", "", f"*{MODE_LABELS[draft.mode]}*", ""]
    lines += _md_warnings(draft.warnings)
    lines += [draft.text.strip(), ""]
    if draft.placeholders:
        lines += ["## 待补充的占位项", ""] + [f"- {p}" for p in draft.placeholders] + [""]
    lines += _md_sources(draft.citations)
    return "\n".join(lines).rstrip("\n") + "\n"


def summary_markdown(summary: Summary) -> str:
    """A unit summary as a Markdown document: facts card, problem list, narrative, sources."""
    lines = [f"# {SUMMARY_TITLE.format(unit=summary.unit)}", "", f"*{MODE_LABELS[summary.mode]}*", ""]
    lines += _md_warnings(summary.warnings)
    lines += ["## 基本情况", ""] + _md_table(("项目", "内容"), facts_rows(summary.facts)) + [""]
    rows = problem_rows(summary.problems)
    if rows:
        lines += ["## 问题清单", ""] + _md_table(tuple(rows[0]), [tuple(r.values()) for r in rows]) + [""]
    lines += ["## 整改情况摘要", "", summary.text.strip(), ""]
    lines += _md_sources(summary.citations)
    return "\n".join(lines).rstrip("\n") + "\n"


# -- .docx --------------------------------------------------------------------------------------


def _set_east_asian_font(style_or_run: Any, name: str) -> None:
    """Set the East Asian typeface (python-docx only sets the Latin one by itself)."""
    from docx.oxml.ns import qn

    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _document() -> Any:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    _set_east_asian_font(normal, BODY_FONT)
    for level in (0, 1, 2):
        style = doc.styles["Title" if level == 0 else f"Heading {level}"]
        _set_east_asian_font(style, HEADING_FONT)
    return doc


def _docx_table(doc: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def _docx_head(doc: Any, title: str, mode: str, warnings: Sequence[str]) -> None:
    doc.add_heading(title, level=0)
    doc.add_paragraph().add_run(MODE_LABELS[mode]).italic = True
    for w in warnings:
        doc.add_paragraph(f"提示：{w}")


def _docx_text(doc: Any, text: str) -> None:
    for para in text.strip().split("\n"):
        if para.strip():
            doc.add_paragraph(para.strip())


def _docx_sources(doc: Any, citations: Sequence[Citation]) -> None:
    if not citations:
        return
    doc.add_heading("参考来源", level=1)
    for c in citations:
        where = "｜".join(x for x in (c.unit, c.title, c.heading) if x)
        doc.add_paragraph().add_run(f"[{c.n}] {where}（{c.source}）").bold = True
        _docx_text(doc, c.text)


def _docx_bytes(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def draft_docx(draft: Draft) -> bytes:
    """A draft as a Word document (bytes of a .docx file)."""
    doc = _document()
    _docx_head(doc, DRAFT_TITLE, draft.mode, draft.warnings)
    _docx_text(doc, draft.text)
    if draft.placeholders:
        doc.add_heading("待补充的占位项", level=1)
        for p in draft.placeholders:
            doc.add_paragraph(p, style="List Bullet")
    _docx_sources(doc, draft.citations)
    return _docx_bytes(doc)


def summary_docx(summary: Summary) -> bytes:
    """A unit summary as a Word document (bytes of a .docx file)."""
    doc = _document()
    _docx_head(doc, SUMMARY_TITLE.format(unit=summary.unit), summary.mode, summary.warnings)
    doc.add_heading("基本情况", level=1)
    _docx_table(doc, ("项目", "内容"), facts_rows(summary.facts))
    rows = problem_rows(summary.problems)
    if rows:
        doc.add_heading("问题清单", level=1)
        _docx_table(doc, tuple(rows[0]), [tuple(r.values()) for r in rows])
    doc.add_heading("整改情况摘要", level=1)
    _docx_text(doc, summary.text)
    _docx_sources(doc, summary.citations)
    return _docx_bytes(doc)


def export_name(kind: str, unit: str | None, suffix: str) -> str:
    """The download file name of an export.

    >>> export_name("整改摘要", "岚江市/财政局", "docx")
    '岚江市_财政局_整改摘要.docx'
    >>> export_name("整改草稿", None, "md")
    '整改草稿.md'
    """
    stem = f"{unit}_{kind}" if unit else kind
    return safe_filename(f"{stem.replace('/', '_')}.{suffix}")
