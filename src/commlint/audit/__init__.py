"""`commlint audit`: score a whole archive of sent messages and report where the team stands.

inputs (CSV, JSONL, Parquet, .eml, mbox) -> readers -> runner (Linter.check_many, in worker
processes) -> results.jsonl / errors.jsonl -> summary -> summary.csv, report.html. With
`--engine dask`, `cluster` checks the inputs part by part on a Dask cluster instead, into
results/ and errors/; `frames` scores pandas and Dask DataFrames; `worker.worker_linter` keeps
one Linter per process for all of them.
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
