"""The app in a real browser: ``streamlit run app.py`` on a free port, driven by headless Chromium.

Needs ``/usr/bin/chromium`` and ``/usr/bin/chromedriver`` (Debian: ``apt-get install chromium
chromium-driver``); skipped with the reason when they are missing. Selenium is pointed at the
system driver and browser and told to stay offline, so it never downloads anything. The
server runs over ``data/sample`` indexed with the hash embedder in a temporary store; it is
stopped at the end. Screenshots go to ``tmp_path``; with ``UPDATE_SCREENSHOTS=1`` also to
``docs/screenshots/`` (for the README).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from core.config import PROJECT_ROOT, SAMPLE_CORPUS

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
WINDOW = (1440, 1000)
START_TIMEOUT = 60.0
ANSWER_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout:.0f} s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running app over the sample notices (hash embedder, store in a temporary folder)."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (apt-get install chromium chromium-driver)")
    pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")
    tmp_path = tmp_path_factory.mktemp("app")
    env = {
        **os.environ,
        "ASSISTANT_EMBEDDER": "hash",
        "ASSISTANT_STORE": str(tmp_path / "store"),
        "ASSISTANT_COLLECTION": f"b{uuid.uuid4().hex[:12]}",
        "PYTHONUNBUFFERED": "1",
        "HOME": str(tmp_path),
    }
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "ASSISTANT_MODEL"):
        env.pop(name, None)
    indexed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from assistant.cli.main import main; sys.exit(main(sys.argv[1:]))",
        ]
        + ["index", "--no-progress", str(SAMPLE_CORPUS)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert indexed.returncode == 0, indexed.stderr.decode("utf-8", "replace")

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "streamlit.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py"]
        + ["--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1"]
        + ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_healthy(url, proc, START_TIMEOUT)
        yield url
    finally:
        _stop(proc)
        log.close()


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Headless Chromium through the system chromedriver (selenium-manager kept offline)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--lang=zh-CN",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        f"--user-data-dir={tmp_path / 'chromium'}",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: Any, condition: Callable[[Any], Any], timeout: float, what: str) -> Any:
    from selenium.common.exceptions import (
        NoSuchElementException,
        StaleElementReferenceException,
        TimeoutException,
    )
    from selenium.webdriver.support.ui import WebDriverWait

    ignored = (NoSuchElementException, StaleElementReferenceException)
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.2, ignored_exceptions=ignored).until(condition)
    except TimeoutException:
        raise AssertionError(f"timed out waiting for {what}") from None


def _screenshot(driver: Any, name: str, tmp_path: Path, height: int = WINDOW[1], top: Any = None) -> Path:
    """Save a screenshot of a ``height``-pixel viewport to ``tmp_path`` and ``docs/screenshots``.

    With ``top`` (an element), the page is scrolled so that it starts at the top of the view.
    """
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": WINDOW[0], "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        time.sleep(0.8)
        if top is not None:
            driver.execute_script("arguments[0].scrollIntoView({block: 'start', behavior: 'instant'});", top)
            time.sleep(0.8)
        shot = tmp_path / name
        assert driver.save_screenshot(str(shot)), "screenshot failed"
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOTS / name)
    return shot


def _settled(driver: Any) -> None:
    """Wait until the app has finished its current run (no running indicator twice in a row)."""
    from selenium.webdriver.common.by import By

    quiet = [0]

    def idle(d: Any) -> bool:
        running = d.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]')
        quiet[0] = 0 if running else quiet[0] + 1
        return quiet[0] >= 3

    _wait(driver, idle, ANSWER_TIMEOUT, "the app to finish running")


def _send(driver: Any, text: str, hint: str = "") -> None:
    """Type ``text`` into the chat input (whose placeholder starts with ``hint``) and press Enter."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _settled(driver)

    def sent(d: Any) -> bool:
        box = d.find_element(By.CSS_SELECTOR, '[data-testid="stChatInputTextArea"]')
        if not (box.get_attribute("placeholder") or "").startswith(hint):
            return False
        box.click()
        box.send_keys(text)
        box.send_keys(Keys.ENTER)
        return True

    _wait(driver, sent, START_TIMEOUT, "the chat input")


def _assistant_messages(driver: Any) -> list[Any]:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, '[data-testid="stChatMessage"]')


def test_ask_in_the_browser_shows_the_answer_and_its_source(
    app_url: str, browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(app_url)
    _wait(
        browser, lambda d: "抽取模式" in d.find_element(By.TAG_NAME, "body").text, START_TIMEOUT, "the banner"
    )
    _send(browser, "市财政局在财务报销方面采取了哪些整改措施？")

    def answered(d: Any) -> Any:
        messages = _assistant_messages(d)
        if len(messages) < 2:
            return None
        sources = messages[1].find_elements(By.CSS_SELECTOR, "div.src")
        return messages[1] if sources and sources[0].is_displayed() else None

    reply = _wait(browser, answered, ANSWER_TIMEOUT, "an answer with a cited source")
    text = reply.text
    assert "财务管理办法" in text
    assert "中共岚江市财政局党组关于巡察整改情况的通报" in text
    link = reply.find_element(By.CSS_SELECTOR, "a.cite")
    target = link.get_attribute("href").rsplit("#", 1)[1]
    assert reply.find_element(By.ID, target).is_displayed()
    assert reply.find_elements(By.TAG_NAME, "mark"), "the quoted span is not highlighted"
    assert _screenshot(browser, "chat.png", tmp_path).stat().st_size > 10_000


def _click_label(driver: Any, text: str) -> None:
    """Click the radio option (or other labelled control) showing ``text``."""
    from selenium.webdriver.common.by import By

    def clicked(d: Any) -> bool:
        for label in d.find_elements(By.CSS_SELECTOR, "label"):
            if label.text.strip() == text and label.is_displayed():
                label.click()
                return True
        return False

    _wait(driver, clicked, START_TIMEOUT, f"the option {text}")


def _click_button(driver: Any, text: str) -> None:
    """Click the button labelled ``text``."""
    from selenium.webdriver.common.by import By

    def clicked(d: Any) -> bool:
        for button in d.find_elements(By.CSS_SELECTOR, "button"):
            if button.text.strip() == text and button.is_displayed():
                button.click()
                return True
        return False

    _wait(driver, clicked, START_TIMEOUT, f"the button {text}")


def _reply_with(driver: Any, n: int, css: str, what: str) -> str:
    """The text of chat message ``n`` once it shows an element matching ``css``."""
    from selenium.webdriver.common.by import By

    def ready(d: Any) -> str | None:
        messages = _assistant_messages(d)
        if len(messages) < n:
            return None
        found = messages[n - 1].find_elements(By.CSS_SELECTOR, css)
        return str(messages[n - 1].text) if found and found[0].is_displayed() else None

    text: str = _wait(driver, ready, ANSWER_TIMEOUT, what)
    return text


def test_summary_draft_and_library_pages(app_url: str, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(app_url)
    _click_label(browser, "单位整改摘要")
    _send(browser, "市财政局", hint="输入单位名称")
    reply = _reply_with(browser, 2, '[data-testid="stTable"]', "the facts table")
    assert "市委第三巡察组" in reply and "问题清单" in reply
    _screenshot(browser, "summary.png", tmp_path, height=1300, top=_assistant_messages(browser)[1])

    _click_button(browser, "清空对话")
    _wait(browser, lambda d: not _assistant_messages(d), START_TIMEOUT, "the history to clear")
    _click_label(browser, "起草")
    _send(browser, "起草一段关于公务接待管理不规范问题的整改情况", hint="说明要起草的内容")
    reply = _reply_with(browser, 2, "div.src", "the draft with its sources")
    assert "待补充的占位项" in reply and "【" in reply
    _screenshot(browser, "draft.png", tmp_path, height=1200)

    _click_label(browser, "知识库")
    _wait(
        browser,
        lambda d: "已索引的通报（6 篇）" in d.find_element(By.TAG_NAME, "body").text,
        START_TIMEOUT,
        "the notice list",
    )
    _screenshot(browser, "library.png", tmp_path, height=1200)
