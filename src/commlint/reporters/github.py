"""GitHub Actions output (`commlint check --format github`): workflow-command annotations.

Each finding becomes `::error|warning|notice file=...,line=...,col=...,endLine=...,endColumn=...,
title=RULE::message`, escaped as the Actions runner reads it (`%`, CR and LF everywhere; `:` and
`,` too in properties). Each file ends with a summary line (an `::error` annotation when its
verdict is `revise`, so the reason the job failed shows on the file), and `step_summary` gives
the Markdown table for the job summary page (`$GITHUB_STEP_SUMMARY`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from commlint.enums import Severity
from commlint.extract.base import Extracted
from commlint.message_files import STDIN
from commlint.report import Finding, Report
from commlint.reporters.text import summary

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: Mapping[str, str | int], message: str) -> str:
    """One workflow command line: `::name key=value,...::message` (empty values left out)."""
    props = ",".join(
        f"{key}={escape_property(str(value))}" for key, value in properties.items() if value != ""
    )
    return f"::{name}{' ' if props else ''}{props}::{escape_data(message)}"


def workspace_path(path: str, workspace: str | None = None) -> str:
    """`path` as GitHub names files in annotations: relative to the workspace when inside it."""
    root = workspace or os.environ.get("GITHUB_WORKSPACE") or os.getcwd()
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return path


def _annotation(finding: Finding, name: str, message: Extracted) -> str:
    where: dict[str, str | int] = {"file": name, "line": finding.line, "col": finding.column}
    if finding.end > finding.start:
        end_line, end_column = message.position(finding.end - 1)
        where |= {"endLine": end_line, "endColumn": end_column + 1}
    where["title"] = finding.rule
    text = f"{finding.message}; {finding.fix}" if finding.fix else finding.message
    if finding.suggestions:
        text += (
            " (suggest: "
            + " or ".join(f'"{s}"' if s else "remove it" for s in finding.suggestions[:3])
            + ")"
        )
    return command(COMMANDS[finding.severity], where, text)


def format_report(report: Report, message: Extracted, workspace: str | None = None) -> list[str]:
    """An annotation per finding, then the file's verdict and score."""
    name = workspace_path(report.source, workspace) if report.source not in (None, STDIN) else ""
    lines = [_annotation(f, name, message) for f in report.findings]
    verdict = f"{name or '<stdin>'}: {summary(report)}"
    if report.passed:
        lines.append(verdict)
    else:
        reasons = f"{verdict}; revise because: {'; '.join(report.reasons)}"
        lines.append(command("error", {"file": name, "title": "commlint: revise"}, reasons))
    return lines


def input_error(path: str, message: str, workspace: str | None = None) -> str:
    """A file that could not be checked, as an error annotation on it."""
    name = workspace_path(path, workspace) if path != STDIN else ""
    return command("error", {"file": name, "title": "commlint: not checked"}, message)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def step_summary(rows: Sequence[tuple[str, Report | str]], workspace: str | None = None) -> str:
    """The job summary: one table row per file, with its verdict and score, or why it could
    not be checked."""
    lines = [
        "### commlint",
        "",
        "| file | verdict | score | band | kind | findings |",
        "|---|---|---|---|---|---|",
    ]
    for path, outcome in rows:
        name = _cell(workspace_path(path, workspace) if path != STDIN else "<stdin>")
        if isinstance(outcome, str):
            lines.append(f"| {name} | not checked: {_cell(outcome)} | | | | |")
        else:
            verdict = "send" if outcome.passed else "**revise**"
            lines.append(
                f"| {name} | {verdict} | {outcome.score} | {outcome.band.value} "
                f"| {outcome.kind.value} | {len(outcome.findings)} |"
            )
    return "\n".join(lines) + "\n\n"
