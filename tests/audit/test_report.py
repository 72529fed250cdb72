"""summary.csv and report.html, built from results.jsonl; the page renders in headless Chromium."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commlint.audit.outputs import write_outputs
from commlint.audit.store import ERRORS, REPORT, RESULTS, SUMMARY
from commlint.audit.summary import Histogram
from commlint.config import Config
from tests import browser

DIMENSIONS = ("plain_language", "empathy", "expectations", "options", "tone")


def result(n: int, team: str, score: int, day: str, findings: list[dict[str, Any]]) -> str:
    record = {
        "source": "a.csv",
        "line": n + 2,
        "id": f"T-{n}",
        "group": {"team": team},
        "date": f"{day}T10:00:00",
        "kind": "general",
        "score": score,
        "passed": score >= 60,
        "dimensions": dict.fromkeys(DIMENSIONS, score),
        "findings": findings,
        "strengths": [],
        "text": "Obviously you need to restart it. <script>alert(1)</script>",
    }
    return json.dumps(record) + "\n"


CONDESCENDING = {
    "rule": "tone.condescending",
    "dimension": "tone",
    "message": "'Obviously' reads as talking down",
    "start": 0,
    "end": 9,
    "line": 1,
    "column": 1,
    "text": "Obviously",
    "impact": -10.0,
    "severity": "warning",
    "fix": "try removing it",
    "suggestions": [""],
}


@pytest.fixture
def audited(tmp_path: Path) -> Path:
    """An output folder with ten results in two teams over two months, and one error."""
    lines = [
        result(
            n,
            "Desk" if n < 6 else "Network",
            40 + 5 * n,
            f"2025-0{1 + n % 2}-0{1 + n % 9}",
            [CONDESCENDING] if n % 2 else [],
        )
        for n in range(10)
    ]
    (tmp_path / RESULTS).write_text("".join(lines), encoding="utf-8")
    error = {"source": "a.csv", "line": 99, "id": None, "reason": "the row has 2 cells"}
    (tmp_path / ERRORS).write_text(json.dumps(error) + "\n", encoding="utf-8")
    write_outputs(tmp_path, ("team",), Config(), "Audit of <a.csv>")
    return tmp_path


def test_report_summary_csv(audited: Path) -> None:
    with (audited / SUMMARY).open(encoding="utf-8", newline="") as handle:
        rows = {(r["group_by"], r["group"]): r for r in csv.DictReader(handle)}
    assert list(rows) == [("all", "all"), ("team", "Desk"), ("team", "Network")]
    everyone = rows["all", "all"]
    assert (everyone["messages"], everyone["passed_pct"]) == ("10", "60.0")
    assert (everyone["score_mean"], everyone["score_p10"], everyone["score_p50"]) == (
        "62.5",
        "40",
        "60",
    )
    assert everyone["tone_p90"] == "80"
    assert everyone["top_findings"] == "tone.condescending (5)"
    assert rows["team", "Network"]["messages"] == "4"


def test_report_page_is_self_contained_and_escaped(audited: Path) -> None:
    page = (audited / REPORT).read_text(encoding="utf-8")
    assert "<title>Audit of &lt;a.csv&gt;</title>" in page
    assert "<script" not in page and "&lt;script&gt;" in page
    assert re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page) is None
    assert "<metadata>" not in page and "<link" not in page
    assert page.count("<svg") == 4  # distributions, by team, over time, top findings
    assert "<mark>Obviously</mark> you need" in page
    assert "→ <del>Obviously</del> you need" in page  # the suggested removal, shown
    assert "the row has 2 cells" in page


@given(st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=200))
def test_report_histogram_percentiles_match_nearest_rank(scores: list[int]) -> None:
    histogram = Histogram()
    for score in scores:
        histogram.add(score)
    ordered = sorted(scores)
    for p in (10, 50, 90, 100):
        assert histogram.percentile(p) == ordered[max(1, math.ceil(p / 100 * len(scores))) - 1]
    assert histogram.mean == pytest.approx(sum(scores) / len(scores))


@pytest.mark.skipif(not browser.available(), reason="needs /usr/bin/chromium and chromedriver")
def test_report_renders_in_chromium(audited: Path) -> None:
    with browser.chromium() as driver:
        driver.get((audited / REPORT).as_uri())
        assert driver.title == "Audit of <a.csv>"
        sizes = driver.execute_script(
            "return [...document.querySelectorAll('figure svg')]"
            ".map(s => s.getBoundingClientRect()).map(r => [r.width, r.height])"
        )
        assert len(sizes) == 4 and all(w > 300 and h > 100 for w, h in sizes)
        fetched = driver.execute_script("return performance.getEntriesByType('resource').length")
        assert fetched == 0  # nothing loaded from anywhere: the page is self-contained
        png = audited / "shot.png"
        driver.save_screenshot(str(png))
        assert png.read_bytes().startswith(b"\x89PNG")
