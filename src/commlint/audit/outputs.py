"""summary.csv and report.html, rebuilt from the results and errors after each run.

They are derived from the appended records, never kept in memory during the run, so a resumed
audit reports on every row, from every run.
"""

from __future__ import annotations

from pathlib import Path

from commlint.audit import page
from commlint.audit.store import REPORT, SUMMARY, error_records, result_records
from commlint.audit.summary import Aggregate, aggregate, write_summary
from commlint.config import Config
from commlint.rules.loader import builtin_rules_dir, load_rules


def write_outputs(out: Path, groups: tuple[str, ...], config: Config, title: str) -> Aggregate:
    """Write DIR/summary.csv and DIR/report.html; returns what they were built from."""
    summary = aggregate(
        result_records(out),
        error_records(out),
        groups,
        pass_mark=config.min_score,
        floor=config.dimension_floor,
        floors={d.value: minimum for d, minimum in config.min_dimension.items()},
    )
    write_summary(summary, out / SUMMARY)
    rules = load_rules([builtin_rules_dir(), *config.rule_dirs]).rules
    descriptions = {rule_id: rule.description for rule_id, rule in rules.items()}
    html = page.render(summary, title=title, descriptions=descriptions)
    (out / REPORT).write_text(html, encoding="utf-8")
    return summary
