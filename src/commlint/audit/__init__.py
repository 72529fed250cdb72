"""`commlint audit`: score a whole archive of sent messages and report where the team stands.

inputs (CSV, JSONL, .eml, mbox) -> readers -> runner (Linter.check_many, in worker processes)
-> results.jsonl / errors.jsonl -> summary -> summary.csv, report.html
"""

from __future__ import annotations

from commlint.audit.readers import FORMATS, Columns, ReadOptions, Row, open_source
from commlint.audit.runner import AuditOptions, AuditStats, run_audit

__all__ = [
    "FORMATS",
    "AuditOptions",
    "AuditStats",
    "Columns",
    "ReadOptions",
    "Row",
    "open_source",
    "run_audit",
]
