"""The human-readable report: one line per finding or strength, in the usual linter shape."""

from __future__ import annotations

from commlint.report import Dimension, Note, Report


def _suggestions(options: list[str]) -> str:
    if not options:
        return ""
    shown = " or ".join(f'"{o}"' if o else "(remove it)" for o in options[:3])
    return f" [suggest: {shown}]"


def format_report(report: Report, name: str, *, strengths: bool = True) -> list[str]:
    """Findings, then strengths (unless left out), then why to revise (if so), then the
    verdict and scores."""
    lines = []
    for f in report.findings:
        fix = f"; {f.fix}" if f.fix else ""
        lines.append(
            f"{name}:{f.line}:{f.column}: {f.rule} [{f.severity.value}] {f.message}{fix}"
            f"{_suggestions(f.suggestions)}"
        )
    for s in report.strengths if strengths else ():
        lines.append(f"{name}:{s.line}:{s.column}: {s.rule} [strength] {s.message}")
    if report.reasons:
        lines.append(f"{name}: revise because: {'; '.join(report.reasons)}")
    lines.append(f"{name}: {summary(report)}")
    return lines


def summary(report: Report) -> str:
    """The verdict, the score with its band, the kind and the dimension scores on one line
    (a dimension the kind does not call for shows as `-`)."""
    dims = " · ".join(
        f"{d.value} {part.score if part.applies else '-'}"
        for d in Dimension
        for part in [getattr(report.dimensions, d.value)]
    )
    verdict = "send" if report.passed else "REVISE"
    return f"score {report.score}/100 {report.band.value} {verdict} ({report.kind.value}) · {dims}"


def format_notes(notes: list[Note]) -> list[str]:
    return [f"note: {n.rule}: {n.message}" if n.rule else f"note: {n.message}" for n in notes]
