"""The 账号与权限 page (admins): accounts, roles, knowledge-base grants, knowledge bases.

Every change goes through ``Administration``, which checks that the signed-in account is an
admin at that moment and records the change in the audit trail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from assistant.accounts.grants import DEFAULT_KB
from assistant.accounts.users import ROLE_LABELS, ROLES
from core.errors import AssistantError

if TYPE_CHECKING:
    from assistant.accounts.admin import AccountView, Administration
    from assistant.office import Office


def _done(message: str) -> None:
    st.session_state["admin_done"] = message
    st.rerun()


def _accounts_table(accounts: list[AccountView]) -> None:
    rows = [
        {
            "账号": a.name,
            "角色": ROLE_LABELS[a.role],
            "知识库": "全部" if a.role == "admin" else ("、".join(a.kbs) or "（无）"),
            "登录方式": "密码" if a.has_password else "统一身份认证",
        }
        for a in accounts
    ]
    if rows:
        st.table(pd.DataFrame(rows).set_index("账号"))
    else:
        st.info(
            "还没有账号：应用处于单用户模式。添加第一个账号后，访问应用需要登录（第一个账号请设为管理员）。"
        )


def _add_account(admin: Administration, kbs: list[str], first: bool) -> None:
    with st.form("add_account", clear_on_submit=True):
        st.markdown("**添加账号**")
        name = st.text_input("账号名", help="统一身份认证的用户请填写其邮箱等身份声明值")
        role = st.selectbox(
            "角色", ROLES, index=ROLES.index("admin") if first else 0, format_func=lambda r: ROLE_LABELS[r]
        )
        granted = st.multiselect("授权的知识库", kbs, default=[DEFAULT_KB] if DEFAULT_KB in kbs else [])
        password = st.text_input("密码（留空则只能统一身份认证登录）", type="password")
        go = st.form_submit_button("添加", type="primary")
    if go:
        try:
            admin.add_user(name.strip(), role, password or None, granted)
        except AssistantError as exc:
            st.error(str(exc))
        else:
            _done(f"已添加账号 {name.strip()}")


def _edit_account(admin: Administration, accounts: list[AccountView], kbs: list[str], me: str) -> None:
    names = [a.name for a in accounts]
    picked = st.selectbox("选择账号", names, index=None, placeholder="请选择账号…", key="admin_account")
    account = next((a for a in accounts if a.name == picked), None)
    if account is None:
        return
    with st.form(f"edit-{account.name}"):
        role = st.selectbox(
            "角色", ROLES, index=ROLES.index(account.role), format_func=lambda r: ROLE_LABELS[r]
        )
        granted = st.multiselect("授权的知识库", kbs, default=[k for k in account.kbs if k in kbs])
        password = st.text_input("新密码（留空则不修改）", type="password")
        go = st.form_submit_button("保存修改", type="primary")
    if go:
        try:
            if role != account.role:
                admin.set_role(account.name, role)
            if added := [k for k in granted if k not in account.kbs]:
                admin.grant(account.name, added)
            if removed := [k for k in account.kbs if k not in granted]:
                admin.revoke(account.name, removed)
            if password:
                admin.set_password(account.name, password)
        except AssistantError as exc:
            st.error(str(exc))
        else:
            _done(f"已保存 {account.name} 的修改")
    if account.name == me:
        return
    if st.button(f"删除账号 {account.name}…", key="delete_account", icon=":material/person_remove:"):
        st.session_state["confirm_account"] = account.name
    if st.session_state.get("confirm_account") == account.name:
        st.warning(f"确定删除账号“{account.name}”？它的授权和保存的对话会一并删除。")
        if st.button("确认删除", key="delete_account_confirm", type="primary"):
            st.session_state.pop("confirm_account", None)
            try:
                admin.remove_user(account.name)
            except AssistantError as exc:
                st.error(str(exc))
            else:
                st.session_state.pop("admin_account", None)
                _done(f"已删除账号 {account.name}")


def _knowledge_bases(office: Office, admin: Administration, kbs: list[str]) -> None:
    st.subheader("知识库")
    st.caption(
        "每个知识库是索引中的一组独立集合（按部门或地区划分）；账号只能使用被授权的知识库，管理员可使用全部。"
    )
    st.markdown("、".join(f"**{k}**" for k in kbs))
    with st.form("add_kb", clear_on_submit=True):
        name = st.text_input("新知识库名称", placeholder="如 财务、人事、岚江市")
        go = st.form_submit_button("新建知识库")
    if go:
        try:
            created = admin.add_kb(name.strip())
        except AssistantError as exc:
            st.error(str(exc))
        else:
            _done(f"已新建知识库 {name.strip()}" if created else f"知识库 {name.strip()} 已存在")
    removable = [k for k in kbs if k != DEFAULT_KB]
    if not removable:
        return
    doomed = st.selectbox(
        "删除知识库", removable, index=None, placeholder="选择要删除的知识库…", key="admin_kb"
    )
    if doomed and st.button(f"删除知识库 {doomed}…", key="delete_kb"):
        st.session_state["confirm_kb"] = doomed
    if doomed and st.session_state.get("confirm_kb") == doomed:
        st.warning(f"确定删除知识库“{doomed}”？其中的全部索引、授权和对话都会删除，且无法恢复。")
        if st.button("确认删除知识库", key="delete_kb_confirm", type="primary"):
            st.session_state.pop("confirm_kb", None)
            try:
                admin.remove_kb(doomed)
            except AssistantError as exc:
                st.error(str(exc))
            else:
                st.session_state.pop("admin_kb", None)
                _done(f"已删除知识库 {doomed}")


def page(office: Office, admin: Administration) -> None:
    """Render the accounts and grants page."""
    st.header("账号与权限")
    if done := st.session_state.pop("admin_done", None):
        st.success(done)
    st.caption(
        "读者：提问、起草、摘要；编辑：另可在授权的知识库中上传、索引和移除文件；管理员：另可管理账号、授权和查看审计日志。"
    )
    accounts = admin.accounts()
    kbs = office.kbs.names()
    _accounts_table(accounts)
    left, right = st.columns(2)
    with left:
        _add_account(admin, kbs, first=not accounts)
    with right:
        st.markdown("**修改账号**")
        _edit_account(admin, accounts, kbs, admin.principal.name)
    st.divider()
    _knowledge_bases(office, admin, kbs)
