"""The chat page: mode switch, unit picker, saved conversations, chat input, streamed answers."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

import streamlit as st

from assistant.composing.plan import KIND_LABELS, DraftKind
from core.errors import AssistantError, UnknownUnit
from core.types import Answer
from ui import conversations, library, render, state
from ui import formatting as ui_format
from ui import rows as ui_rows
from ui.state import Task, Turn

if TYPE_CHECKING:
    from assistant.accounts.conversations import Threads
    from assistant.accounts.workspace import Workspace

PLACEHOLDERS: dict[Task, str] = {
    "问答": "就已索引的通报提问，如：市财政局反馈了多少个问题？",
    "起草": "说明要起草的内容，如：起草一段关于财务报销不规范问题的整改情况",
    "单位整改摘要": "输入单位名称（全称或简称），如：岚江市财政局",
    "原文检索": "输入关键词或问题，直接查看最相关的通报原文段落",
}
"""The chat input's hint in each mode."""
HINTS: dict[Task, str] = {
    "原文检索": "原文检索不生成回答，只列出与输入最相关的通报原文段落，便于核对出处、查找原话。",
}
"""A line under the mode switch explaining a mode."""
DRAFT_KINDS: dict[str, DraftKind | None] = {"自动识别": None} | {
    label: kind for kind, label in KIND_LABELS.items()
}
"""The draft kinds offered (label → ``Workspace.draft`` kind)."""
PREVIEW_CHARS = 200
"""An over-long message is kept in the history cut to this many characters."""


def unit_picker(workspace: Workspace) -> str | None:
    """Sidebar picker that scopes questions and drafts to one unit; None for all units."""
    st.sidebar.subheader("单位范围")
    query = st.sidebar.text_input("查找单位", placeholder="全称、简称均可，如 财政局", key="unit_query")
    units = [n.unit for n in workspace.notices()]
    resolved = workspace.resolve_unit(query).units if query.strip() else ()
    choices = ui_rows.unit_choices(units, query, resolved)
    if query.strip() and not choices:
        close = workspace.resolve_unit(query).suggestions
        st.sidebar.caption("没有匹配的单位" + (f"；相近：{'、'.join(close)}" if close else ""))
    picked = st.sidebar.selectbox("限定单位", [state.ALL_UNITS, *choices], key="unit_choice")
    return None if picked == state.ALL_UNITS else picked


def _pieces(stream: Iterator[str | Answer], box: list[Answer]) -> Iterator[str]:
    """The text pieces of ``ask_stream``; its final ``Answer`` goes into ``box``."""
    for item in stream:
        if isinstance(item, str):
            yield item
        else:
            box.append(item)


def _ask(workspace: Workspace, prompt: str, unit: str | None, message: int, history: list[Turn]) -> Turn:
    stream = workspace.ask_stream(prompt, history=state.qa_history(history), unit=unit)
    with st.spinner("正在检索相关通报…"):
        first = next(stream, None)  # retrieval runs before the first piece
    box: list[Answer] = []
    slot = st.empty()
    with slot.container():
        streamed = st.write_stream(_pieces(itertools.chain([] if first is None else [first], stream), box))
    if not box:
        text = streamed if isinstance(streamed, str) else "".join(map(str, streamed))
        slot.markdown(ui_format.escape(text, breaks=False), unsafe_allow_html=True)
        return Turn("assistant", "问答", text)
    with slot.container():
        render.answer(box[0], message)
    return Turn("assistant", "问答", box[0].text, box[0])


def _respond(
    workspace: Workspace,
    task: Task,
    prompt: str,
    unit: str | None,
    message: int,
    history: list[Turn],
    admin: bool,
) -> Turn:
    """Run ``task`` on ``prompt`` and render its result; returns the history entry."""
    kind = DRAFT_KINDS.get(st.session_state.get("draft_kind", ""), None)
    if task == "问答":
        return _ask(workspace, prompt, unit, message, history)
    with st.spinner("正在处理…"):
        if task == "起草":
            result_d = workspace.draft(prompt, unit=unit, kind=kind)
            render.draft(result_d, message)
            return Turn("assistant", task, result_d.text, result_d)
        if task == "单位整改摘要":
            result_s = workspace.summarize(prompt.strip() or (unit or ""))
            render.summary(result_s, message)
            return Turn("assistant", task, result_s.text, result_s)
        result_r = workspace.retrieve(prompt, unit=unit)
        render.retrieval(result_r, message, scores=admin)
        return Turn("assistant", task, f"检索到 {len(result_r.hits)} 个段落", result_r)


def _shown(prompt: str, limit: int) -> str:
    """The user's message as kept in the history: an over-long paste is cut."""
    if len(prompt.strip()) <= limit:
        return prompt
    return f"{prompt.strip()[:PREVIEW_CHARS]}……（共 {len(prompt.strip())} 字，未发送）"


def page(workspace: Workspace, threads: Threads, admin: bool) -> None:
    """Render the chat page of ``workspace``; its conversations are saved through ``threads``."""
    task: Task = st.radio("功能", state.TASKS, horizontal=True, key="task", label_visibility="collapsed")
    if task in HINTS:
        st.caption(HINTS[task])
    if task == "起草":
        st.selectbox("起草类型", list(DRAFT_KINDS), key="draft_kind")
    kb = workspace.kb
    listing = st.sidebar.container()  # filled last, so that it lists the conversation this run saves
    unit = unit_picker(workspace)

    if not workspace.notices():
        library.empty_store_prompt(workspace)
    elif (
        task == "单位整改摘要"
        and unit
        and st.button(f"生成“{unit}”的整改摘要", type="primary", key="summarize_picked")
    ):
        st.session_state["queued_prompt"] = unit

    history = conversations.history(threads, kb, task)
    for i, item in enumerate(history):
        with st.chat_message(item.role):
            render.turn(item, i, scores=admin)

    prompt = st.chat_input(PLACEHOLDERS[task]) or st.session_state.pop("queued_prompt", None)
    if prompt and not prompt.strip():
        st.toast("请输入内容后再发送", icon=":material/info:")
    elif prompt:
        _turn(workspace, threads, task, prompt, unit, history, admin)
    with listing:
        conversations.sidebar(threads, kb, task)


def _turn(
    workspace: Workspace,
    threads: Threads,
    task: Task,
    prompt: str,
    unit: str | None,
    history: list[Turn],
    admin: bool,
) -> None:
    """Show and answer one message, then save both to the open conversation."""
    kb = workspace.kb
    limit = (
        workspace.settings.max_instruction_chars if task == "起草" else workspace.settings.max_question_chars
    )
    asked = Turn("user", task, _shown(prompt, limit))
    with st.chat_message("user"):
        render.turn(asked, len(history))
    message = len(history) + 1
    with st.chat_message("assistant"):
        try:
            reply = _respond(workspace, task, prompt, unit, message, history, admin)
        except UnknownUnit as exc:
            reply = Turn("assistant", task, str(exc), error=True)
            st.error(reply.text)
        except AssistantError as exc:
            reply = Turn("assistant", task, f"出错了：{exc}", error=True)
            st.error(reply.text)
    conversations.save(threads, kb, task, [asked, reply])
