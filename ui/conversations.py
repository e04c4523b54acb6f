"""Saved conversations in the sidebar: the list of this mode's threads, new, rename, delete.

The messages live in the database (``Office.threads``), so a reload or a restart finds them
again; the session only remembers which thread of each (knowledge base, mode) is open.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import streamlit as st

from assistant.accounts.conversations import ConversationNotFound, Message, default_title
from core.errors import AssistantError
from ui.state import Task, Turn

if TYPE_CHECKING:
    from assistant.accounts.conversations import Threads

LISTED = 30
"""Most recent conversations listed in the sidebar."""


def _key(kb: str, task: Task) -> str:
    return f"{kb}\n{task}"


def current(kb: str, task: Task) -> int | None:
    """The open conversation of ``task`` in ``kb`` (None: a new one, not saved yet)."""
    found: int | None = st.session_state["threads"].get(_key(kb, task))
    return found


def select(kb: str, task: Task, conversation: int | None) -> None:
    """Open ``conversation`` (None: start a new one) for ``task`` in ``kb``."""
    st.session_state["threads"][_key(kb, task)] = conversation


def history(threads: Threads, kb: str, task: Task) -> list[Turn]:
    """The turns of the open conversation (empty for a new one)."""
    opened = current(kb, task)
    if opened is None:
        return []
    try:
        messages = threads.messages(opened)
    except ConversationNotFound:
        select(kb, task, None)
        return []
    return [Turn(m.role, task, m.text, m.result, m.error) for m in messages]


def save(threads: Threads, kb: str, task: Task, turns: Sequence[Turn]) -> None:
    """Add ``turns`` to the open conversation, starting one (titled by the first turn) if needed."""
    if not turns:
        return
    opened = current(kb, task)
    if opened is None:
        opened = threads.start(kb, task, default_title(turns[0].text)).id
        select(kb, task, opened)
    threads.append(opened, [Message(t.role, t.text, t.result, t.error) for t in turns])


def sidebar(threads: Threads, kb: str, task: Task) -> None:
    """The conversation list of ``task`` in ``kb``: new, open, rename, delete (drawn last, into the sidebar)."""
    st.subheader("对话记录")
    opened = current(kb, task)
    if st.button("新对话", icon=":material/add_comment:", key="new_chat", width="stretch") and opened:
        select(kb, task, None)
        st.rerun()
    listed = threads.recent(kb, task)[:LISTED]
    if not listed:
        st.caption(f"还没有保存的{task}对话；提问后自动保存。")
    for c in listed:
        chosen = st.button(
            c.title,
            key=f"conversation-{c.id}",
            type="primary" if c.id == opened else "tertiary",
            icon=":material/chat:",
            width="stretch",
        )
        if chosen and c.id != opened:
            select(kb, task, c.id)
            st.rerun()
    now = next((c for c in listed if c.id == opened), None)
    if now is not None:
        _manage(threads, kb, task, now.id, now.title)


def _manage(threads: Threads, kb: str, task: Task, conversation: int, title: str) -> None:
    with st.expander("管理当前对话", icon=":material/edit:"):
        name = st.text_input("对话名称", value=title, key=f"title-{conversation}", max_chars=60)
        left, right = st.columns(2)
        rename = left.button("重命名", key=f"rename-{conversation}", width="stretch")
        delete = right.button("删除", key=f"delete-{conversation}", width="stretch")
        if rename:
            try:
                threads.rename(conversation, name)
            except AssistantError as exc:
                st.error(str(exc))
            else:
                st.rerun()
        if delete:
            st.session_state["confirm_delete"] = conversation
        if st.session_state.get("confirm_delete") == conversation:
            st.warning(f"确定删除对话“{title}”？删除后无法恢复。")
            yes, no = st.columns(2)
            if yes.button("确认删除", key=f"confirm-{conversation}", type="primary", width="stretch"):
                threads.delete(conversation)
                select(kb, task, None)
                st.session_state.pop("confirm_delete", None)
                st.rerun()
            if no.button("取消", key=f"cancel-{conversation}", width="stretch"):
                st.session_state.pop("confirm_delete", None)
                st.rerun()
