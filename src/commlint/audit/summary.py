"""Aggregate results.jsonl in one streaming pass: per group, per day, per rule.

Scores are whole numbers from 0 to 100, so a 101-bin histogram per dimension gives exact means
and percentiles in constant memory, however many messages the archive has.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commlint.report import Dimension

METRICS = ("score", *(d.value for d in Dimension))
PERCENTILES = (10, 50, 90)
EXAMPLES_PER_RULE = 3
TOP_FINDINGS = 5
ALL = "all"


@dataclass
class Histogram:
    bins: list[int] = field(default_factory=lambda: [0] * 101)
    count: int = 0
    total: int = 0

    def add(self, value: int) -> None:
        self.bins[value] += 1
        self.count += 1
        self.total += value

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None

    def percentile(self, p: float) -> int | None:
        """Nearest-rank percentile: the smallest score with at least p% of messages at or below."""
        if not self.count:
            return None
        rank = max(1, math.ceil(p / 100 * self.count))
        seen = 0
        for value, n in enumerate(self.bins):
            seen += n
            if seen >= rank:
                return value
        return 100


@dataclass
class GroupStats:
    """Counts for one group of messages (everyone, a team, an author, a day)."""

    messages: int = 0
    passed: int = 0
    scores: dict[str, Histogram] = field(default_factory=lambda: {m: Histogram() for m in METRICS})
    findings: Counter[str] = field(default_factory=Counter)  # rule -> messages with it

    def add(self, result: dict[str, Any]) -> None:
        self.messages += 1
        self.passed += bool(result["passed"])
        self.scores["score"].add(result["score"])
        for dimension, score in result["dimensions"].items():
            self.scores[dimension].add(score)
        self.findings.update({f["rule"] for f in result["findings"]})

    def top_findings(self, n: int = TOP_FINDINGS) -> list[tuple[str, int]]:
        return sorted(self.findings.items(), key=lambda item: (-item[1], item[0]))[:n]


@dataclass(frozen=True)
class Example:
    """A finding in context: the words around it, and the rewrite its suggestion gives."""

    where: str
    before: str
    match: str
    after: str
    suggestion: str | None
    fix: str | None


def _one_line(text: str) -> str:
    """Runs of white space as one space, keeping a space at either end if there was one."""
    words = " ".join(text.split())
    if not words:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + words + (" " if text[-1].isspace() else "")


def example(result: dict[str, Any], finding: dict[str, Any], width: int = 80) -> Example:
    text: str = result["text"]
    start, end = finding["start"], finding["end"]
    left = text.rfind(" ", 0, max(start - width, 0)) + 1 if start > width else 0
    right = text.find(" ", end + width)
    right = len(text) if right < 0 else right
    suggestions = finding.get("suggestions") or []
    return Example(
        where=result["id"] or f"{result['source']}:{result['line']}",
        before=("…" if left else "") + _one_line(text[left:start]),
        match=text[start:end],
        after=_one_line(text[end:right]) + ("…" if right < len(text) else ""),
        suggestion=suggestions[0] if suggestions else None,
        fix=finding.get("fix"),
    )


@dataclass
class Aggregate:
    """Everything the summary and the report show, built in one pass over the results."""

    group_columns: tuple[str, ...] = ()
    everyone: GroupStats = field(default_factory=GroupStats)
    groups: dict[str, dict[str, GroupStats]] = field(default_factory=dict)
    days: dict[str, GroupStats] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule -> message, severity
    examples: dict[str, list[Example]] = field(default_factory=dict)
    unreadable_dates: int = 0
    errors: int = 0
    error_samples: list[dict[str, Any]] = field(default_factory=list)

    def add(self, result: dict[str, Any]) -> None:
        self.everyone.add(result)
        for column in self.group_columns:
            value = result["group"].get(column) or "(none)"
            self.groups.setdefault(column, {}).setdefault(value, GroupStats()).add(result)
        if result.get("date"):
            self.days.setdefault(result["date"][:10], GroupStats()).add(result)
        self.unreadable_dates += "date_raw" in result
        seen: set[str] = set()
        for finding in result["findings"]:
            rule = finding["rule"]
            if rule in seen:
                continue
            seen.add(rule)
            self.rules.setdefault(
                rule, {"severity": finding["severity"], "dimension": finding["dimension"]}
            )
            self._keep_example(rule, example(result, finding))

    def _keep_example(self, rule: str, new: Example) -> None:
        """A few distinct examples, preferring ones that come with a rewrite."""
        kept = self.examples.setdefault(rule, [])
        if any(e.match.lower() == new.match.lower() for e in kept):
            return
        if len(kept) < EXAMPLES_PER_RULE:
            kept.append(new)
        elif new.suggestion is not None:
            for index, old in enumerate(kept):
                if old.suggestion is None:
                    kept[index] = new
                    return

    def add_error(self, error: dict[str, Any]) -> None:
        self.errors += 1
        if len(self.error_samples) < 20:
            self.error_samples.append(error)


def aggregate(
    results: Iterable[dict[str, Any]], errors: Iterable[dict[str, Any]], groups: tuple[str, ...]
) -> Aggregate:
    summary = Aggregate(group_columns=groups)
    for result in results:
        summary.add(result)
    for error in errors:
        summary.add_error(error)
    return summary


def summary_rows(summary: Aggregate) -> list[dict[str, object]]:
    """One row for everyone, then one per group value (most messages first)."""
    named: list[tuple[str, str, GroupStats]] = [(ALL, ALL, summary.everyone)]
    for column in summary.group_columns:
        values = summary.groups.get(column, {})
        named += [
            (column, value, stats)
            for value, stats in sorted(values.items(), key=lambda kv: (-kv[1].messages, kv[0]))
        ]
    rows: list[dict[str, object]] = []
    for column, value, stats in named:
        row: dict[str, object] = {
            "group_by": column,
            "group": value,
            "messages": stats.messages,
            "passed_pct": round(100 * stats.passed / stats.messages, 1) if stats.messages else "",
        }
        for metric in METRICS:
            histogram = stats.scores[metric]
            mean = histogram.mean
            row[f"{metric}_mean"] = round(mean, 1) if mean is not None else ""
            for p in PERCENTILES:
                row[f"{metric}_p{p}"] = histogram.percentile(p)
        row["top_findings"] = "; ".join(f"{rule} ({n})" for rule, n in stats.top_findings())
        rows.append(row)
    return rows


def write_summary(summary: Aggregate, path: Path) -> None:
    rows = summary_rows(summary)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
