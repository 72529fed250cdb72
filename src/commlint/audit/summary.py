"""Aggregate results.jsonl in one streaming pass: per group, per kind, per day, per rule.

Scores are whole numbers from 0 to 100, so a 101-bin histogram per dimension gives exact means
and percentiles in constant memory, however many messages the archive has. A dimension that
does not apply to a message's kind is null in its row and counts in no average.
"""

from __future__ import annotations

import bisect
import csv
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commlint.report import Dimension
from commlint.scoring import reason_key
from commlint.scoring_profile import BandLimit, scoring_profile

METRICS = ("score", *(d.value for d in Dimension))
DIMENSIONS = tuple(d.value for d in Dimension)
PERCENTILES = (10, 50, 90)
EXAMPLES_PER_RULE = 3
TOP_FINDINGS = 5
TOP_REASONS = 5
ERROR_SAMPLES = 20  # rows not checked, listed in the report
LOWEST = 10  # the lowest-scoring messages, listed in the report to read
LOWEST_FINDINGS = 3  # the costliest findings shown with each of them
ALL = "all"
KIND = "kind"  # the group_by of the rows per message kind


def bands() -> list[BandLimit]:
    """The score bands, highest first (`strong`, `good`, `weak`, `poor`)."""
    return scoring_profile().bands


def band_of(score: int) -> str:
    return scoring_profile().band(score).value


def verdict(result: dict[str, Any]) -> str:
    """`send` or `revise` (rows written before verdicts existed carry only `passed`)."""
    return str(result.get("verdict") or ("send" if result["passed"] else "revise"))


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
    """Counts for one group of messages (everyone, a team, an author, a kind, a day)."""

    messages: int = 0
    passed: int = 0
    revise: int = 0
    bands: Counter[str] = field(default_factory=Counter)  # band -> messages
    # per metric, over the messages it applies to (the overall score applies to all)
    scores: dict[str, Histogram] = field(default_factory=lambda: {m: Histogram() for m in METRICS})
    findings: Counter[str] = field(default_factory=Counter)  # rule -> messages with it
    lost: dict[str, float] = field(default_factory=dict)  # rule -> points its findings cost
    reasons: Counter[str] = field(default_factory=Counter)  # reason_key -> messages with it

    def add(self, result: dict[str, Any]) -> None:
        self.messages += 1
        said = verdict(result)
        self.passed += said == "send"
        self.revise += said == "revise"
        self.bands[result.get("band") or band_of(result["score"])] += 1
        self.scores["score"].add(result["score"])
        for dimension, score in result["dimensions"].items():
            if score is not None and dimension in self.scores:
                self.scores[dimension].add(score)
        self.findings.update({f["rule"] for f in result["findings"]})
        for finding in result["findings"]:
            rule = finding["rule"]
            self.lost[rule] = self.lost.get(rule, 0.0) - min(finding.get("impact") or 0.0, 0.0)
        self.reasons.update({reason_key(r) for r in result.get("reasons") or ()})

    def pct(self, count: int) -> float | None:
        """`count` as a percentage of the group's messages."""
        return 100 * count / self.messages if self.messages else None

    @property
    def revise_pct(self) -> float | None:
        return self.pct(self.revise)

    def band_pct(self, band: str) -> float | None:
        return self.pct(self.bands[band])

    def top_findings(self, n: int = TOP_FINDINGS) -> list[tuple[str, int]]:
        return sorted(self.findings.items(), key=lambda item: (-item[1], item[0]))[:n]

    def costliest(self, n: int = TOP_FINDINGS) -> list[tuple[str, int, float]]:
        """The rules whose findings cost the most points in all (the sum of their impacts),
        with how many messages have them and those points: what coaching would gain most."""
        ranked = sorted(self.findings, key=lambda rule: (-self.lost.get(rule, 0.0), rule))
        return [(rule, self.findings[rule], self.lost.get(rule, 0.0)) for rule in ranked[:n]]

    def top_reasons(self, n: int = TOP_REASONS) -> list[tuple[str, int]]:
        return sorted(self.reasons.items(), key=lambda item: (-item[1], item[0]))[:n]


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


@dataclass(frozen=True)
class Lowest:
    """One of the lowest-scoring messages: where it is, its score, its costliest findings
    (rule, points lost, matched text) and its opening words."""

    source: str
    line: int
    id: str | None
    score: int
    kind: str
    findings: tuple[tuple[str, float, str], ...]
    text: str

    @property
    def key(self) -> tuple[int, str, int]:
        """Lowest score first, then by source and line, whatever order the rows come in."""
        return self.score, self.source, self.line


def lowest(result: dict[str, Any], opening: int = 300) -> Lowest:
    costly = sorted(
        (f for f in result["findings"] if (f.get("impact") or 0.0) < 0),
        key=lambda f: (f["impact"], f["start"]),
    )
    text = " ".join(str(result.get("text") or "").split())
    return Lowest(
        source=str(result["source"]),
        line=int(result["line"]),
        id=result.get("id"),
        score=int(result["score"]),
        kind=str(result.get("kind") or ""),
        findings=tuple((f["rule"], -f["impact"], f["text"]) for f in costly[:LOWEST_FINDINGS]),
        text=text if len(text) <= opening else text[:opening].rstrip() + "…",
    )


@dataclass
class Aggregate:
    """Everything the summary and the report show, built in one pass over the results."""

    group_columns: tuple[str, ...] = ()
    pass_mark: int = 70  # the config's min_score
    floor: int = 50  # the config's dimension_floor
    floors: dict[str, int] = field(default_factory=dict)  # its min_dimension, where set
    everyone: GroupStats = field(default_factory=GroupStats)
    groups: dict[str, dict[str, GroupStats]] = field(default_factory=dict)
    kinds: dict[str, GroupStats] = field(default_factory=dict)
    days: dict[str, GroupStats] = field(default_factory=dict)
    # (day, value of the first group column) -> [messages, to revise], for the trend per group
    day_groups: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule -> message, severity
    examples: dict[str, list[Example]] = field(default_factory=dict)
    unreadable_dates: int = 0
    errors: int = 0
    error_samples: list[dict[str, Any]] = field(default_factory=list)
    lowest: list[Lowest] = field(default_factory=list)  # the LOWEST lowest scores, lowest first

    def add(self, result: dict[str, Any]) -> None:
        self.everyone.add(result)
        self._keep_lowest(result)
        for column in self.group_columns:
            value = self.group_of(result, column)
            self.groups.setdefault(column, {}).setdefault(value, GroupStats()).add(result)
        self.kinds.setdefault(result.get("kind") or "(none)", GroupStats()).add(result)
        if result.get("date"):
            day = result["date"][:10]
            self.days.setdefault(day, GroupStats()).add(result)
            if self.group_columns:
                key = (day, self.group_of(result, self.group_columns[0]))
                counts = self.day_groups.setdefault(key, [0, 0])
                counts[0] += 1
                counts[1] += verdict(result) == "revise"
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

    def floor_of(self, dimension: str) -> int:
        """The score a dimension that applies must reach."""
        return self.floors.get(dimension, self.floor)

    @staticmethod
    def group_of(result: dict[str, Any], column: str) -> str:
        return str((result.get("group") or {}).get(column) or "(none)")

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

    def _keep_lowest(self, result: dict[str, Any]) -> None:
        kept = self.lowest
        if len(kept) == LOWEST and (result["score"], str(result["source"]), result["line"]) >= (
            kept[-1].key
        ):
            return
        bisect.insort(kept, lowest(result), key=lambda item: item.key)
        del kept[LOWEST:]

    def add_error(self, error: dict[str, Any]) -> None:
        """Count an error; keep the first 20 by source and line, whatever order they come in
        (a Dask audit writes them part by part)."""
        self.errors += 1
        samples = self.error_samples
        if len(samples) == ERROR_SAMPLES and _where(error) >= _where(samples[-1]):
            return
        bisect.insort(samples, error, key=_where)
        del samples[ERROR_SAMPLES:]


def _where(error: dict[str, Any]) -> tuple[str, int]:
    return str(error.get("source")), int(error.get("line") or 0)


def aggregate(
    results: Iterable[dict[str, Any]],
    errors: Iterable[dict[str, Any]],
    groups: tuple[str, ...],
    *,
    pass_mark: int = 70,
    floor: int = 50,
    floors: dict[str, int] | None = None,
) -> Aggregate:
    summary = Aggregate(
        group_columns=groups, pass_mark=pass_mark, floor=floor, floors=dict(floors or {})
    )
    for result in results:
        summary.add(result)
    for error in errors:
        summary.add_error(error)
    return summary


def breakdowns(summary: Aggregate) -> list[tuple[str, dict[str, GroupStats]]]:
    """Each way of grouping the messages: the group columns, then the message kind (named
    `kind`, or `message kind` when a group column is already called `kind`)."""
    named = [(column, summary.groups.get(column, {})) for column in summary.group_columns]
    label = KIND if KIND not in summary.group_columns else f"message {KIND}"
    return [*named, (label, summary.kinds)]


def _round(value: float | None) -> float | str:
    return round(value, 1) if value is not None else ""


def summary_rows(summary: Aggregate) -> list[dict[str, object]]:
    """One row for everyone, then one per group value (most messages first), then per kind."""
    named: list[tuple[str, str, GroupStats]] = [(ALL, ALL, summary.everyone)]
    for column, values in breakdowns(summary):
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
            "revise_pct": _round(stats.revise_pct),
            "passed_pct": _round(stats.pct(stats.passed)),
        }
        for band in bands():
            row[f"{band.name.value}_pct"] = _round(stats.band_pct(band.name.value))
        for metric in METRICS:
            histogram = stats.scores[metric]
            if metric != "score":  # the messages the dimension applies to
                row[f"{metric}_messages"] = histogram.count
            row[f"{metric}_mean"] = _round(histogram.mean)
            for p in PERCENTILES:
                percentile = histogram.percentile(p)
                row[f"{metric}_p{p}"] = percentile if percentile is not None else ""
        row["top_reasons"] = "; ".join(f"{reason} ({n})" for reason, n in stats.top_reasons())
        row["top_findings"] = "; ".join(f"{rule} ({n})" for rule, n in stats.top_findings())
        rows.append(row)
    return rows


def write_summary(summary: Aggregate, path: Path) -> None:
    rows = summary_rows(summary)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
