"""Scoring: pure functions from findings and strengths to scores, bands and a verdict.

See docs/scoring.md; the numbers are data in `rules/scoring.yml` (`commlint.scoring_profile`).

- A dimension starts at `100 - asks` for the message's kind; a finding subtracts its rule's
  weight times a severity factor, a strength adds its weight times the strength factor, and
  each further hit of the same
  rule counts half as much as the one before. The result is clamped to 0-100 and rounded.
- The overall score is the weighted mean of the dimensions that apply to the kind.
- The verdict is `revise` when the overall score misses `min_score`, when an applicable
  dimension falls below its floor, or when a finding reaches `fail_on` (the weakest links);
  a draft to revise for a weakest link scores at most `min_score - 1`, so the number and the
  verdict never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import re2

from commlint.enums import Band, Dimension, MessageKind, Severity, Verdict
from commlint.report import Dimensions, DimensionScore, Finding, Strength
from commlint.scoring_profile import ScoringProfile, scoring_profile

if TYPE_CHECKING:
    from commlint.config import Config


@dataclass(frozen=True)
class Thresholds:
    """What a message must reach to be sent (the config's `min_score`, `dimension_floor`,
    `min_dimension` and `fail_on`)."""

    min_score: int = 70
    dimension_floor: int = 50
    min_dimension: Mapping[Dimension, int] = field(default_factory=dict)
    fail_on: Severity | str = Severity.ERROR

    @classmethod
    def of(cls, config: Config) -> Thresholds:
        """The thresholds a config sets."""
        return cls(config.min_score, config.dimension_floor, config.min_dimension, config.fail_on)


@dataclass(frozen=True)
class Scores:
    """Everything a report says about its numbers."""

    dimensions: Dimensions
    score: int
    mean: float
    band: Band
    verdict: Verdict
    reasons: list[str]

    def report_fields(self) -> dict[str, object]:
        """The `Report` fields these scores fill."""
        return {
            "dimensions": self.dimensions,
            "score": self.score,
            "mean": self.mean,
            "band": self.band,
            "verdict": self.verdict,
            "reasons": self.reasons,
            "passed": self.verdict is Verdict.SEND,
        }


def impact(
    weight: float,
    occurrence: int,
    severity: Severity | None,
    profile: ScoringProfile | None = None,
) -> float:
    """Points for the `occurrence`-th (0-based) hit of a rule: negative for a finding
    (`severity` given), positive for a strength (`severity` None)."""
    profile = profile or scoring_profile()
    points = weight * profile.repeat_factor**occurrence
    if severity is None:
        return round(points * profile.strength_factor, 2)
    return round(-points * profile.severity_factor[severity], 2) + 0.0  # no "-0.0" for info


def dimension_scores(
    findings: Sequence[Finding],
    strengths: Sequence[Strength],
    kind: MessageKind,
    profile: ScoringProfile | None = None,
) -> Dimensions:
    profile = profile or scoring_profile()
    scores: dict[str, DimensionScore] = {}
    for dimension in Dimension:
        ask = profile.kinds[kind][dimension]
        f_idx = [i for i, f in enumerate(findings) if f.dimension is dimension]
        s_idx = [i for i, s in enumerate(strengths) if s.dimension is dimension]
        raw = (
            ask.base
            + sum(findings[i].impact for i in f_idx)
            + sum(strengths[i].impact for i in s_idx)
        )
        costly = any(findings[i].impact < 0 for i in f_idx)
        weight = ask.weight if ask.weight > 0 else (profile.problem_weight if costly else 0.0)
        score = round(min(100.0, max(0.0, raw)))
        scores[dimension.value] = DimensionScore(
            score=score,
            band=profile.band(score),
            base=ask.base,
            raw=round(raw, 2),
            weight=weight,
            applies=weight > 0,
            findings=f_idx,
            strengths=s_idx,
        )
    return Dimensions(**scores)


def weighted_mean(dimensions: Dimensions) -> float:
    """The mean of the applicable dimensions' scores, by weight (two decimal places)."""
    parts = [getattr(dimensions, d.value) for d in Dimension]
    total = sum(p.weight for p in parts)
    return round(sum(p.score * p.weight for p in parts) / total, 2) if total else 100.0


# The shapes of the reasons `score_message` writes; `reason_key` reads them back (re2: a
# finding's reason quotes the message)
_SCORE_BELOW = re2.compile(r"score \d+ is below (\d+)")
_DIMENSION_BELOW = re2.compile(r"([a-z_]+) \d+ is below (\d+)")
_FINDING = re2.compile(r"(\S+) \[(\w+)\] at \d+:\d+")
_DIMENSIONS = frozenset(d.value for d in Dimension)


def reason_key(reason: str) -> str:
    """A reason without its message's particulars, so that alike reasons count together:
    "score 62 is below 70" -> "score below 70", "tone 40 is below 50" -> "tone below 50",
    "tone.rude [error] at 1:4: 'shut up'" -> "tone.rude [error]"."""
    if match := _SCORE_BELOW.fullmatch(reason):
        return f"score below {match[1]}"
    if (match := _DIMENSION_BELOW.fullmatch(reason)) and match[1] in _DIMENSIONS:
        return f"{match[1]} below {match[2]}"
    if match := _FINDING.match(reason):
        return f"{match[1]} [{match[2]}]"
    return reason


def _quote(text: str, limit: int = 40) -> str:
    words = " ".join(text.split())
    return f"'{words}'" if len(words) <= limit else f"'{words[: limit - 3].rstrip()}...'"


def weakest_links(
    dimensions: Dimensions, findings: Sequence[Finding], thresholds: Thresholds
) -> list[str]:
    """Why the draft must be revised whatever its overall score: each finding at `fail_on`,
    each applicable dimension below its minimum."""
    reasons: list[str] = []
    if isinstance(thresholds.fail_on, Severity):
        rank = thresholds.fail_on.rank
        by_rule: dict[str, list[Finding]] = {}
        for f in findings:
            if f.severity.rank >= rank:
                by_rule.setdefault(f.rule, []).append(f)
        for rule, hits in by_rule.items():  # one reason a rule, at its first hit
            f = hits[0]
            what = _quote(f.text) if f.text.strip() else "missing"
            more = f" (and {len(hits) - 1} more)" if len(hits) > 1 else ""
            reasons.append(f"{rule} [{f.severity.value}] at {f.line}:{f.column}: {what}{more}")
    for dimension in Dimension:
        part = getattr(dimensions, dimension.value)
        minimum = thresholds.min_dimension.get(dimension, thresholds.dimension_floor)
        if part.applies and part.score < minimum:
            reasons.append(f"{dimension.value} {part.score} is below {minimum}")
    return reasons


def score_message(
    findings: Sequence[Finding],
    strengths: Sequence[Strength],
    kind: MessageKind,
    thresholds: Thresholds,
    profile: ScoringProfile | None = None,
) -> Scores:
    """Dimension scores, the overall score and its band, and the verdict with its reasons."""
    profile = profile or scoring_profile()
    dimensions = dimension_scores(findings, strengths, kind, profile)
    mean = weighted_mean(dimensions)
    score = round(mean)
    reasons = weakest_links(dimensions, findings, thresholds)
    if score < thresholds.min_score:
        reasons.insert(0, f"score {score} is below {thresholds.min_score}")
    elif reasons:  # a weakest link caps the score below the pass mark
        score = max(0, thresholds.min_score - 1)
    verdict = Verdict.REVISE if reasons else Verdict.SEND
    return Scores(dimensions, score, mean, profile.band(score), verdict, reasons)
