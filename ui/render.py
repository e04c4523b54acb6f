"""How each kind of result is shown in the chat: answers, drafts, summaries, retrieval tests.

Text from documents (and from models that read them) reaches the page only through
``ui.formatting``, which escapes it; the ``unsafe_allow_html`` blocks below carry only
the markup that module adds (citation links, source anchors, highlighted quotes).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from assistant.retrieval.retriever import Retrieval
from core.phrases import MODE_LABELS
from core.types import Answer, Citation, Draft, Summary
from ui import export
from ui import formatting as ui_format
from ui import rows as ui_rows
from ui.state import Turn

ICON = Path(__file__).resolve().parent / "assets" / "icon.png"
"""The page icon, served by the app itself (a ``:material/…:`` page icon is fetched from Google's servers)."""

CSS = """
<style>
.src {border-left: 3px solid #b91c1c; background: #fafafa; padding: .45rem .75rem; margin: .4rem 0;
      border-radius: 0 .3rem .3rem 0; font-size: .92rem; scroll-margin-top: 4rem;}
.src:target {background: #fff7e6;}
.src-head {color: #444; margin-bottom: .25rem;}
.src-label {color: #b91c1c; font-weight: 700;}
.src-file {color: #888; font-size: .85em;}
.src-ocr {color: #a0522d; font-size: .85em;}
.src-body {color: #222; line-height: 1.65;}
.src-body mark {background: #fde68a; padding: 0 .1em;}
.sources-title {font-weight: 600; color: #555; margin-top: .5rem;}
a.cite {text-decoration: none; color: #b91c1c; font-weight: 600;}
.src details > summary {cursor: pointer; list-style: none;}
.src details > summary::-webkit-details-marker {display: none;}
.src-more {color: #b91c1c; font-size: .85em; margin-left: .3em;}
.src-more::after {content: " ▸";}
.src details[open] .src-more::after {content: " ▾";}
.src details[open] > summary {margin-bottom: .25rem;}
/* the file uploader's own English instructions and button, in Chinese */
[data-testid="stFileUploaderDropzoneInstructions"] > div > span,
[data-testid="stFileUploaderDropzoneInstructions"] > div > small {display: none;}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {
  content: "将文件拖放到此处，或点击右侧按钮选择文件"; font-size: .9rem;}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {display: none;}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {content: "选择文件";}
</style>
"""
"""Styles of the source blocks and citation links."""


def inject_css() -> None:
    """Add the app's styles to the page (once per run)."""
    st.markdown(CSS, unsafe_allow_html=True)


def _html(markup: str) -> None:
    st.markdown(markup, unsafe_allow_html=True)


def _caption(mode: str, timings: dict[str, float] | None = None) -> None:
    parts = [MODE_LABELS.get(mode, mode)]
    if timings:
        parts.append("用时：" + ui_format.timings_text(timings))
    st.caption(" ｜ ".join(parts))


def _warnings(warnings: Sequence[str]) -> None:
    for w in warnings:
        st.warning(w, icon=":material/warning:")


def sources(citations: Sequence[Citation], message: int, title: str = "来源", folded: bool = False) -> None:
    """The numbered source blocks of a message (targets of its ``[n]`` links); ``folded``: passages collapsed."""
    if not citations:
        return
    blocks = "".join(ui_format.citation_html(c, message, folded) for c in citations)
    _html(f'<div class="sources"><div class="sources-title">{ui_format.escape(title)}</div>{blocks}</div>')


def _linked(text: str, citations: Sequence[Citation], message: int) -> None:
    _html(ui_format.link_citations(text, message, known=[c.n for c in citations]))


def answer(result: Answer, message: int) -> None:
    """An answer: text with linked markers, warnings, mode and timings, then its sources.

    An extractive answer is made of the sources' own sentences, so their passages start
    folded: the answer is not shown twice.
    """
    _linked(result.text, result.citations, message)
    _warnings(result.warnings)
    _caption(result.mode, result.timings)
    sources(result.citations, message, folded=result.mode == "extractive")


def _downloads(message: int, name: str, unit: str | None, markdown: str, docx: bytes) -> None:
    left, right = st.columns(2)
    with left:
        st.download_button(
            "导出 Word（.docx）",
            docx,
            file_name=export.export_name(name, unit, "docx"),
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key=f"docx-{message}",
            on_click="ignore",
        )
    with right:
        st.download_button(
            "导出 Markdown",
            markdown.encode("utf-8"),
            file_name=export.export_name(name, unit, "md"),
            mime="text/markdown",
            key=f"md-{message}",
            on_click="ignore",
        )


def draft(result: Draft, message: int) -> None:
    """A draft: title, text, the placeholders still to fill, its notes, sources and export buttons."""
    if result.title:
        _html(f"<b>{ui_format.escape(result.title)}</b>")
    _linked(result.text, result.citations, message)
    if result.placeholders:
        items = "、".join(ui_format.escape(p) for p in result.placeholders)
        _html(f"<b>待补充的占位项：</b>{items}")
    _warnings(result.warnings)
    _caption(result.mode)
    sources(result.citations, message, title="参考的通报原文")
    _downloads(
        message, result.title or "整改草稿", None, export.draft_markdown(result), export.draft_docx(result)
    )


def summary(result: Summary, message: int) -> None:
    """A unit summary: facts card table, problem list with status, narrative, sources, exports."""
    _html(f"<b>{ui_format.escape(result.unit)}</b> ｜ 依据通报 {len(result.notice_ids)} 篇")
    facts = pd.DataFrame(ui_rows.facts_rows(result.facts), columns=["项目", "内容"]).set_index("项目")
    st.table(facts)
    rows = ui_rows.problem_rows(result.problems)
    if rows:
        st.markdown("**问题清单**")
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    _linked(result.text, result.citations, message)
    _warnings(result.warnings)
    _caption(result.mode)
    sources(result.citations, message)
    _downloads(message, "整改摘要", result.unit, export.summary_markdown(result), export.summary_docx(result))


def retrieval(result: Retrieval, message: int, scores: bool = True) -> None:
    """A passage search: the ranked passages; with ``scores`` (admins) also the ranking table and timings."""
    if result.units:
        _html("检索范围：" + "、".join(ui_format.escape(u) for u in result.units))
    _warnings(result.warnings)
    if not result.hits:
        st.info("没有找到相关的通报段落。")
        return
    if scores:
        with st.expander("排序依据（得分与用时）", icon=":material/leaderboard:"):
            st.dataframe(pd.DataFrame(ui_rows.hit_rows(result.hits)), hide_index=True, width="stretch")
            if result.timings:
                st.caption("用时：" + ui_format.timings_text(result.timings))
    _html("".join(ui_format.hit_html(h, message, scores) for h in result.hits))


def turn(item: Turn, message: int, scores: bool = False) -> None:
    """One history entry, in its chat bubble's content (``scores``: show retrieval scores)."""
    if item.role == "user":
        _html(ui_format.escape(item.text, breaks=False))
    elif item.error:
        st.error(item.text)
    elif isinstance(item.result, Answer):
        answer(item.result, message)
    elif isinstance(item.result, Draft):
        draft(item.result, message)
    elif isinstance(item.result, Summary):
        summary(item.result, message)
    elif isinstance(item.result, Retrieval):
        retrieval(item.result, message, scores)
    else:
        _html(ui_format.escape(item.text, breaks=False))
