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

from commlint.audit import charts
from commlint.audit.outputs import write_outputs
from commlint.audit.store import ERRORS, REPORT, RESULTS, SUMMARY
from commlint.audit.summary import Histogram, aggregate, reason_key
from commlint.config import Config
from tests import browser

DIMENSIONS = ("plain_language", "empathy", "expectations", "options", "tone")


def band(score: int) -> str:
    return "strong" if score >= 90 else "good" if score >= 70 else "weak" if score >= 50 else "poor"


def result(n: int, team: str, score: int, day: str, findings: list[dict[str, Any]]) -> str:
    """A results.jsonl row; every fifth is an acknowledgement, to which options does not apply."""
    kind = "acknowledgement" if n % 5 == 0 else "general"
    reasons = [f"score {score} is below 70"] if score < 70 else []
    if score < 50:
        reasons.append(f"tone {score} is below 50")
    dimensions: dict[str, int | None] = dict.fromkeys(DIMENSIONS, score)
    if kind == "acknowledgement":
        dimensions["options"] = None
    record = {
        "source": "a.csv",
        "line": n + 2,
        "id": f"T-{n}",
        "group": {"team": team},
        "date": f"{day}T10:00:00",
        "kind": kind,
        "score": score,
        "band": band(score),
        "verdict": "revise" if reasons else "send",
        "reasons": reasons,
        "passed": not reasons,
        "dimensions": dimensions,
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


def results(n: int = 10) -> list[str]:
    """Scores 40, 45 ... 85: Network has the four lowest (all to revise), Desk the six others
    (two to revise), over two months; odd rows have a finding."""
    return [
        result(
            n,
            "Network" if n < 4 else "Desk",
            40 + 5 * n,
            f"2025-0{1 + n % 2}-0{1 + n % 9}",
            [CONDESCENDING] if n % 2 else [],
        )
        for n in range(n)
    ]


@pytest.fixture
def audited(tmp_path: Path) -> Path:
    """An output folder with ten results in two teams over two months, and one error."""
    (tmp_path / RESULTS).write_text("".join(results()), encoding="utf-8")
    error = {"source": "a.csv", "line": 99, "id": None, "reason": "the row has 2 cells"}
    (tmp_path / ERRORS).write_text(json.dumps(error) + "\n", encoding="utf-8")
    write_outputs(tmp_path, ("team",), Config(), "Audit of <a.csv>")
    return tmp_path


def summary_csv(out: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (out / SUMMARY).open(encoding="utf-8", newline="") as handle:
        return {(r["group_by"], r["group"]): r for r in csv.DictReader(handle)}


def test_report_summary_csv(audited: Path) -> None:
    rows = summary_csv(audited)
    assert list(rows) == [
        ("all", "all"),
        ("team", "Desk"),
        ("team", "Network"),
        ("kind", "general"),
        ("kind", "acknowledgement"),
    ]
    everyone = rows["all", "all"]
    assert (everyone["messages"], everyone["revise_pct"], everyone["passed_pct"]) == (
        "10",
        "60.0",
        "40.0",
    )
    shares = {b: everyone[f"{b}_pct"] for b in ("strong", "good", "weak", "poor")}
    assert shares == {"strong": "0.0", "good": "40.0", "weak": "40.0", "poor": "20.0"}
    assert (everyone["score_mean"], everyone["score_p10"], everyone["score_p50"]) == (
        "62.5",
        "40",
        "60",
    )
    assert everyone["tone_p90"] == "80"
    assert (everyone["tone_messages"], everyone["tone_mean"]) == ("10", "62.5")
    # options does not apply to the two acknowledgements (scores 40 and 65): not in its mean
    assert (everyone["options_messages"], everyone["options_mean"]) == ("8", "65.0")
    assert everyone["top_reasons"] == "score below 70 (6); tone below 50 (2)"
    assert everyone["top_findings"] == "tone.condescending (5)"
    desk, network = rows["team", "Desk"], rows["team", "Network"]
    assert (desk["messages"], desk["revise_pct"], desk["options_mean"]) == ("6", "33.3", "74.0")
    assert (network["messages"], network["revise_pct"], network["poor_pct"]) == (
        "4",
        "100.0",
        "50.0",
    )
    acknowledgements = rows["kind", "acknowledgement"]
    assert (acknowledgements["options_messages"], acknowledgements["options_mean"]) == ("0", "")
    assert acknowledgements["options_p50"] == ""


def test_report_reads_rows_written_before_verdicts(tmp_path: Path) -> None:
    """Rows from an earlier commlint (no band, verdict or reasons) still count."""
    old = []
    for line in results(4):
        record = json.loads(line)
        for name in ("band", "verdict", "reasons"):
            del record[name]
        record["dimensions"] = dict.fromkeys(DIMENSIONS, record["score"])
        old.append(json.dumps(record) + "\n")
    (tmp_path / RESULTS).write_text("".join(old), encoding="utf-8")
    write_outputs(tmp_path, ("team",), Config(), "old")
    everyone = summary_csv(tmp_path)["all", "all"]
    assert (everyone["revise_pct"], everyone["poor_pct"], everyone["weak_pct"]) == (
        "100.0",
        "50.0",
        "50.0",
    )
    assert (everyone["options_messages"], everyone["top_reasons"]) == ("4", "")


def test_report_uses_the_configured_pass_mark_and_floors(tmp_path: Path) -> None:
    (tmp_path / RESULTS).write_text("".join(results()), encoding="utf-8")
    config = Config(min_score=80, dimension_floor=40, min_dimension={"tone": 60})
    summary = write_outputs(tmp_path, ("team",), config, "strict")
    assert (summary.pass_mark, summary.floor_of("tone"), summary.floor_of("empathy")) == (
        80,
        60,
        40,
    )
    page = (tmp_path / REPORT).read_text(encoding="utf-8")
    assert "pass mark 80, dimension floor 40, tone 60" in page
    assert "pass mark 80" in page[page.index("<svg") :]  # drawn on the distribution


@pytest.mark.parametrize(
    ("reason", "key"),
    [
        ("score 62 is below 70", "score below 70"),
        ("tone 41 is below 50", "tone below 50"),
        ("tone.rude [error] at 3:14: 'shut up' (and 2 more)", "tone.rude [error]"),
        ("score 62 is below the moon", "score 62 is below the moon"),
        ("weather 41 is below 50", "weather 41 is below 50"),
    ],
)
def test_report_reasons_are_counted_without_particulars(reason: str, key: str) -> None:
    assert reason_key(reason) == key


def test_report_page_is_self_contained_and_escaped(audited: Path) -> None:
    page = (audited / REPORT).read_text(encoding="utf-8")
    assert "<title>Audit of &lt;a.csv&gt;</title>" in page
    assert "<script" not in page and "&lt;script&gt;" in page
    assert re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page) is None
    assert "<metadata>" not in page and "<link" not in page
    # distributions, revise rate by team, dimensions by team, over time, top findings
    assert page.count("<svg") == 5
    assert "<mark>Obviously</mark> you need" in page
    assert "→ <del>Obviously</del> you need" in page  # the suggested removal, shown
    assert "the row has 2 cells" in page


def test_report_page_shows_verdicts_bands_and_groups_worst_first(audited: Path) -> None:
    page = (audited / REPORT).read_text(encoding="utf-8")
    assert '<div class="card"><b>60%</b>to revise</div>' in page
    assert '<div class="card"><b>40%</b>ready to send</div>' in page
    assert "pass mark 70, dimension floor 50" in page
    strip = page[page.index('<div class="bands">') :]
    strip = strip[: strip.index("</p>")]
    assert re.findall(r"width:([\d.]+)%", strip) == ["20.00", "40.00", "40.00"]  # poor first
    assert "poor 20%" in strip and "<b>strong</b> 90-100: does what good practice asks" in strip
    assert "<h2>Why messages are to revise</h2>" in page
    assert "<tr><td>score below 70</td><td>6</td><td>60%</td><td>100%</td></tr>" in page
    team = page[page.index("<h2>By team</h2>") : page.index("<h2>By kind</h2>")]
    assert team.index("<td>Network</td>") < team.index("<td>Desk</td>")  # worst first
    assert '<td>Network</td><td>4</td><td class="revise">100%</td>' in team
    assert '<td>Desk</td><td>6</td><td class="revise">33%</td>' in team
    assert "33% to revise (2 of 6)" in team  # the chart's label
    kind = page[page.index("<h2>By kind</h2>") : page.index("<h2>Over time</h2>")]
    assert "<td>acknowledgement</td>" in kind and "<td>n/a</td>" in kind
    assert "pass mark 70" in page and "share of messages to revise per week by team" in page


def test_report_charts_leave_dimensions_that_never_apply_blank() -> None:
    rows = [json.loads(line) for line in results(10)]
    for row in rows:
        row["group"] = {"team": row["kind"]}  # the acknowledgements are a team of their own
    summary = aggregate(rows, [], ("team",))
    assert summary.groups["team"]["acknowledgement"].scores["options"].count == 0
    assert ">n/a<" in charts.groups(summary, "team")
    assert "<svg" in charts.revise_rates(summary, summary.groups["team"])
    assert "<svg" in (charts.trend(summary) or "")


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
        assert len(sizes) == 5 and all(w > 300 and h > 100 for w, h in sizes)
        fetched = driver.execute_script("return performance.getEntriesByType('resource').length")
        assert fetched == 0  # nothing loaded from anywhere: the page is self-contained
        overflow = driver.execute_script(
            "const e = document.documentElement; return e.scrollWidth - e.clientWidth"
        )
        assert overflow <= 0  # the widest table (by kind, with each dimension) fits
        strip, segments = driver.execute_script(
            "const s = document.querySelector('.bands');"
            "return [s.getBoundingClientRect().width,"
            " [...s.children].map(c => c.getBoundingClientRect().width)]"
        )
        assert sum(segments) == pytest.approx(strip, abs=1)
        assert segments[0] == pytest.approx(strip * 0.2, abs=1)  # poor: 20%
        png = audited / "shot.png"
        driver.save_screenshot(str(png))
        assert png.read_bytes().startswith(b"\x89PNG")


def test_report_says_when_the_group_charts_leave_groups_out(tmp_path: Path) -> None:
    rows = [result(n, f"team-{n % 26:02d}", 40 + n % 50, "2025-01-01", []) for n in range(52)]
    (tmp_path / RESULTS).write_text("".join(rows), encoding="utf-8")
    write_outputs(tmp_path, ("team",), Config(), "many teams")
    page = (tmp_path / REPORT).read_text(encoding="utf-8")
    assert (
        "The charts show the 15 largest of 26 team groups; all 26 are in the table below and "
        "<code>summary.csv</code>." in page
    )


def test_report_group_charts_with_every_group_say_nothing_more(audited: Path) -> None:
    assert "The charts show the" not in (audited / REPORT).read_text(encoding="utf-8")


HINT = {**CONDESCENDING, "rule": "empathy.missing-greeting", "severity": "info", "impact": 0.0}


def test_report_coaches_by_points_lost_not_by_frequency(tmp_path: Path) -> None:
    """A zero-point hint in every message comes after a costly finding in half of them."""
    rows = [
        result(n, "Desk", 40 + 5 * n, "2025-01-01", [HINT, *([CONDESCENDING] * (n % 2))])
        for n in range(10)
    ]
    (tmp_path / RESULTS).write_text("".join(rows), encoding="utf-8")
    write_outputs(tmp_path, ("team",), Config(), "coach")
    page = (tmp_path / REPORT).read_text(encoding="utf-8")
    coach = page[page.index("<h2>What to coach") :]
    coach = coach[coach.index("</figure>") :]  # the table and the rules, after the chart
    assert coach.index("tone.condescending") < coach.index("empathy.missing-greeting")
    assert (
        "<tr><td><code>tone.condescending</code></td><td>50</td><td>5</td><td>50%</td>"
        "<td>10.0</td></tr>" in coach
    )
    assert (
        "<tr><td><code>empathy.missing-greeting</code></td><td>0</td><td>10</td><td>100%</td>"
        "<td>0.0</td></tr>" in coach
    )
    assert "<code>tone.condescending</code> · 50 points lost · 5 messages (50%)" in coach


def test_report_lists_the_lowest_scoring_messages(tmp_path: Path) -> None:
    (tmp_path / RESULTS).write_text("".join(reversed(results(12))), encoding="utf-8")
    write_outputs(tmp_path, ("team",), Config(), "lowest")
    page = (tmp_path / REPORT).read_text(encoding="utf-8")
    lowest = page[page.index("<h2>The 10 lowest-scoring messages, to read</h2>") :]
    listed = re.findall(r"<tr><td>(T-\d+) \(a\.csv:(\d+)\)</td><td>(\d+)</td>", lowest)
    assert listed == [(f"T-{n}", str(n + 2), str(40 + 5 * n)) for n in range(10)]
    first = lowest[: lowest.index("T-2 ")]
    assert "<code>tone.condescending</code> &minus;10: “Obviously”" in first  # T-1's finding
    assert "Obviously you need to restart it. &lt;script&gt;" in first  # its words, escaped
