"""`POST /v1/fix` and the page's "Apply all safe fixes" button, against a real service."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import available, chromium
from tests.service.conftest import MARKER, TOKEN, Server

DRAFT = (
    f"Hi {MARKER},\n\nYour laptop is fixed, thx. Plz restart it so I can finish the update "
    "ASAP.\n\nPriya\n"
)
FIXED = (
    f"Hi {MARKER},\n\nYour laptop is fixed, thanks. Please restart it so I can finish the update "
    "ASAP.\n\nPriya\n"
)  # 'ASAP' needs a person: it stays


def test_fix_api_applies_the_safe_fixes(server: Server) -> None:
    with server.client() as client:
        answer = client.post("/v1/fix", json={"text": DRAFT})
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"text": FIXED, "fixed": 2, "not_fixed": []}
        text = "Hi Sam, run `pls-update` again, thx."
        markdown = client.post("/v1/fix", json={"text": text, "format": "markdown"})
        assert markdown.json()["text"] == "Hi Sam, run `pls-update` again, thanks."
        bad = client.post("/v1/fix", json={"text": " ", "format": "text"})
        assert bad.status_code == 422 and "empty" in bad.json()["error"]
        assert client.post("/v1/fix", json={"text": "x", "format": "pdf"}).status_code == 422
    with server.client(token=None) as anonymous:
        assert anonymous.post("/v1/fix", json={"text": DRAFT}).status_code == 401


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    if not available():
        pytest.skip("needs chromium and chromedriver")
    with chromium(1280, 1000) as driver:
        yield driver


def _value(driver: WebDriver) -> str:
    return driver.find_element(By.ID, "draft").get_attribute("value") or ""


def test_page_applies_all_safe_fixes_on_the_button_only(browser: WebDriver, server: Server) -> None:
    browser.get(server.url)
    browser.execute_script(f"sessionStorage.setItem('commlint-token', '{TOKEN}')")
    browser.get(server.url)
    button = browser.find_element(By.ID, "fix-all")
    assert not button.is_displayed()  # nothing checked yet
    draft = browser.find_element(By.ID, "draft")
    draft.send_keys(DRAFT)
    draft.send_keys(Keys.CONTROL, Keys.ENTER)
    WebDriverWait(browser, 60).until(lambda d: d.find_element(By.ID, "fix-all").is_displayed())
    assert _value(browser) == DRAFT  # checking never changes the draft
    button.click()
    WebDriverWait(browser, 60).until(lambda d: _value(d) == FIXED)
    WebDriverWait(browser, 60).until(
        lambda d: d.find_element(By.ID, "status").text.startswith("Applied 2 safe fixes.")
    )
    WebDriverWait(browser, 60).until(lambda d: not d.find_element(By.ID, "fix-all").is_displayed())
    assert browser.find_elements(
        By.CSS_SELECTOR, "#view mark[data-rules~='expectations.vague-time']"
    )
