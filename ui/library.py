"""The 知识库 page: upload and index files, see what is indexed, remove a file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from assistant.service import Assistant
from core.config import SAMPLE_CORPUS
from core.errors import AssistantError
from core.phrases import UNKNOWN_UNIT
from ui import rows as ui_rows
from ui import state, uploads

REPORT_COLUMNS = ("文件", "结果", "说明")
"""Columns of the per-file indexing report."""


def run_index(
    assistant: Assistant, files: Sequence[Path], rejected: Sequence[uploads.FileReport] = ()
) -> None:
    """Index ``files`` with a progress bar and keep the per-file report for the page."""
    bar = st.progress(0.0, text="准备索引…")

    def moved(done: int, total: int, name: str) -> None:
        text = f"正在索引 {name}（{done + 1}/{total}）" if name else "索引完成"
        bar.progress(done / total if total else 1.0, text=text)

    try:
        lines, report = uploads.index_files(
            assistant.index, list(files), moved, notices_before=len(assistant.notices())
        )
    except AssistantError as exc:
        bar.empty()
        st.error(f"索引失败：{exc}")
        return
    total = (
        f"索引中共有通报 {report.notices} 篇、段落 {report.chunks} 个。" if report else "没有可索引的文件。"
    )
    state.set_index_report([*rejected, *lines], total)


def index_sample(assistant: Assistant) -> None:
    """Index the fictional sample notices shipped in ``data/sample``."""
    run_index(assistant, uploads.expand([SAMPLE_CORPUS]))


def empty_store_prompt(assistant: Assistant) -> None:
    """What an empty index shows: how to get notices in."""
    st.warning(
        "知识库中还没有通报。可以先索引随附的示例通报（虚构单位），"
        "或在左侧“知识库”页面上传 .txt / .docx / .pdf / .html 文件。",
        icon=":material/folder_open:",
    )
    if st.button("索引示例通报", type="primary", key="index_sample_empty"):
        index_sample(assistant)
        st.rerun()


def _report() -> None:
    last = state.last_index_report()
    if last is None:
        return
    lines, total = last
    st.success(total)
    rows = [(r.name, uploads.OUTCOME_LABELS[r.outcome], r.reason) for r in lines]
    if rows:
        st.dataframe(pd.DataFrame(rows, columns=list(REPORT_COLUMNS)), hide_index=True, width="stretch")


def _upload(assistant: Assistant) -> None:
    st.subheader("上传通报")
    files = st.file_uploader(
        f"支持 {' '.join('.' + t for t in uploads.UPLOAD_TYPES)}，单个文件不超过 {uploads.MAX_UPLOAD_MB} MB",
        type=list(uploads.UPLOAD_TYPES),
        accept_multiple_files=True,
        max_upload_size=uploads.MAX_UPLOAD_MB,
        key="uploads",
    )
    left, right = st.columns(2)
    with left:
        go = st.button("索引上传的文件", type="primary", disabled=not files, width="stretch")
    with right:
        sample = st.button("索引示例通报", width="stretch", key="index_sample_library")
    if go and files:
        saved = uploads.save_uploads(
            ((f.name, f.getvalue()) for f in files), uploads.uploads_dir(assistant.settings.store_dir)
        )
        for r in saved.rejected:
            st.error(f"{r.name}：{r.reason}")
        run_index(assistant, saved.saved, saved.rejected)
    if sample:
        index_sample(assistant)
    _report()


def _notices(assistant: Assistant) -> None:
    notices = assistant.notices()
    st.subheader(f"已索引的通报（{len(notices)} 篇）")
    if not notices:
        st.info("还没有通报。")
        return
    st.dataframe(pd.DataFrame(ui_rows.notice_rows(notices)), hide_index=True, width="stretch")
    for notice in notices:
        with st.expander(f"{notice.unit or UNKNOWN_UNIT} ｜ {notice.title or '（无标题）'}"):
            facts = pd.DataFrame(ui_rows.facts_rows(notice.facts), columns=["项目", "内容"]).set_index("项目")
            st.table(facts)
            st.caption(f"来源文件：{notice.source} ｜ 编号问题 {len(notice.problems)} 个")


def _remove(assistant: Assistant) -> None:
    sources = list(dict.fromkeys(n.source for n in assistant.notices()))
    if not sources:
        return
    st.subheader("移除文件")
    source = st.selectbox("选择要从索引中移除的文件", sources, key="remove_source")
    if st.button("移除", key="remove_button"):
        try:
            assistant.remove_source(source)
        except AssistantError as exc:
            st.error(str(exc))
            return
        uploads.forget_upload(assistant.settings.store_dir, source)
        st.session_state["removed"] = source
        st.rerun()
    if removed := st.session_state.pop("removed", None):
        st.success(f"已移除 {removed}")


def page(assistant: Assistant) -> None:
    """Render the knowledge-base page."""
    st.header("知识库")
    _upload(assistant)
    st.divider()
    _notices(assistant)
    _remove(assistant)
