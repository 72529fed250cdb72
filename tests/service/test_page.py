"""The page end to end in headless Chromium (Debian's chromium and chromedriver; nothing is
downloaded): type a draft, check it, and read the highlights, tooltips and bars; apply a
suggestion; and open the standalone page that `commlint check --format html` writes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from commlint.cli import main
from tests.browser import available, chromium
from tests.conftest import ROOT
from tests.service.conftest import MARKER, TOKEN, Server

DRAFT = (
    f"Hi {MARKER},\n\nObviously the VPN must be on first. We will fix the printer ASAP.\n\n"
    "Thanks for your patience.\n\nOn Monday, Sam wrote:\n> the printer is broken again\n"
)  # the quoted reply is left out of the check, so offsets differ from the draft's

pytestmark = pytest.mark.skipif(not available(), reason="needs chromium and chromedriver")


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    with chromium(1280, 1000) as driver:
        yield driver


def _wait(driver: WebDriver, css: str) -> list[WebElement]:
    WebDriverWait(driver, 60).until(
        lambda d: any(e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, css))
    )
    return driver.find_elements(By.CSS_SELECTOR, css)


def _marks(driver: WebDriver, rule: str) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, f"#view mark[data-rules~='{rule}']")


def _assert_scores(driver: WebDriver, report: dict[str, Any]) -> None:
    bars = {
        bar.get_attribute("data-dimension"): int(bar.get_attribute("aria-valuenow") or -1)
        for bar in driver.find_elements(By.CSS_SELECTOR, ".bar[role=meter]")
    }
    assert bars == {name: d["score"] for name, d in report["dimensions"].items()}
    assert driver.find_element(By.ID, "overall-score").text == str(report["score"])


def _assert_highlights(driver: WebDriver, report: dict[str, Any]) -> None:
    for kind in ("findings", "strengths"):
        for item in report[kind]:
            if item["end"] > item["start"]:
                shown = "".join(m.text for m in _marks(driver, item["rule"]))
                assert " ".join(item["text"].split()) in " ".join(shown.split()), item["rule"]
    assert driver.find_elements(By.CSS_SELECTOR, "#view mark.finding")
    assert driver.find_elements(By.CSS_SELECTOR, "#view mark.strength")


def test_page_checks_a_draft(browser: WebDriver, server: Server) -> None:
    with server.client() as client:
        expected = client.post("/v1/check", json={"text": DRAFT}).json()
    assert expected["excluded"]
    browser.get(server.url)
    draft = browser.find_element(By.ID, "draft")
    draft.send_keys(DRAFT)
    draft.send_keys(Keys.CONTROL, Keys.ENTER)
    token = _wait(browser, "#token")[0]  # the service wants a token: the page asks for it
    assert "needs a token" in browser.find_element(By.ID, "status").text
    token.send_keys(TOKEN, Keys.TAB)
    browser.find_element(By.ID, "check").click()
    _wait(browser, "#view mark.finding")
    assert browser.find_element(By.ID, "draft").get_attribute("value") == DRAFT
    _assert_scores(browser, expected)
    _assert_highlights(browser, expected)
    listed = {li.get_attribute("data-rule") for li in browser.find_elements(By.CSS_SELECTOR, "li")}
    assert {f["rule"] for f in expected["findings"]} <= listed

    vague = _marks(browser, "expectations.vague-time")[0]
    ActionChains(browser).move_to_element(vague).perform()
    tip = _wait(browser, "#tip")[0]
    assert "ASAP" in tip.text and "gives no time" in tip.text

    condescending = _marks(browser, "tone.condescending")[0]
    browser.execute_script("arguments[0].focus()", condescending)  # keyboard focus shows it too
    assert "talking down" in _wait(browser, "#tip")[0].text
    condescending.send_keys(Keys.ENTER)  # applies the suggestion: remove the word
    WebDriverWait(browser, 60).until(
        lambda d: "Obviously" not in (d.find_element(By.ID, "draft").get_attribute("value") or "")
    )
    WebDriverWait(browser, 60).until(lambda d: not _marks(d, "tone.condescending"))
    assert "the VPN must be on first" in browser.find_element(By.ID, "draft").get_attribute("value")


def test_page_standalone_html_report(
    browser: WebDriver, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    poor = ROOT / "examples" / "poor-draft.txt"
    main(["check", "--format", "json", str(poor)])
    expected = json.loads(capsys.readouterr().out)
    main(["check", "--format", "html", str(poor)])
    page = tmp_path / "report.html"
    page.write_text(capsys.readouterr().out, encoding="utf-8")
    browser.get(page.as_uri())
    _wait(browser, "#view mark.finding")
    assert not browser.find_element(By.ID, "editor").is_displayed()
    assert str(poor) in browser.find_element(By.ID, "intro").text
    _assert_scores(browser, expected)
    _assert_highlights(browser, expected)
    text = browser.find_element(By.ID, "view").text
    assert " ".join(text.split()) == " ".join(poor.read_text().split())
