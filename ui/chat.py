"""The chat page: mode switch, unit picker, history replay, chat input, streamed answers."""

from __future__ import annotations

from collections.abc import Iterator

import streamlit as st

from assistant.composing.plan import KIND_LABELS, DraftKind
from assistant.service import Assistant
from core.errors import AssistantError, UnknownUnit
from core.types import Answer
from ui import formatting as ui_format
from ui import library, render, state
from ui import rows as ui_rows
from ui.state import Task, Turn

PLACEHOLDERS: dict[Task, str] = {
    "问答": "就已索引的通报提问，如：市财政局反馈了多少个问题？",
    "起草": "说明要起草的内容，如：起草一段关于财务报销不规范问题的整改情况",
    "单位整改摘要": "输入单位名称（全称或简称），如：岚江市财政局",
    "检索测试": "输入检索语句，查看排序后的段落及得分",
}
"""The chat input's hint in each mode."""
DRAFT_KINDS: dict[str, DraftKind | None] = {"自动识别": None} | {
    label: kind for kind, label in KIND_LABELS.items()
}
"""The draft kinds offered (label → ``Assistant.draft`` kind)."""


def unit_picker(assistant: Assistant) -> str | None:
    """Sidebar picker that scopes questions and drafts to one unit; None for all units."""
    st.sidebar.subheader("单位范围")
    query = st.sidebar.text_input("查找单位", placeholder="全称、简称均可，如 财政局", key="unit_query")
    units = [n.unit for n in assistant.notices()]
    resolved = assistant.resolve_unit(query).units if query.strip() else ()
    choices = ui_rows.unit_choices(units, query, resolved)
    if query.strip() and not choices:
        close = assistant.resolve_unit(query).suggestions
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


def _ask(assistant: Assistant, prompt: str, unit: str | None, message: int) -> Turn:
    stream = assistant.ask_stream(prompt, history=state.qa_history(), unit=unit)
    box: list[Answer] = []
    slot = st.empty()
    with slot.container():
        streamed = st.write_stream(_pieces(stream, box))
    if not box:
        text = streamed if isinstance(streamed, str) else "".join(map(str, streamed))
        slot.markdown(ui_format.escape(text, breaks=False), unsafe_allow_html=True)
        return Turn("assistant", "问答", text)
    with slot.container():
        render.answer(box[0], message)
    return Turn("assistant", "问答", box[0].text, box[0])


def _respond(assistant: Assistant, task: Task, prompt: str, unit: str | None, message: int) -> Turn:
    """Run ``task`` on ``prompt`` and render its result; returns the history entry."""
    kind = DRAFT_KINDS.get(st.session_state.get("draft_kind", ""), None)
    if task == "问答":
        return _ask(assistant, prompt, unit, message)
    with st.spinner("正在处理…"):
        if task == "起草":
            result_d = assistant.draft(prompt, unit=unit, kind=kind)
            render.draft(result_d, message)
            return Turn("assistant", task, result_d.text, result_d)
        if task == "单位整改摘要":
            result_s = assistant.summarize(prompt.strip() or (unit or ""))
            render.summary(result_s, message)
            return Turn("assistant", task, result_s.text, result_s)
        result_r = assistant.retrieve(prompt, unit=unit)
        render.retrieval(result_r, message)
        return Turn("assistant", task, f"检索到 {len(result_r.hits)} 个段落", result_r)


def page(assistant: Assistant) -> None:
    """Render the chat page."""
    task: Task = st.radio("功能", state.TASKS, horizontal=True, key="task", label_visibility="collapsed")
    if task == "起草":
        st.selectbox("起草类型", list(DRAFT_KINDS), key="draft_kind")
    unit = unit_picker(assistant)
    if st.sidebar.button("清空对话", width="stretch"):
        state.history().clear()

    if not assistant.notices():
        library.empty_store_prompt(assistant)
    elif (
        task == "单位整改摘要"
        and unit
        and st.button(f"生成“{unit}”的整改摘要", type="primary", key="summarize_picked")
    ):
        st.session_state["queued_prompt"] = unit

    history = state.history()
    for i, item in enumerate(history):
        with st.chat_message(item.role):
            render.turn(item, i)

    prompt = st.chat_input(PLACEHOLDERS[task]) or st.session_state.pop("queued_prompt", None)
    if not prompt:
        return
    history.append(Turn("user", task, prompt))
    with st.chat_message("user"):
        render.turn(history[-1], len(history) - 1)
    message = len(history)
    with st.chat_message("assistant"):
        try:
            reply = _respond(assistant, task, prompt, unit, message)
        except UnknownUnit as exc:
            reply = Turn("assistant", task, str(exc), error=True)
            st.error(reply.text)
        except AssistantError as exc:
            reply = Turn("assistant", task, f"出错了：{exc}", error=True)
            st.error(reply.text)
    history.append(reply)
