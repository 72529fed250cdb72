"""The page end to end in headless Chromium (Debian's chromium and chromedriver; nothing is
downloaded): type a draft, check it, and read the verdict, its reasons, the highlights,
tooltips and the bars on the band scale; apply a suggestion; and open the standalone page that
`commlint check --format html` writes, including one with a dimension that does not count."""

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
from commlint.config import Config
from commlint.report import Dimension, Report
from commlint.scoring_profile import scoring_profile
from commlint.service.page import render_page
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


def _ticks(bar: WebElement, kind: str) -> list[int]:
    found = bar.find_elements(By.CSS_SELECTOR, f".{kind}")
    return sorted(int(t.get_attribute("data-value") or -1) for t in found)


def _assert_bar(bar: WebElement, score: int, band: str, pass_line: int) -> None:
    limits = sorted(b.min for b in scoring_profile().bands if 0 < b.min < 100)
    assert int(bar.get_attribute("aria-valuenow") or -1) == score
    assert bar.get_attribute("data-band") == band
    assert band in (bar.get_attribute("aria-valuetext") or "")
    assert _ticks(bar, "pass-line") == [pass_line]
    assert _ticks(bar, "tick") == [n for n in limits if n != pass_line]
    fill = bar.find_element(By.CSS_SELECTOR, ".fill")
    assert band in (fill.get_attribute("class") or "").split()


def _assert_scores(driver: WebDriver, report: dict[str, Any], config: Config | None = None) -> None:
    """The overall score, band, verdict and reasons, and a bar per dimension on the scale."""
    config = config or Config()
    meaning = {b.name.value: b.meaning for b in scoring_profile().bands}
    assert driver.find_element(By.ID, "overall-score").text == str(report["score"])
    band = driver.find_element(By.ID, "overall-band")
    assert band.text == f"{report['band']}: {meaning[report['band']]}"
    verdict = driver.find_element(By.ID, "verdict")
    assert verdict.get_attribute("data-verdict") == report["verdict"]
    assert verdict.text == ("Send" if report["verdict"] == "send" else "Revise before sending")
    reasons = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#reasons li")]
    assert reasons == (report["reasons"] if report["verdict"] == "revise" else [])
    assert bool(reasons) == driver.find_element(By.ID, "reasons").is_displayed()
    overall = driver.find_element(By.ID, "overall-bar")
    _assert_bar(overall, report["score"], report["band"], config.min_score)

    bars = {
        bar.get_attribute("data-dimension"): bar
        for bar in driver.find_elements(By.CSS_SELECTOR, ".bar[data-dimension]")
    }
    assert set(bars) == set(report["dimensions"])
    kind = report["kind"].replace("_", " ")
    for name, dimension in report["dimensions"].items():
        bar, note = bars[name], driver.find_element(By.CSS_SELECTOR, f"[data-note='{name}']")
        assert bar.get_attribute("data-applies") == str(dimension["applies"]).lower()
        if dimension["applies"]:
            floor = config.min_dimension.get(Dimension(name), config.dimension_floor)
            _assert_bar(bar, dimension["score"], dimension["band"], floor)
            assert (
                note.text
                == f"{dimension['band']} counts \N{MULTIPLICATION SIGN}{dimension['weight']:g}"
            )
            assert "na" not in (bar.get_attribute("class") or "").split()
        else:  # greyed, with no pass line and no weight
            assert int(bar.get_attribute("aria-valuenow") or -1) == dimension["score"]
            assert "na" in (bar.get_attribute("class") or "").split()
            assert not _ticks(bar, "pass-line")
            assert note.text.startswith("not asked of a") and note.text.endswith(kind)


def _assert_highlights(driver: WebDriver, report: dict[str, Any]) -> None:
    whole = 0.9 * report["stats"]["characters"]  # a whole-message finding is listed, not drawn
    for kind in ("findings", "strengths"):
        for item in report[kind]:
            if item["end"] - item["start"] >= whole:
                assert not _marks(driver, item["rule"]), item["rule"]
            elif item["end"] > item["start"]:
                shown = "".join(m.text for m in _marks(driver, item["rule"]))
                # a long span is drawn as several marks, each trimmed by the driver: compare
                # without whitespace
                assert "".join(item["text"].split()) in "".join(shown.split()), item["rule"]
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
    assert expected["verdict"] == "revise"  # 'Obviously' is an error: the page says why
    assert "revise before sending" in browser.find_element(By.ID, "status").text
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
    assert expected["verdict"] == "revise" and len(expected["reasons"]) > 1
    _assert_scores(browser, expected)
    _assert_highlights(browser, expected)
    text = browser.find_element(By.ID, "view").text
    assert " ".join(text.split()) == " ".join(poor.read_text().split())


def test_page_greys_a_dimension_that_does_not_count(
    browser: WebDriver, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dimension the kind does not ask for is greyed, with no pass line and no weight; the
    others show their weight, and the pass lines are the config's, not numbers in the page."""
    good = ROOT / "examples" / "good-draft.txt"
    main(["check", "--format", "json", str(good)])
    checked = json.loads(capsys.readouterr().out)
    assert checked["verdict"] == "send"
    checked["dimensions"]["options"].update(applies=False, weight=0.0)
    checked["dimensions"]["expectations"]["weight"] = 2.0
    report = Report.model_validate(checked)
    config = Config(min_score=75, dimension_floor=40, min_dimension={Dimension.TONE: 60})
    page = tmp_path / "report.html"
    page.write_text(render_page(good.read_text(), report, config), encoding="utf-8")
    browser.get(page.as_uri())
    _wait(browser, "#view mark.strength")
    expected = report.model_dump(mode="json")
    _assert_scores(browser, expected, config)
    note = browser.find_element(By.CSS_SELECTOR, "[data-note='options']").text
    assert note == f"not asked of a {report.kind.value.replace('_', ' ')}"
    assert browser.find_element(By.CSS_SELECTOR, "[data-note='expectations']").text.endswith(
        "counts \N{MULTIPLICATION SIGN}2"
    )
    legend = browser.find_element(By.CSS_SELECTOR, ".legend-line").text
    assert "overall 75, each dimension 40 (tone 60)" in legend
    options = browser.find_element(By.CSS_SELECTOR, "#list section[data-dimension='options'] h3")
    assert "not asked of a" in options.text


def test_page_lists_a_security_finding_in_its_own_section(
    browser: WebDriver, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A finding of the unscored security pack has no dimension: it is listed first, on its own."""
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Sam,\n\nYour account is unlocked. Temp pw is Welcome123.\n\nPriya\n")
    main(["check", "--format", "html", str(draft)])
    page = tmp_path / "report.html"
    page.write_text(capsys.readouterr().out, encoding="utf-8")
    browser.get(page.as_uri())
    section = _wait(browser, "#list section[data-dimension='security']")[0]
    assert section.find_element(By.CSS_SELECTOR, "h3").text.startswith("Security")
    item = section.find_element(By.CSS_SELECTOR, "li.finding")
    assert item.get_attribute("data-rule") == "security.credential-in-message"
    assert "points" not in item.text
