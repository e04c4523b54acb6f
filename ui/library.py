"""The 知识库 page: what is indexed; for editors and admins also upload, index and remove files.

Readers see the notice list only: the upload and remove sections are not drawn for them, and the
``Workspace`` refuses their index and remove calls anyway (the page is not the guard).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from core.config import SAMPLE_CORPUS
from core.errors import AssistantError
from core.phrases import UNKNOWN_UNIT
from ui import rows as ui_rows
from ui import state, uploads

if TYPE_CHECKING:
    from assistant.accounts.workspace import Workspace

REPORT_COLUMNS = ("文件", "结果", "说明")
"""Columns of the per-file indexing report."""


def run_index(
    workspace: Workspace, files: Sequence[Path], rejected: Sequence[uploads.FileReport] = (), unit: str = ""
) -> None:
    """Index ``files`` with a progress bar that moves inside each file, and keep the per-file report.

    ``unit`` files a rectification ledger (.xlsx/.xls) whose title and file name name no unit.

    The report is kept whatever happens: a failure or a stop mid-way (the user leaves the page)
    leaves the lines of the files done, and says how far the run got.
    """
    state.clear_index_report()
    bar = st.progress(0.0, text="准备索引…")
    position = [0, max(len(files), 1)]

    def moved(done: int, total: int, name: str) -> None:
        position[:] = [done, max(total, 1)]
        text = f"正在索引 {name}（{done + 1}/{total}）" if name else "索引完成"
        bar.progress(min(done / position[1], 1.0), text=text)

    def step(source: str, embedded: int, to_embed: int) -> None:
        done, total = position
        part = embedded / to_embed if to_embed else 1.0
        text = f"正在索引 {source}（{done + 1}/{total}）：已嵌入段落 {embedded}/{to_embed}"
        bar.progress(min((done + part) / total, 1.0), text=text)

    def page(source: str, recognized: int, to_recognize: int) -> None:
        done, total = position
        part = 0.8 * recognized / to_recognize if to_recognize else 0.0  # embedding comes after
        text = f"正在索引 {source}（{done + 1}/{total}）：文字识别第 {min(recognized + 1, to_recognize)}/{to_recognize} 页"
        bar.progress(min((done + part) / total, 1.0), text=text)

    lines: list[uploads.FileReport] = []
    last = None
    try:
        for line, report in uploads.index_each(
            lambda paths: workspace.index(paths, on_step=step, unit=unit, on_page=page),
            list(files),
            moved,
            notices_before=len(workspace.notices()),
        ):
            lines.append(line)
            last = report
        bar.empty()
    except AssistantError as exc:
        bar.empty()
        st.error(f"索引失败：{exc}")
    finally:
        if len(lines) < len(files):
            summary = f"索引未完成：{len(files)} 个文件中已处理 {len(lines)} 个，其余未索引。"
        elif last is not None:
            summary = f"知识库中共有通报 {last.notices} 篇、段落 {last.chunks} 个。"
        else:
            summary = "没有可索引的文件。"
        state.set_index_report([*rejected, *lines], summary)


def index_sample(workspace: Workspace) -> None:
    """Index the fictional sample notices shipped in ``data/sample``."""
    run_index(workspace, uploads.expand([SAMPLE_CORPUS]))


def empty_store_prompt(workspace: Workspace) -> None:
    """What an empty knowledge base shows: how to get notices in (if the account may)."""
    if not workspace.can("index"):
        st.warning(
            f"知识库“{workspace.kb}”中还没有通报，请联系编辑或管理员上传。", icon=":material/folder_open:"
        )
        return
    st.warning(
        "知识库中还没有通报。可以先索引随附的示例通报（虚构单位），"
        "或在左侧“知识库”页面上传 .txt / .docx / .doc / .wps / .pdf / .ofd / .html 文件。",
        icon=":material/folder_open:",
    )
    if st.button("索引示例通报", type="primary", key="index_sample_empty"):
        index_sample(workspace)
        st.rerun()


def _report() -> None:
    last = state.last_index_report()
    if last is None:
        return
    lines, total = last
    counts = {o: sum(1 for r in lines if r.outcome == o) for o in uploads.OUTCOME_LABELS}
    said = "，".join(f"{uploads.OUTCOME_LABELS[o]} {n} 个" for o, n in counts.items() if n)
    summary = f"本次：{said or '没有文件'}。{total}"
    if counts["failed"] or (counts["rejected"] and not counts["indexed"]):
        st.error(summary, icon=":material/error:")
    elif counts["indexed"]:
        st.success(summary, icon=":material/check_circle:")
    else:
        st.info(f"{summary} 没有新的内容被索引。", icon=":material/info:")
    rows = [(r.name, uploads.OUTCOME_LABELS[r.outcome], r.reason) for r in lines]
    if rows:
        st.dataframe(pd.DataFrame(rows, columns=list(REPORT_COLUMNS)), hide_index=True, width="stretch")
    if st.button("关闭报告", key="close_report", icon=":material/close:"):
        state.clear_index_report()
        st.rerun()


def _upload(workspace: Workspace) -> None:
    st.subheader("上传通报")
    files = st.file_uploader(
        f"支持 {' '.join('.' + t for t in uploads.UPLOAD_TYPES)}，单个文件不超过 {uploads.MAX_UPLOAD_MB} MB",
        accept_multiple_files=True,
        max_upload_size=uploads.ACCEPTED_UPLOAD_MB,
        key="uploads",
        on_change=state.clear_index_report,
    )
    unit = st.text_input(
        "整改台账所属单位（可选）",
        key="ledger_unit",
        placeholder="例如：中共某市某局党组",
        help="上传 Excel 整改台账（.xlsx/.xls）时，如表格标题行和文件名中都没有单位名称，按此单位归档",
    )
    left, right = st.columns(2)
    with left:
        go = st.button("索引上传的文件", type="primary", disabled=not files, width="stretch")
    with right:
        sample = st.button("索引示例通报", width="stretch", key="index_sample_library")
    if go and files:
        try:
            workspace.authorize("index", "、".join(f.name for f in files))
        except AssistantError as exc:
            st.error(str(exc))
            return
        saved = uploads.save_uploads(
            ((f.name, f.getvalue()) for f in files),
            uploads.uploads_dir(workspace.settings.store_dir, workspace.settings.collection),
        )
        for r in saved.rejected:
            st.error(f"{r.name}：{r.reason}")
        run_index(workspace, saved.saved, saved.rejected, unit=unit)
    if sample:
        index_sample(workspace)
    _report()


def _notices(workspace: Workspace) -> None:
    notices = workspace.notices()
    st.subheader(f"已索引的通报（{len(notices)} 篇）")
    if not notices:
        st.info("还没有通报。")
        return
    st.dataframe(pd.DataFrame(ui_rows.notice_rows(notices)), hide_index=True, width="stretch")
    for notice in notices:
        with st.expander(f"{notice.unit or UNKNOWN_UNIT} ｜ {notice.title or '（无标题）'}"):
            facts = pd.DataFrame(ui_rows.facts_rows(notice.facts), columns=["项目", "内容"]).set_index("项目")
            st.table(facts)
            kind = "整改台账" if notice.source_kind == "台账" else "通报"
            st.caption(f"来源文件：{notice.source}（{kind}） ｜ 编号问题 {len(notice.problems)} 个")


def _remove(workspace: Workspace) -> None:
    sources = list(dict.fromkeys(n.source for n in workspace.notices()))
    if removed := st.session_state.pop("removed", None):
        st.success(f"已移除 {removed}")
    if not sources:
        return
    st.subheader("移除文件")
    source = st.selectbox(
        "选择要从索引中移除的文件",
        sources,
        index=None,
        placeholder="请选择文件…",
        key="remove_source",
    )
    if st.button("移除…", key="remove_button", disabled=source is None, icon=":material/delete:"):
        st.session_state["confirm_remove"] = source
    pending = st.session_state.get("confirm_remove")
    if pending is None or pending != source:
        return
    st.warning(
        f"确定从知识库“{workspace.kb}”移除“{pending}”？它的全部通报和段落都会从索引中删除，之后无法再检索到。",
        icon=":material/warning:",
    )
    yes, no = st.columns(2)
    if no.button("取消", key="remove_cancel", width="stretch"):
        st.session_state.pop("confirm_remove", None)
        st.rerun()
    if yes.button("确认移除", key="remove_confirm", type="primary", width="stretch"):
        st.session_state.pop("confirm_remove", None)
        try:
            workspace.remove_source(pending)
        except AssistantError as exc:
            st.error(str(exc))
            return
        uploads.forget_upload(
            uploads.uploads_dir(workspace.settings.store_dir, workspace.settings.collection), pending
        )
        st.session_state["removed"] = pending
        st.session_state.pop("remove_source", None)
        st.rerun()


def page(workspace: Workspace) -> None:
    """Render the knowledge-base page of ``workspace``."""
    st.header(f"知识库：{workspace.kb}")
    if workspace.can("index"):
        _upload(workspace)
        st.divider()
    else:
        st.caption("你的角色可以查看通报并提问，不能上传或移除文件。")
    _notices(workspace)
    if workspace.can("remove"):
        _remove(workspace)
