"""Per-session state: who is signed in, the knowledge base, the session's model endpoint.

The cached ``Office`` is shared by every session and never mutated; a session works through a
``Workspace`` of its principal in its knowledge base, and when its settings name another endpoint
it gets ``with_chat`` of it, kept in ``st.session_state`` (the API key lives there only, never on
disk or in logs). Chat history lives in the database (``ui.conversations``), not here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

import streamlit as st

from assistant import factory
from core.config import HISTORY_TURNS

if TYPE_CHECKING:
    from assistant.accounts.access import Principal
    from assistant.accounts.workspace import Workspace
    from assistant.office import Office
    from assistant.retrieval.retriever import Retrieval
    from core.config import Settings
    from core.types import Answer, Draft, Summary
    from ui.uploads import FileReport

Task = Literal["问答", "起草", "单位整改摘要", "原文检索"]
"""The chat modes."""
TASKS: tuple[Task, ...] = ("问答", "起草", "单位整改摘要", "原文检索")
"""The chat modes, in menu order."""
PAGES = ("对话", "知识库", "设置")
"""The pages of the sidebar menu every account sees."""
ADMIN_PAGES = ("账号与权限", "审计日志")
"""The pages only admins see."""
ALL_UNITS = "全部单位"
"""The unit picker's "no scope" choice."""


@dataclass(frozen=True)
class Turn:
    """One chat message: the user's words, or what the assistant returned for them."""

    role: Literal["user", "assistant"]
    """Who speaks."""
    task: Task
    """The mode the message belongs to."""
    text: str
    """The user's text, or the assistant's text (answer, draft, summary, or a message)."""
    result: Answer | Draft | Summary | Retrieval | None = None
    """The assistant's full result, for rendering sources, tables and exports."""
    error: bool = False
    """True when ``text`` is an error message."""


@dataclass(frozen=True)
class Endpoint:
    """The session's model endpoint settings (empty fields: keep the environment's)."""

    base_url: str = ""
    """OpenAI-compatible base URL."""
    model: str = ""
    """Chat model name."""
    api_key: str = field(default="", repr=False)
    """API key (session memory only; never shown)."""
    extractive_only: bool = False
    """Answer without a model even if one is configured."""


def init() -> None:
    """Create the session's keys on its first run."""
    st.session_state.setdefault("endpoint", Endpoint())
    st.session_state.setdefault("endpoint_check", None)
    st.session_state.setdefault("index_report", None)
    st.session_state.setdefault("threads", {})


def pages(admin: bool) -> tuple[str, ...]:
    """The sidebar pages of an account (admins also get accounts and the audit trail)."""
    return PAGES + ADMIN_PAGES if admin else PAGES


def endpoint_check() -> tuple[Endpoint, str | None] | None:
    """The endpoint last tested on the settings page and why it failed (None: it answered)."""
    value: tuple[Endpoint, str | None] | None = st.session_state["endpoint_check"]
    return value


def set_endpoint_check(tested: Endpoint, failure: str | None) -> None:
    """Remember the result of the connection test of ``tested``."""
    st.session_state["endpoint_check"] = (tested, failure)


def endpoint() -> Endpoint:
    """The session's endpoint settings."""
    value: Endpoint = st.session_state["endpoint"]
    return value


def set_endpoint(value: Endpoint) -> None:
    """Replace the session's endpoint settings."""
    st.session_state["endpoint"] = value


def last_index_report() -> tuple[list[FileReport], str] | None:
    """The per-file lines and the summary line of this session's last indexing run."""
    value: tuple[list[FileReport], str] | None = st.session_state["index_report"]
    return value


def set_index_report(lines: list[FileReport], summary: str) -> None:
    """Remember the last indexing report (shown until the next run)."""
    st.session_state["index_report"] = (lines, summary)


def clear_index_report() -> None:
    """Forget the last indexing report (a new run starts, or the user closed it)."""
    st.session_state["index_report"] = None


def endpoint_settings(base: Settings, ep: Endpoint) -> Settings:
    """The settings a session endpoint stands for (empty fields keep ``base``'s)."""
    if ep.extractive_only:
        return replace(base, openai_api_key=None, openai_base_url=None)
    return replace(
        base,
        openai_base_url=ep.base_url or base.openai_base_url,
        llm_model=ep.model or base.llm_model,
        openai_api_key=ep.api_key or base.openai_api_key,
    )


def session_workspace(office: Office, principal: Principal, kb: str) -> Workspace:
    """The workspace this session works in: ``principal`` in ``kb``, with the session's endpoint."""
    base = office.workspace(principal, kb)
    ep = endpoint()
    if ep == Endpoint():
        return base
    settings = endpoint_settings(base.settings, ep)
    key = (id(base.assistant), principal, kb, ep)
    cached = st.session_state.get("session_workspace")
    if cached is not None and cached[0] == key:
        derived: Workspace = cached[1]
        return derived
    derived = base.with_chat(settings, factory.make_chat_model(settings))
    st.session_state["session_workspace"] = (key, derived)
    return derived


def qa_history(turns: list[Turn], limit: int = HISTORY_TURNS) -> list[tuple[str, str]]:
    """The last ``limit`` question/answer pairs of the 问答 mode in ``turns``, oldest first."""
    pairs: list[tuple[str, str]] = []
    for question, reply in itertools.pairwise(turns):
        if question.role == "user" and reply.role == "assistant" and reply.task == "问答" and not reply.error:
            pairs.append((question.text, reply.text))
    return pairs[-limit:]
