"""The human-readable report: one line per finding or strength, in the usual linter shape."""

from __future__ import annotations

from commlint.report import Dimension, Note, Report


def _suggestions(options: list[str]) -> str:
    if not options:
        return ""
    shown = " or ".join(f'"{o}"' if o else "(remove it)" for o in options[:3])
    return f" [suggest: {shown}]"


def format_report(report: Report, name: str) -> list[str]:
    """Findings, then strengths, then one line of scores."""
    lines = []
    for f in report.findings:
        fix = f"; {f.fix}" if f.fix else ""
        lines.append(
            f"{name}:{f.line}:{f.column}: {f.rule} [{f.severity.value}] {f.message}{fix}"
            f"{_suggestions(f.suggestions)}"
        )
    for s in report.strengths:
        lines.append(f"{name}:{s.line}:{s.column}: {s.rule} [strength] {s.message}")
    dims = " · ".join(f"{d.value} {getattr(report.dimensions, d.value).score}" for d in Dimension)
    verdict = "passed" if report.passed else "FAILED"
    lines.append(f"{name}: score {report.score}/100 {verdict} ({report.kind.value}) · {dims}")
    return lines


def format_notes(notes: list[Note]) -> list[str]:
    return [f"note: {n.rule}: {n.message}" if n.rule else f"note: {n.message}" for n in notes]
