"""Per-session state: the chat history, the session's model endpoint, the assistant it answers with.

The cached ``Assistant`` is shared by every session and never mutated; a session whose settings
name another endpoint gets ``with_chat`` of it, kept in ``st.session_state`` (the API key lives
there only, never on disk or in logs).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

import streamlit as st

from assistant import factory
from core.config import HISTORY_TURNS

if TYPE_CHECKING:
    from assistant.retrieval.retriever import Retrieval
    from assistant.service import Assistant
    from core.types import Answer, Draft, Summary
    from ui.uploads import FileReport

Task = Literal["问答", "起草", "单位整改摘要", "检索测试"]
"""The chat modes."""
TASKS: tuple[Task, ...] = ("问答", "起草", "单位整改摘要", "检索测试")
"""The chat modes, in menu order."""
PAGES = ("对话", "知识库", "设置")
"""The pages of the sidebar menu."""
ALL_UNITS = "全部单位"
"""The unit picker's "no scope" choice."""
"""Earlier question/answer pairs given to ``ask`` for follow-up questions."""


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
    st.session_state.setdefault("history", [])
    st.session_state.setdefault("endpoint", Endpoint())
    st.session_state.setdefault("index_report", None)


def history() -> list[Turn]:
    """The chat history of this session (mutable list in session state)."""
    turns: list[Turn] = st.session_state["history"]
    return turns


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


def session_assistant(base: Assistant) -> Assistant:
    """The assistant this session answers with: ``base``, or ``base.with_chat`` of its endpoint."""
    ep = endpoint()
    if ep == Endpoint():
        return base
    settings = base.settings
    if ep.extractive_only:
        settings = replace(settings, openai_api_key=None, openai_base_url=None)
    else:
        settings = replace(
            settings,
            openai_base_url=ep.base_url or settings.openai_base_url,
            llm_model=ep.model or settings.llm_model,
            openai_api_key=ep.api_key or settings.openai_api_key,
        )
    key = (id(base), ep)
    cached = st.session_state.get("session_assistant")
    if cached is not None and cached[0] == key:
        derived: Assistant = cached[1]
        return derived
    derived = factory.with_endpoint(base, settings)
    st.session_state["session_assistant"] = (key, derived)
    return derived


def qa_history(limit: int = HISTORY_TURNS) -> list[tuple[str, str]]:
    """The last ``limit`` question/answer pairs of the 问答 mode, oldest first."""
    pairs: list[tuple[str, str]] = []
    turns = history()
    for question, reply in itertools.pairwise(turns):
        if question.role == "user" and reply.role == "assistant" and reply.task == "问答" and not reply.error:
            pairs.append((question.text, reply.text))
    return pairs[-limit:]
