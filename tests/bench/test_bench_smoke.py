"""The benchmark harness runs end to end on a tiny corpus, so it cannot rot.

Only the structure of its results is checked, never a timing.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from bench.probe import PHASES
from bench.run import BLANK, COMMLINT, PIPELINE, PROSELINT, TARGETS

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], str]:
    out = tmp_path_factory.mktemp("bench") / "results.md"
    absent = out.parent / "no-shared-corpora"
    command = [sys.executable, "-m", "bench", "--quick", "--processes", "1", "--out", str(out)]
    done = subprocess.run(
        [*command, "--shared", str(absent)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "skipped: twitter_care corpus not found" in done.stderr
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8")), out.read_text("utf-8")


def test_bench_times_every_system_on_every_corpus(results: tuple[dict[str, object], str]) -> None:
    data, _ = results
    rows = data["throughput"]
    assert isinstance(rows, list)
    timed = {(row["corpus"], row["system"], row["processes"]) for row in rows}
    systems = {COMMLINT, PIPELINE, BLANK, PROSELINT}
    assert timed == {(c, s, 1) for c in ("project", "long") for s in systems}
    assert all(row["words"] > 0 and row["seconds"] > 0 for row in rows)


def test_bench_reports_latency_cold_split_and_memory(
    results: tuple[dict[str, object], str],
) -> None:
    data, _ = results
    latency, cold = data["latency"], data["cold"]
    assert isinstance(latency, dict) and isinstance(cold, dict)
    assert set(latency["ms"]) == {COMMLINT, PIPELINE, PROSELINT}
    assert set(cold["seconds"]) == {"python start", COMMLINT, PROSELINT, "split"}
    assert {"imports", *PHASES} <= set(cold["split"])
    assert data["linter_peak_rss_mb"] > 0


def test_bench_writes_the_targets_table(results: tuple[dict[str, object], str]) -> None:
    _, markdown = results
    targets = markdown.split("**Targets**", 1)[1]
    rows = [line for line in targets.splitlines() if line.startswith("| ") and "goal" not in line]
    assert len(rows) == len(TARGETS)
    assert all(row.rstrip(" |").endswith(("yes", "no")) for row in rows)
