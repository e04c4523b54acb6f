"""Accounts in a real browser: local sign-in, single sign-on against a local OIDC provider, roles,
knowledge bases, the audit view and a saved conversation across a reload.

The deployment: the sample notices in the default knowledge base, one other notice in
``finance``; accounts boss (admin), ed (editor of ``finance``), li (reader of the default one)
and alice@example.org (reader, single sign-on only). The OIDC provider is
``oidc-provider-mock`` on a loopback port, started by the test; the app reads its ``[auth]``
section from a secrets file in the temporary folder.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from core.config import SAMPLE_CORPUS
from tests.browser import (
    START_TIMEOUT,
    app_env,
    body_text,
    chat_messages,
    chromium,
    cli,
    click_button,
    click_label,
    free_port,
    need_browser,
    reply_with,
    running_app,
    screenshot,
    send,
    settled,
    sign_in,
    wait,
    wait_text,
)
from tests.notice_factory import notice_text

pytestmark = pytest.mark.browser

PASSWORDS = {"boss": "Boss-pw-2024", "ed": "Ed-pw-2024", "li": "Li-pw-2024"}
SSO_USER = "alice@example.org"


@dataclass(frozen=True)
class Office:
    url: str
    oidc: str


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    need_browser()
    oidc_mock = pytest.importorskip("oidc_provider_mock", reason="pip install oidc-provider-mock")
    tmp_path = tmp_path_factory.mktemp("office")
    env = app_env(tmp_path, f"o{uuid.uuid4().hex[:12]}", AUTHLIB_INSECURE_TRANSPORT="1")
    cli(env, "index", "--no-progress", str(SAMPLE_CORPUS))
    finance = tmp_path / "青川县财政局.txt"
    finance.write_text(notice_text("青川县财政局", "县财政局"), encoding="utf-8")
    cli(env, "--kb", "finance", "index", "--no-progress", str(finance))
    cli(env, "users", "add", "boss", "--role", "admin", "--password-stdin", stdin=PASSWORDS["boss"] + "\n")
    cli(
        env,
        "users",
        "add",
        "ed",
        "--role",
        "editor",
        "--kb",
        "finance",
        "--password-stdin",
        stdin=PASSWORDS["ed"],
    )
    cli(
        env,
        "users",
        "add",
        "li",
        "--role",
        "reader",
        "--kb",
        "默认",
        "--password-stdin",
        stdin=PASSWORDS["li"],
    )
    cli(env, "users", "add", SSO_USER, "--role", "reader", "--kb", "默认")

    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # the provider runs here, over plain loopback http
    users = [oidc_mock.User(sub=SSO_USER, claims={"email": SSO_USER, "name": "Alice"})]
    with oidc_mock.run_server_in_thread(port=0, user_claims=users) as server:
        oidc = f"http://localhost:{server.server_port}"
        port = free_port()
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{uuid.uuid4().hex}"\n'
            'client_id = "zhenggai-test"\n'
            'client_secret = "not-a-real-secret"\n'
            f'server_metadata_url = "{oidc}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        extra = ["--secrets.files", str(secrets)]
        with running_app(env, tmp_path / "streamlit.log", port=port, extra=extra) as url:
            yield Office(url, oidc)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with chromium(tmp_path / "chromium") as driver:
        yield driver


def _sidebar(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, '[data-testid="stSidebar"]').text)


def test_local_sign_in_refuses_a_wrong_password(office: Office, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(office.url)
    wait_text(browser, "使用统一身份认证登录")
    screenshot(browser, "login.png", tmp_path, height=800)
    inputs = browser.find_elements(By.CSS_SELECTOR, '[data-testid="stForm"] input')
    inputs[0].send_keys("li")
    inputs[1].send_keys("not-the-password")
    inputs[1].send_keys(Keys.ENTER)
    wait_text(browser, "用户名或密码错误")
    assert "当前账号" not in body_text(browser)
    sign_in(browser, office.url, "li", PASSWORDS["li"])
    assert "读者" in _sidebar(browser)


def test_a_reader_cannot_see_upload_or_remove(office: Office, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    sign_in(browser, office.url, "li", PASSWORDS["li"])
    assert "账号与权限" not in _sidebar(browser) and "审计日志" not in _sidebar(browser)
    click_label(browser, "知识库")
    wait_text(browser, "已索引的通报（6 篇）")
    settled(browser)
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "h1, h2, h3")]
    assert "上传通报" not in headings and "移除文件" not in headings
    assert not browser.find_elements(By.CSS_SELECTOR, '[data-testid="stFileUploader"]')
    buttons = [b.text for b in browser.find_elements(By.CSS_SELECTOR, "button")]
    assert not any("移除" in b or "索引" in b for b in buttons), buttons
    assert "不能上传或移除文件" in body_text(browser)
    screenshot(browser, "reader_library.png", tmp_path)


def test_a_conversation_survives_a_reload(office: Office, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    sign_in(browser, office.url, "li", PASSWORDS["li"])
    click_button(browser, "新对话")
    send(browser, "市财政局反馈了多少个问题？")
    reply_with(browser, 2, "div.src", "the answer")
    wait(
        browser,
        lambda d: "市财政局反馈了多少个问题？" in _sidebar(d),
        START_TIMEOUT,
        "the saved conversation",
    )

    browser.refresh()
    wait_text(browser, "当前账号：li")  # still signed in: the session cookie
    settled(browser)
    assert chat_messages(browser) == []
    click_button(browser, "市财政局反馈了多少个问题？")
    reply = reply_with(browser, 2, "div.src", "the saved answer with its source")
    assert "9个问题" in reply
    assert chat_messages(browser)[0].text.strip().endswith("市财政局反馈了多少个问题？")
    screenshot(browser, "conversation.png", tmp_path)

    click_button(browser, "退出登录")
    wait_text(browser, "使用统一身份认证登录")
    browser.refresh()
    wait_text(browser, "使用统一身份认证登录")
    assert not browser.find_elements(By.CSS_SELECTOR, '[data-testid="stChatMessage"]')


def test_an_editor_is_confined_to_the_granted_knowledge_base(
    office: Office, browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    sign_in(browser, office.url, "ed", PASSWORDS["ed"])
    assert "编辑" in _sidebar(browser)
    click_label(browser, "知识库")
    wait_text(browser, "已索引的通报（1 篇）")
    settled(browser)
    text = body_text(browser)
    assert "知识库：finance" in text
    assert "已索引的通报（1 篇）" in text and "移除…" in text
    assert browser.find_elements(By.CSS_SELECTOR, '[data-testid="stFileUploader"]')
    assert "岚江市财政局" not in text
    click_label(browser, "对话")
    click_label(browser, "原文检索")
    send(browser, "财务报销审核", hint="输入关键词")
    reply = reply_with(browser, 2, "div.src", "the passages")
    assert "青川县财政局" in reply and "岚江" not in reply
    screenshot(browser, "editor.png", tmp_path)


def test_an_admin_reads_the_audit_view(office: Office, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    sign_in(browser, office.url, "boss", PASSWORDS["boss"])
    click_label(browser, "审计日志")
    wait_text(browser, "导出 CSV")
    settled(browser)
    grid = browser.find_element(By.CSS_SELECTOR, '[data-testid="stDataFrame"]')
    assert grid.is_displayed()
    text = body_text(browser)
    assert "共 " in text and "没有符合条件的记录" not in text
    screenshot(browser, "audit.png", tmp_path)
    csv = browser.execute_script(
        "const b = [...document.querySelectorAll('button')].find(x => x.innerText.includes('导出 CSV'));"
        "return b ? !b.disabled : false;"
    )
    assert csv
    click_label(browser, "账号与权限")
    wait_text(browser, SSO_USER)
    assert "统一身份认证" in body_text(browser)
    screenshot(browser, "accounts.png", tmp_path)


def test_single_sign_on_through_the_local_provider(office: Office, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(office.url)
    click_button(browser, "使用统一身份认证登录")
    wait(browser, lambda d: d.current_url.startswith(office.oidc), START_TIMEOUT, "the identity provider")
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "input[name=sub]"), START_TIMEOUT, "its form")
    box = browser.find_element(By.CSS_SELECTOR, "input[name=sub]")
    box.send_keys(SSO_USER)
    box.submit()
    wait_text(browser, f"当前账号：{SSO_USER}")
    assert browser.current_url.startswith(office.url)
    assert "读者" in _sidebar(browser)
    screenshot(browser, "sso.png", tmp_path)


def test_single_sign_on_of_an_identity_without_an_account_is_refused(office: Office, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(office.url)
    click_button(browser, "使用统一身份认证登录")
    wait(
        browser,
        lambda d: d.find_elements(By.CSS_SELECTOR, "input[name=sub]"),
        START_TIMEOUT,
        "the provider's form",
    )
    box = browser.find_element(By.CSS_SELECTOR, "input[name=sub]")
    box.send_keys("stranger@example.org")
    box.submit()
    wait_text(browser, "尚未在本系统开通")
    assert "当前账号" not in body_text(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, '[data-testid="stChatInput"]')
