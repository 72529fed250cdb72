"""Refresh the page's screenshot in the docs: `python -m tests.service.screenshot [PNG]`.

Starts `commlint serve` on a free loopback port (no token), types a draft that needs revising
into the page, checks it, hovers a finding so its tooltip shows, and saves the page from the
top down to the end of the highlighted draft (docs/images/service-page.png by default).
"""

from __future__ import annotations

import base64
import sys
import tempfile
from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import chromium
from tests.conftest import ROOT
from tests.service.conftest import start_server, stop_server

PNG = ROOT / "docs" / "images" / "service-page.png"
WIDTH = 1100
DRAFT = (
    "Hi Marta,\n\n"
    "Thanks for reporting the printer problem on the third floor. Obviously the queue must be "
    "cleared before anyone prints again, so we re-imaged the print server and flushed the "
    "spooler.\n\n"
    "We will have it fixed ASAP. If you need to print before then, you can use the printer by "
    "the lifts on the second floor.\n\n"
    "Let me know if anything else comes up.\n"
)


def shoot(png: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="commlint-shot-") as tmp:
        server = start_server(Path(tmp), "--workers", "1", token=None)
        try:
            with chromium(WIDTH, 1000) as driver:
                driver.get(server.url)
                driver.find_element(By.ID, "draft").send_keys(DRAFT)
                driver.find_element(By.ID, "check").click()
                WebDriverWait(driver, 120).until(
                    lambda d: d.find_elements(By.CSS_SELECTOR, "#view mark.finding")
                )
                vague = driver.find_element(
                    By.CSS_SELECTOR, "#view mark[data-rules~='expectations.vague-time']"
                )
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", vague)
                ActionChains(driver).move_to_element(vague).perform()
                bottom = driver.execute_script(
                    "const box = document.getElementById('view').getBoundingClientRect();"
                    "return Math.ceil(box.bottom + window.scrollY + 24);"
                )
                shot = driver.execute_cdp_cmd(
                    "Page.captureScreenshot",
                    {
                        "format": "png",
                        "captureBeyondViewport": True,
                        "clip": {"x": 0, "y": 0, "width": WIDTH, "height": bottom, "scale": 1},
                    },
                )
                png.write_bytes(base64.b64decode(shot["data"]))
        finally:
            stop_server(server)


if __name__ == "__main__":
    shoot(Path(sys.argv[1]) if len(sys.argv) > 1 else PNG)
