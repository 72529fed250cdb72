"""`commlint check --format sarif`: a SARIF 2.1.0 log that the official schema accepts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest

from commlint import __version__
from commlint.cli import EXIT_ERROR, EXIT_FAILED, main
from commlint.rules.docs import docs_anchor
from tests.conftest import ROOT, write

# The OASIS schema, errata 01 (sarif-2.1/schema/sarif-schema-2.1.0.json in oasis-tcs/sarif-spec).
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())

MARKDOWN = """Hi Dana,

Café sorted — obviously the VPN must be on first.

<!-- commlint-disable-next-line tone.condescending -->
Obviously it works now.

<!-- commlint-disable tone.rude -->

Thanks, Priya
"""
HTML = "<p>Hi Dana, the printer is back &amp; obviously working.</p><p>Thanks, Priya</p>\n"


def sarif(tmp_path: Path, capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, Any]:
    code = main(["check", "--format", "sarif", *paths])
    out = capsys.readouterr().out
    log = json.loads(out)
    errors = list(jsonschema.Draft4Validator(SCHEMA).iter_errors(log))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    return code, log


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "macros" / "vpn reply.md", MARKDOWN)
    write(tmp_path / "macros" / "printer.html", HTML)
    return tmp_path


def offset(text: str, line: int, column: int) -> int:
    """Where a SARIF line and column (code points, 1-based) are in `text`."""
    lines = text.splitlines(keepends=True)
    return sum(len(x) for x in lines[: line - 1]) + column - 1


def test_sarif_log_validates_and_holds_every_file(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, log = sarif(files, capsys, "macros/vpn reply.md", "macros/printer.html")
    assert code == EXIT_FAILED
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("commlint", __version__)
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == files.resolve().as_uri() + "/"
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert uris == {"macros/vpn%20reply.md", "macros/printer.html"}

    rules = driver["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    condescending = next(r for r in rules if r["id"] == "tone.condescending")
    assert condescending["defaultConfiguration"]["level"] == "error"
    assert condescending["help"]["markdown"].startswith("### `tone.condescending`")
    assert condescending["help"]["text"]
    assert condescending["fullDescription"]["text"]

    reports = run["properties"]["commlint"]["reports"]
    assert [r["source"] for r in reports] == ["macros/vpn reply.md", "macros/printer.html"]
    assert {r["verdict"] for r in reports} <= {"send", "revise"}
    assert all(0 <= r["score"] <= 100 and set(r["dimensions"]) for r in reports)
    assert run["invocations"] == [
        {
            "executionSuccessful": True,
            "toolExecutionNotifications": [],
            "toolConfigurationNotifications": [],
        }
    ]


def test_sarif_results_regions_levels_fixes_and_suppressions(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, log = sarif(files, capsys, "macros/vpn reply.md", "macros/printer.html")
    results = log["runs"][0]["results"]
    mine = [r for r in results if "vpn" in json.dumps(r["locations"])]
    [flagged] = [r for r in mine if r["ruleId"] == "tone.condescending" and "suppressions" not in r]
    region = flagged["locations"][0]["physicalLocation"]["region"]
    # after "Café sorted — ": columns count code points, the end column is one past the span
    assert region == {"startLine": 3, "startColumn": 15, "endLine": 3, "endColumn": 24}
    assert flagged["level"] == "error"
    assert flagged["message"]["text"].startswith("'obviously' reads as talking down")

    [fix] = flagged["fixes"]
    [change] = fix["artifactChanges"]
    [replacement] = change["replacements"]
    start = offset(MARKDOWN, region["startLine"], region["startColumn"])
    end = offset(MARKDOWN, region["endLine"], region["endColumn"])
    assert MARKDOWN[start:end] == "obviously"
    assert replacement["deletedRegion"] == region
    assert replacement["insertedContent"] == {"text": ""}

    [quiet] = [r for r in mine if "suppressions" in r]
    assert quiet["ruleId"] == "tone.condescending"
    assert quiet["locations"][0]["physicalLocation"]["region"]["startLine"] == 6
    [suppression] = quiet["suppressions"]
    assert suppression["kind"] == "inSource"
    assert suppression["location"]["physicalLocation"]["region"] == {
        "startLine": 5,
        "startColumn": 1,
    }
    [unused] = [r for r in mine if r["ruleId"] == "commlint.unused-suppression"]
    assert unused["level"] == "warning"
    assert unused["locations"][0]["physicalLocation"]["region"]["startLine"] == 8

    levels = {"error", "warning", "note"}
    assert {r["level"] for r in results} <= levels
    # in the HTML, "obviously" comes after an entity: its columns are the source's, and
    # the fix still replaces exactly it
    [html] = [
        r for r in results if "printer" in json.dumps(r) and r["ruleId"] == "tone.condescending"
    ]
    region = html["locations"][0]["physicalLocation"]["region"]
    assert HTML[region["startColumn"] - 1 : region["endColumn"] - 1] == "obviously"


def test_sarif_help_uris_point_at_rule_headings(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, log = sarif(files, capsys, "macros/printer.html")
    headings = re.findall(r"^### `([^`]+)`$", (ROOT / "docs" / "rules.md").read_text(), re.M)
    anchors = {docs_anchor(h) for h in headings}
    integrations = (ROOT / "docs" / "integrations.md").read_text()
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        uri = urlsplit(rule["helpUri"])
        assert uri.scheme == "https" and uri.netloc  # SARIF wants an absolute URI
        page = uri.path.rsplit("/", 1)[-1]
        if page == "rules.md":
            assert uri.fragment in anchors, rule["id"]
        else:
            assert page == "integrations.md"
            assert uri.fragment == "inline-suppression"
            assert re.search(r"^#+ Inline suppression$", integrations, re.M)
    assert docs_anchor("plain_language.hidden-actor") == "plain_languagehidden-actor"


def test_sarif_reports_files_it_could_not_check(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, log = sarif(files, capsys, "macros/printer.html", "missing.md")
    assert code == EXIT_ERROR
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"]["text"] == "missing.md: no such file"
    location = notification["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "missing.md", "uriBaseId": "SRCROOT"}
