"""Export drafts and unit summaries as Markdown text and as Word (.docx) documents.

The Markdown is a working copy: the title, the mode that wrote the text, its notes, the text with
its ``[n]`` markers, the placeholders still to fill (drafts) or the facts card and problem list
(summaries), and the numbered sources with their quoted passages. The Word document is the
official document (``assistant.documents.word``, GB/T 9704): no tool text and no ``[n]`` in its
body, the placeholders and sources after a page break.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.documents import word
from core.phrases import MODE_LABELS
from core.types import Citation, Draft, Summary
from ui.formatting import safe_filename
from ui.rows import facts_rows, problem_rows

DRAFT_TITLE = word.DRAFT_TITLE
"""Title of an exported draft that has none of its own."""
SUMMARY_TITLE = word.SUMMARY_TITLE
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
        lines.append(f"[{c.n}] {where}（{c.source}）{c.ocr_note}")
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
    lines = [f"# {draft.title or DRAFT_TITLE}", "", f"*{MODE_LABELS[draft.mode]}*", ""]
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


# -- .docx: laid out as official documents by assistant.documents.word ---------------------------


def draft_docx(draft: Draft) -> bytes:
    """A draft as a Word document laid out per GB/T 9704 (the same file as ``draft --docx``)."""
    return word.draft_docx(draft)


def summary_docx(summary: Summary) -> bytes:
    """A unit summary as a Word document laid out per GB/T 9704 (the same file as ``summarize --docx``)."""
    return word.summary_docx(summary)


def export_name(kind: str, unit: str | None, suffix: str) -> str:
    """The download file name of an export.

    >>> export_name("整改摘要", "岚江市/财政局", "docx")
    '岚江市_财政局_整改摘要.docx'
    >>> export_name("整改草稿", None, "md")
    '整改草稿.md'
    """
    stem = f"{unit}_{kind}" if unit else kind
    return safe_filename(f"{stem.replace('/', '_')}.{suffix}")
