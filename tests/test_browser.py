"""The app in a real browser, single-user (no accounts): ``streamlit run app.py`` driven by headless Chromium.

The server runs over ``data/sample`` indexed with the hash embedder in a temporary store; it is
stopped at the end. See ``tests/browser.py`` for the helpers and what they need.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
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
    need_browser,
    reply_with,
    requested_urls,
    running_app,
    screenshot,
    send,
    settled,
    wait,
    wait_text,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running app over the sample notices (hash embedder, store in a temporary folder)."""
    need_browser()
    tmp_path = tmp_path_factory.mktemp("app")
    env = app_env(tmp_path, f"b{uuid.uuid4().hex[:12]}")
    cli(env, "index", "--no-progress", str(SAMPLE_CORPUS))
    with running_app(env, tmp_path / "streamlit.log") as url:
        yield url


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    with chromium(tmp_path / "chromium") as driver:
        yield driver


def test_ask_in_the_browser_shows_the_answer_and_its_source(
    app_url: str, browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(app_url)
    wait_text(browser, "抽取模式")
    assert "单用户模式" in body_text(browser)
    send(browser, "市财政局在财务报销方面采取了哪些整改措施？")

    def answered(d: Any) -> Any:
        messages = chat_messages(d)
        if len(messages) < 2:
            return None
        sources = messages[1].find_elements(By.CSS_SELECTOR, "div.src")
        return messages[1] if sources and sources[0].is_displayed() else None

    reply = wait(browser, answered, START_TIMEOUT, "an answer with a cited source")
    text = reply.text
    assert "财务管理办法" in text
    assert "中共岚江市财政局党组关于巡察整改情况的通报" in text
    assert text.count("细化差旅费") == 1, "the extractive answer's passage is shown twice"
    link = reply.find_element(By.CSS_SELECTOR, "a.cite")
    target = link.get_attribute("href").rsplit("#", 1)[1]
    assert reply.find_element(By.ID, target).is_displayed()
    reply.find_element(By.CSS_SELECTOR, "div.src summary").click()
    assert reply.find_element(By.TAG_NAME, "mark").is_displayed(), "the quoted span is not highlighted"
    assert _screenshot_ok(screenshot(browser, "chat.png", tmp_path))


def test_a_follow_up_in_the_browser_keeps_the_unit(app_url: str, browser: Any) -> None:
    browser.get(app_url)
    wait_text(browser, "抽取模式")
    send(browser, "市财政局制定了几条整改措施？")
    first = reply_with(browser, 2, "div.src", "the first answer with its source")
    assert "36条" in first
    send(browser, "那云岭县教育局呢？")  # a new unit, the same ask: the app passes the conversation on
    reply = reply_with(browser, 4, "div.src", "the follow-up's answer with its source")
    assert "中共云岭县教育局党组：制定整改措施25条" in reply and "36条" not in reply


def _screenshot_ok(path: Path) -> bool:
    return path.stat().st_size > 10_000


def test_a_blank_or_overlong_question_is_not_run(app_url: str, browser: Any) -> None:
    browser.get(app_url)
    wait_text(browser, "抽取模式")
    send(browser, "   ")
    settled(browser)
    assert chat_messages(browser) == []
    browser.execute_script(
        "const box = document.querySelector('[data-testid=stChatInputTextArea]');"
        "const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;"
        "set.call(box, '财务'.repeat(10000)); box.dispatchEvent(new Event('input', {bubbles: true}));"
    )
    send(browser, "？")
    reply = reply_with(browser, 2, '[data-testid="stAlert"]', "the refusal of the long question")
    assert "问题过长（20001 字），请精简到 500 字以内" in reply
    assert chat_messages(browser)[0].size["height"] < 400, "the long paste is rendered in full"


def test_summary_draft_and_library_pages(app_url: str, browser: Any, tmp_path: Path) -> None:
    browser.get(app_url)
    click_label(browser, "单位整改摘要")
    send(browser, "市财政局", hint="输入单位名称")
    reply = reply_with(browser, 2, '[data-testid="stTable"]', "the facts table")
    assert "市委第三巡察组" in reply and "问题清单" in reply
    screenshot(browser, "summary.png", tmp_path, height=1300, top=chat_messages(browser)[1])

    click_label(browser, "起草")
    click_button(browser, "新对话")
    wait(browser, lambda d: not chat_messages(d), START_TIMEOUT, "a new conversation")
    send(browser, "起草一段关于公务接待管理不规范问题的整改情况", hint="说明要起草的内容")
    reply = reply_with(browser, 2, "div.src", "the draft with its sources")
    assert "待补充的占位项" in reply and "【" in reply
    screenshot(browser, "draft.png", tmp_path, height=1200)

    click_label(browser, "知识库")
    wait_text(browser, "已索引的通报（6 篇）")
    settled(browser)
    text = body_text(browser)
    assert not {"Upload", "Drag and drop", "Browse files", "per file"} & set(_words(text))
    shown = browser.execute_script(
        "const z = document.querySelector('[data-testid=stFileUploaderDropzone]');"
        "const after = (el) => getComputedStyle(el, '::after').content;"
        "return [after(z.querySelector('[data-testid=stFileUploaderDropzoneInstructions] > div')),"
        " after(z.querySelector('button [data-testid=stMarkdownContainer]'))];"
    )
    assert "将文件拖放到此处" in shown[0] and "选择文件" in shown[1]
    screenshot(browser, "library.png", tmp_path, height=1200)


def _words(text: str) -> list[str]:
    """The lines of ``text`` and, for the English check, each line cut at its digits."""
    lines = [line.strip() for line in text.splitlines()]
    return lines + [line.lstrip("0123456789MB ") for line in lines]


def test_the_page_fetches_nothing_from_the_internet(app_url: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(app_url)
    wait_text(browser, "抽取模式")
    settled(browser)
    icon = browser.find_element(By.CSS_SELECTOR, "link[rel='shortcut icon']").get_attribute("href")
    assert icon.startswith(app_url), icon
    outside = [
        u
        for u in requested_urls(browser)
        if not u.startswith((app_url, "data:", "blob:", "ws://127.0.0.1", "chrome"))
    ]
    assert outside == []


def test_upload_refuses_in_chinese_and_removal_asks_first(app_url: str, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from tests.notice_factory import notice_text

    good = tmp_path / "青川县林业局.txt"
    good.write_text(notice_text("青川县林业局", "县林业局"), encoding="utf-8")
    bad = tmp_path / "tool.exe"
    bad.write_bytes(b"MZ\x90\x00")
    browser.get(app_url)
    click_label(browser, "知识库")
    wait_text(browser, "已索引的通报（6 篇）")
    settled(browser)
    picker = wait(
        browser,
        lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="stFileUploaderDropzoneInput"]'),
        START_TIMEOUT,
        "the upload widget",
    )
    picker.send_keys(f"{good}\n{bad}")
    wait(browser, lambda d: "tool.exe" in body_text(d), START_TIMEOUT, "the chosen files")
    assert "not allowed" not in body_text(browser)
    click_button(browser, "索引上传的文件")
    wait_text(browser, "不支持的文件类型 .exe")
    wait_text(browser, "已索引的通报（7 篇）")
    text = body_text(browser)
    assert "已索引 1 个" in text and "未接收 1 个" in text
    screenshot(browser, "upload_report.png", tmp_path, height=1200)

    def remove_box(d: Any) -> Any:
        boxes = [
            b for b in d.find_elements(By.CSS_SELECTOR, '[data-testid="stSelectbox"]') if "移除" in b.text
        ]
        return boxes[0] if boxes else None

    box = wait(browser, remove_box, START_TIMEOUT, "the remove picker")
    field = box.find_element(By.TAG_NAME, "input")
    assert field.get_attribute("placeholder") == "请选择文件…" and not field.get_attribute("value")
    assert not browser.find_element(By.XPATH, "//button[contains(., '移除…')]").is_enabled()
    field.click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, '[role="option"]'), START_TIMEOUT, "the options")
    next(
        o for o in browser.find_elements(By.CSS_SELECTOR, '[role="option"]') if "青川县林业局" in o.text
    ).click()
    click_button(browser, "移除…")
    wait_text(browser, "确定从知识库“默认”移除“青川县林业局.txt”")
    assert "已索引的通报（7 篇）" in body_text(browser)
    click_button(browser, "确认移除")
    wait_text(browser, "已移除 青川县林业局.txt")
    wait_text(browser, "已索引的通报（6 篇）")
    settled(browser)
