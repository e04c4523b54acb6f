"""The 设置 page (this session's model endpoint, tested when saved) and the mode banner every page shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from assistant import factory
from core.phrases import MODE_LABELS
from ui import state

if TYPE_CHECKING:
    from assistant.accounts.workspace import Workspace
    from core.config import Settings


def banner(workspace: Workspace) -> None:
    """Say which mode answers and why (LLM or extractive), and whether the endpoint answered its test."""
    text = f"**{MODE_LABELS[workspace.mode]}** ｜ {workspace.mode_reason}"
    tested = state.endpoint_check()
    failure = tested[1] if tested is not None and tested[0] == state.endpoint() else None
    if workspace.mode == "llm" and failure:
        st.warning(
            f"{text}。但连接测试未通过（{failure}），回答时会改用抽取模式；请在“设置”中检查接口。",
            icon=":material/cloud_off:",
        )
    elif workspace.mode == "llm":
        st.success(text, icon=":material/smart_toy:")
    else:
        st.info(text + "。可在“设置”中填写接口。", icon=":material/article:")


def _test(base: Settings, ep: state.Endpoint) -> None:
    """Test the endpoint ``ep`` stands for and remember the result for the banner."""
    settings = state.endpoint_settings(base, ep)
    if not settings.llm_configured:
        state.set_endpoint_check(ep, None)
        return
    with st.spinner("正在测试与大模型接口的连接…"):
        failure = factory.check_endpoint(settings)
    state.set_endpoint_check(ep, failure)


def _result() -> None:
    tested = state.endpoint_check()
    if tested is None or tested[0] != state.endpoint():
        return
    if tested[1] is None:
        st.success("连接测试通过：接口已正常回复。", icon=":material/check_circle:")
    else:
        st.error(f"连接测试未通过：{tested[1]}。回答时会改用抽取模式。", icon=":material/error:")


def page(base: Settings) -> None:
    """Render the settings page; saving replaces this session's endpoint and tests it (nothing is written to disk)."""
    st.header("设置")
    st.caption(
        "以下设置只对当前浏览器会话有效，保存在会话内存中，不写入磁盘或日志。留空的项沿用服务器环境变量中的配置。"
        "保存时会向接口发送一条简短的测试消息，检查能否连通。"
    )
    current = state.endpoint()
    with st.form("endpoint_form"):
        base_url = st.text_input(
            "接口地址（OpenAI 兼容，Base URL）",
            value=current.base_url,
            placeholder=base.openai_base_url or "如 https://api.deepseek.com/v1 或 http://localhost:11434/v1",
        )
        model = st.text_input(
            "模型名称", value=current.model, placeholder=base.llm_model or "如 deepseek-chat"
        )
        api_key = st.text_input(
            "API Key",
            value=current.api_key,
            type="password",
            placeholder="已在环境变量中配置" if base.openai_api_key else "sk-…",
        )
        extractive = st.checkbox("不使用大模型（抽取模式）", value=current.extractive_only)
        saved = st.form_submit_button("保存并测试连接", type="primary")
    if saved:
        ep = state.Endpoint(base_url.strip(), model.strip(), api_key.strip(), extractive)
        state.set_endpoint(ep)
        _test(base, ep)
        st.session_state["endpoint_saved"] = True
        st.rerun()
    if st.session_state.pop("endpoint_saved", False):
        st.success("已保存，本会话的后续回答将使用新设置。")
    _result()
    left, right = st.columns(2)
    if left.button("恢复为服务器默认设置", width="stretch"):
        state.set_endpoint(state.Endpoint())
        st.rerun()
    if right.button(
        "测试当前接口", width="stretch", disabled=not state.endpoint_settings(base, current).llm_configured
    ):
        _test(base, current)
        st.rerun()
