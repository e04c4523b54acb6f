"""Who is using the app: the sign-in page, single sign-on, the session cookie, sign-out.

* No accounts and no single sign-on configured: the app runs for one user as before, as the
  operator, with a note in the sidebar.
* Local accounts: name and password, checked by ``Office.login``. A session token is kept in a
  cookie (``COOKIE``, set by a small script) so a reload stays signed in; the database holds
  only its hash, and signing out ends it.
* Single sign-on: when ``.streamlit/secrets.toml`` has an ``[auth]`` section, a button calls
  Streamlit's ``st.login`` (OIDC through Authlib); the claim ``Settings.sso_claim`` of the
  identity it returns names the local account, which an admin must have created.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import streamlit as st

from assistant.accounts.access import AccessDenied
from assistant.accounts.users import ROLE_LABELS

if TYPE_CHECKING:
    from assistant.accounts.access import Principal
    from assistant.office import Office

COOKIE = "zg_session"
"""The cookie holding the sign-in session token."""


def sso_configured() -> bool:
    """Whether single sign-on is configured (an ``[auth]`` section in the secrets)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def _remember(principal: Principal, token: str = "", via: str = "local") -> Principal:
    st.session_state["principal"] = principal
    st.session_state["session_token"] = token
    st.session_state["signed_in_via"] = via
    return principal


def _forget() -> None:
    for key in ("principal", "session_token", "signed_in_via", "threads"):
        st.session_state.pop(key, None)
    st.session_state["threads"] = {}


def who(office: Office) -> Principal | None:
    """The principal of this browser session, or None after drawing the sign-in page."""
    known: Principal | None = st.session_state.get("principal")
    if known is not None:
        try:
            return office.current(known)
        except AccessDenied as exc:
            _forget()
            st.session_state["cookie_op"] = ""
            st.error(str(exc))
    sso = sso_configured()
    if not sso and office.single_user():
        return office.operator()
    if sso and st.user.is_logged_in:
        return _sso(office)
    token = _cookie()
    resumed = office.resume(token) if token else None
    if resumed is not None:
        return _remember(resumed, token)
    _sign_in_page(office, sso)
    return None


def _cookie() -> str:
    """The session token the browser sent ('' when none, or outside a browser as in ``AppTest``)."""
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no request behind this session
        return ""
    return value if isinstance(value, str) else ""


def _sso(office: Office) -> Principal | None:
    name = str(st.user.get(office.settings.sso_claim) or "")
    if st.session_state.get("sso_refused") != name:
        try:
            return _remember(office.sso_login(name), via="sso")
        except AccessDenied as exc:
            st.session_state["sso_refused"] = name
            st.session_state["sso_message"] = str(exc)
    st.title("整改通报助手")
    st.error(st.session_state.get("sso_message", ""), icon=":material/block:")
    if st.button("退出统一身份认证", key="sso_logout"):
        st.session_state.pop("sso_refused", None)
        st.logout()
    return None


def _sign_in_page(office: Office, sso: bool) -> None:
    st.title("整改通报助手")
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.subheader("登录")
        with st.form("login_form"):
            name = st.text_input("用户名", key="login_name")
            password = st.text_input("密码", type="password", key="login_password")
            go = st.form_submit_button("登录", type="primary", width="stretch")
        if go:
            try:
                principal = office.login(name.strip(), password)
            except AccessDenied as exc:
                st.error(str(exc), icon=":material/block:")
            else:
                token = office.start_session(principal)
                _remember(principal, token)
                st.session_state["cookie_op"] = token
                st.rerun()
        if sso:
            st.divider()
            if st.button("使用统一身份认证登录", key="sso_login", icon=":material/badge:", width="stretch"):
                st.login()
        st.caption("没有账号？请联系管理员开通。")


def sidebar(office: Office, principal: Principal) -> None:
    """Who is signed in and the sign-out button (or the single-user note)."""
    if principal.operator:
        st.sidebar.info(
            "单用户模式：尚未设置账号和登录，所有访问者都以管理员身份使用本应用。"
            "可在“账号与权限”页添加账号（第一个请设为管理员）。",
            icon=":material/person:",
        )
        return
    st.sidebar.caption(f"当前账号：`{principal.name}`（{ROLE_LABELS[principal.role]}）")
    if st.sidebar.button("退出登录", key="logout", icon=":material/logout:", width="stretch"):
        office.logout(principal, st.session_state.get("session_token", ""))
        via = st.session_state.get("signed_in_via")
        _forget()
        st.session_state["cookie_op"] = ""
        if via == "sso":
            st.logout()
        st.rerun()


def sync_cookie(hours: float) -> None:
    """Write (a token, kept ``hours``) or clear (``""``) the session cookie when a sign-in or sign-out asked to."""
    op = st.session_state.pop("cookie_op", None)
    if op is None:
        return
    age = int(hours * 3600) if op else 0
    value = json.dumps(f"{COOKIE}={op}; path=/; max-age={age}; SameSite=Strict")
    st.sidebar.html(f"<script>document.cookie = {value};</script>", unsafe_allow_javascript=True)
