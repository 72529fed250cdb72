"""Machine-readable output: one JSON report per line (JSON Lines), per docs/report.schema.json."""

from __future__ import annotations

from commlint.report import Report


def format_report(report: Report) -> str:
    return report.model_dump_json()
