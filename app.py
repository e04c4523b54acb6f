"""整改通报助手 — the Streamlit chat app (UI only; run with ``streamlit run app.py``).

The one ``Office`` comes from the factory, cached for all sessions and never mutated. Each
session signs in (``ui.login``; without accounts it is the single user), picks one of the
knowledge bases it may use, and works through that ``Workspace``: every call is checked and
recorded below the UI. The pages live in ``ui/``: 对话 (问答 / 起草 / 单位整改摘要 / 原文检索,
with saved conversations), 知识库, 设置, and for admins 账号与权限 and 审计日志.
"""

from __future__ import annotations

import streamlit as st

from assistant import factory
from assistant.office import Office
from core.config import Settings
from core.errors import AssistantError
from ui import admin_page, audit_page, chat, library, login, render, settings_page, state

st.set_page_config(page_title="整改通报助手", page_icon=str(render.ICON), layout="wide")


@st.cache_resource(show_spinner="正在打开知识库…")
def shared_office() -> Office:
    """The office over the configured store, shared by every session."""
    return factory.make_office(Settings.from_env())


state.init()
render.inject_css()
try:
    office = shared_office()
except AssistantError as exc:
    st.error(f"无法打开知识库：{exc}")
    st.stop()
login.sync_cookie(office.settings.session_hours)
principal = login.who(office)
if principal is None:
    st.stop()

st.sidebar.title("整改通报助手")
login.sidebar(office, principal)
kbs = office.knowledge_bases(principal)
if not kbs:
    st.title("整改通报助手")
    st.warning("你的账号还没有任何知识库的权限，请联系管理员授权。", icon=":material/lock:")
    st.stop()
if len(kbs) > 1:
    kb = st.sidebar.selectbox("知识库", kbs, key="kb")
else:
    kb = kbs[0]
    st.sidebar.caption(f"知识库：{kb}")
admin = office.current(principal).role == "admin"
page = st.sidebar.radio("页面", state.pages(admin), key="page")
try:
    workspace = state.session_workspace(office, principal, kb)
except AssistantError as exc:
    st.error(f"无法打开知识库“{kb}”：{exc}")
    st.stop()
st.title("整改通报助手")
settings_page.banner(workspace)

if page == "对话":
    chat.page(workspace, office.threads(principal), admin)
elif page == "知识库":
    library.page(workspace)
elif page == "设置":
    settings_page.page(office.settings)
elif page == "账号与权限":
    admin_page.page(office, office.admin(principal))
else:
    audit_page.page(office.admin(principal))
