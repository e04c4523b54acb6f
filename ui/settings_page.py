"""The 设置 page (this session's model endpoint) and the mode banner every page shows."""

from __future__ import annotations

import streamlit as st

from assistant.service import Assistant
from core.phrases import MODE_LABELS
from ui import state


def banner(assistant: Assistant) -> None:
    """Say which mode answers and why (LLM or extractive)."""
    text = f"**{MODE_LABELS[assistant.mode]}** ｜ {assistant.mode_reason}"
    if assistant.mode == "llm":
        st.success(text, icon=":material/smart_toy:")
    else:
        st.info(text + "。可在“设置”中填写接口。", icon=":material/article:")


def page(base: Assistant) -> None:
    """Render the settings page; saving replaces this session's endpoint (nothing is written to disk)."""
    st.header("设置")
    st.caption(
        "以下设置只对当前浏览器会话有效，保存在会话内存中，不写入磁盘或日志。留空的项沿用服务器环境变量中的配置。"
    )
    current = state.endpoint()
    env = base.settings
    with st.form("endpoint_form"):
        base_url = st.text_input(
            "接口地址（OpenAI 兼容，Base URL）",
            value=current.base_url,
            placeholder=env.openai_base_url or "如 https://api.deepseek.com/v1 或 http://localhost:11434/v1",
        )
        model = st.text_input(
            "模型名称", value=current.model, placeholder=env.llm_model or "如 deepseek-chat"
        )
        api_key = st.text_input(
            "API Key",
            value=current.api_key,
            type="password",
            placeholder="已在环境变量中配置" if env.openai_api_key else "sk-…",
        )
        extractive = st.checkbox("不使用大模型（抽取模式）", value=current.extractive_only)
        saved = st.form_submit_button("保存", type="primary")
    if saved:
        state.set_endpoint(state.Endpoint(base_url.strip(), model.strip(), api_key.strip(), extractive))
        st.session_state["endpoint_saved"] = True
        st.rerun()
    if st.session_state.pop("endpoint_saved", False):
        st.success("已保存，本会话的后续回答将使用新设置。")
    if st.button("恢复为服务器默认设置"):
        state.set_endpoint(state.Endpoint())
        st.rerun()
