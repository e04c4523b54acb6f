"""整改通报助手 — the Streamlit chat app (UI only; run with ``streamlit run app.py``).

The one ``Assistant`` comes from the factory, cached for all sessions and never mutated; each
session keeps its history and its model endpoint in ``st.session_state``. The pages live in
``ui/``: chat (问答 / 起草 / 单位整改摘要 / 检索测试), 知识库 and 设置.
"""

from __future__ import annotations

import streamlit as st

from assistant import factory
from assistant.service import Assistant
from core.config import Settings
from core.errors import AssistantError
from ui import chat, library, render, settings_page, state

st.set_page_config(page_title="整改通报助手", page_icon=":material/assignment:", layout="wide")


@st.cache_resource(show_spinner="正在加载索引和模型…")
def shared_assistant() -> Assistant:
    """The assistant over the configured store, shared by every session."""
    return factory.make_assistant(Settings.from_env())


state.init()
render.inject_css()
try:
    base = shared_assistant()
except AssistantError as exc:
    st.error(f"无法打开知识库：{exc}")
    st.stop()
assistant = state.session_assistant(base)

st.sidebar.title("整改通报助手")
page = st.sidebar.radio("页面", state.PAGES, key="page")
st.title("整改通报助手")
settings_page.banner(assistant)

if page == "对话":
    chat.page(assistant)
elif page == "知识库":
    library.page(assistant)
else:
    settings_page.page(base)
