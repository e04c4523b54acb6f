"""Helpers of the browser tests: start the app, drive headless Chromium, wait, click, screenshot.

Needs ``/usr/bin/chromium`` and ``/usr/bin/chromedriver`` (Debian: ``apt-get install chromium
chromium-driver``); ``need_browser()`` skips with the reason when they are missing. Selenium is
pointed at the system driver and browser and told to stay offline, so it never downloads
anything; Chromium resolves no host but this machine, so a page that tried to fetch from the
internet would fail visibly (and ``requested_urls`` lists what it asked for). Screenshots go to
``tmp_path``; with ``UPDATE_SCREENSHOTS=1`` also to ``docs/screenshots/`` (for the README).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from core.config import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
WINDOW = (1440, 1000)
START_TIMEOUT = 90.0
ANSWER_TIMEOUT = 60.0
CLI = [sys.executable, "-c", "import sys; from assistant.cli.main import main; sys.exit(main(sys.argv[1:]))"]


def need_browser() -> None:
    """Skip the test when Chromium, its driver or selenium are missing."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (apt-get install chromium chromium-driver)")
    pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")


def app_env(tmp_path: Path, collection: str, **extra: str) -> dict[str, str]:
    """The environment of an app (and of the CLI preparing its store) under ``tmp_path``."""
    env = {
        **os.environ,
        "ASSISTANT_EMBEDDER": "hash",
        "ASSISTANT_STORE": str(tmp_path / "store"),
        "ASSISTANT_COLLECTION": collection,
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(PROJECT_ROOT),
        "HOME": str(tmp_path),
        **extra,
    }
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "ASSISTANT_MODEL"):
        env.pop(name, None)
    return env


def cli(env: Mapping[str, str], *argv: str, stdin: str = "") -> str:
    """Run the ``assistant`` command; returns its output (fails the test on a non-zero exit)."""
    done = subprocess.run(
        [*CLI, *argv],
        cwd=PROJECT_ROOT,
        env=dict(env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def free_port() -> int:
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


@contextmanager
def running_app(
    env: Mapping[str, str], log: Path, port: int | None = None, extra: Sequence[str] = ()
) -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port; yields its URL and stops it at the end."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py"]
            + ["--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1"]
            + ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *extra],
            cwd=PROJECT_ROOT,
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_healthy(url, proc, START_TIMEOUT)
            yield url
        finally:
            _stop(proc)


@contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    """Headless Chromium through the system chromedriver (selenium-manager kept offline)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"
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
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def requested_urls(driver: Any) -> list[str]:
    """Every URL the page requested since the last call (from Chromium's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def wait(driver: Any, condition: Callable[[Any], Any], timeout: float, what: str) -> Any:
    from selenium.common.exceptions import (
        ElementClickInterceptedException,
        NoSuchElementException,
        StaleElementReferenceException,
        TimeoutException,
    )
    from selenium.webdriver.support.ui import WebDriverWait

    ignored = (NoSuchElementException, StaleElementReferenceException, ElementClickInterceptedException)
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.2, ignored_exceptions=ignored).until(condition)
    except TimeoutException:
        raise AssertionError(f"timed out waiting for {what}") from None


def body_text(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.TAG_NAME, "body").text)


def wait_text(driver: Any, text: str, timeout: float = START_TIMEOUT) -> None:
    """Wait until the page shows ``text``."""
    wait(driver, lambda d: text in body_text(d), timeout, f"the text {text!r}")


def screenshot(driver: Any, name: str, tmp_path: Path, height: int = WINDOW[1], top: Any = None) -> Path:
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


def settled(driver: Any) -> None:
    """Wait until the app has finished its current run (no running indicator three times in a row)."""
    from selenium.webdriver.common.by import By

    quiet = [0]

    def idle(d: Any) -> bool:
        running = d.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]')
        quiet[0] = 0 if running else quiet[0] + 1
        return quiet[0] >= 3

    wait(driver, idle, ANSWER_TIMEOUT, "the app to finish running")


def send(driver: Any, text: str, hint: str = "") -> None:
    """Type ``text`` into the chat input (whose placeholder starts with ``hint``) and press Enter."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    settled(driver)

    def sent(d: Any) -> bool:
        box = d.find_element(By.CSS_SELECTOR, '[data-testid="stChatInputTextArea"]')
        if not (box.get_attribute("placeholder") or "").startswith(hint):
            return False
        box.click()
        box.send_keys(text)
        box.send_keys(Keys.ENTER)
        return True

    wait(driver, sent, START_TIMEOUT, "the chat input")


def chat_messages(driver: Any) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, '[data-testid="stChatMessage"]'))


def click_label(driver: Any, text: str) -> None:
    """Click the radio option (or other labelled control) showing ``text``."""
    from selenium.webdriver.common.by import By

    def clicked(d: Any) -> bool:
        for label in d.find_elements(By.CSS_SELECTOR, "label"):
            if label.text.strip() == text and label.is_displayed():
                d.execute_script(
                    "arguments[0].scrollIntoView({block: 'center'});", label
                )  # not under a long page's top
                label.click()
                return True
        return False

    wait(driver, clicked, START_TIMEOUT, f"the option {text}")


def click_button(driver: Any, text: str) -> None:
    """Click the button labelled ``text`` once it is shown and enabled."""
    from selenium.webdriver.common.by import By

    def clicked(d: Any) -> bool:
        for button in d.find_elements(By.CSS_SELECTOR, "button"):
            shown = button.text.strip().splitlines()  # an icon's ligature name comes first
            if shown and shown[-1].strip() == text and button.is_displayed() and button.is_enabled():
                button.click()
                return True
        return False

    wait(driver, clicked, START_TIMEOUT, f"the button {text}")


def reply_with(driver: Any, n: int, css: str, what: str) -> str:
    """The text of chat message ``n`` once it shows an element matching ``css``."""
    from selenium.webdriver.common.by import By

    def ready(d: Any) -> str | None:
        messages = chat_messages(d)
        if len(messages) < n:
            return None
        found = messages[n - 1].find_elements(By.CSS_SELECTOR, css)
        return str(messages[n - 1].text) if found and found[0].is_displayed() else None

    text: str = wait(driver, ready, ANSWER_TIMEOUT, what)
    return text


def sign_in(driver: Any, url: str, name: str, password: str) -> None:
    """Open the app and sign in with a local account."""
    from selenium.webdriver.common.by import By

    driver.get(url)
    wait_text(driver, "登录")

    def typed(d: Any) -> bool:
        inputs = d.find_elements(By.CSS_SELECTOR, '[data-testid="stForm"] input')
        if len(inputs) < 2:
            return False
        inputs[0].clear()
        inputs[0].send_keys(name)
        inputs[1].clear()
        inputs[1].send_keys(password)
        return True

    wait(driver, typed, START_TIMEOUT, "the sign-in form")
    from selenium.webdriver.common.keys import Keys

    driver.find_elements(By.CSS_SELECTOR, '[data-testid="stForm"] input')[1].send_keys(Keys.ENTER)
    wait_text(driver, f"当前账号：{name}")
