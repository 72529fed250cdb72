"""Scoring: pure functions from findings and strengths to scores. See docs/scoring.md.

Each dimension starts at `BASE`. A finding subtracts its rule's weight times a severity factor;
a strength adds its rule's weight. A rule that fires again in the same message counts half as
much as its previous occurrence (so one habit cannot sink a score alone). The dimension score is
the result clamped to 0-100 and rounded; the overall score is the mean of the five dimensions.
"""

from __future__ import annotations

from collections.abc import Sequence

from commlint.report import (
    Dimension,
    Dimensions,
    DimensionScore,
    Finding,
    Severity,
    Strength,
)

BASE = 70.0
SEVERITY_FACTOR: dict[Severity, float] = {
    Severity.ERROR: 1.5,
    Severity.WARNING: 1.0,
    Severity.INFO: 0.0,
}
REPEAT_FACTOR = 0.5


def impact(weight: float, occurrence: int, severity: Severity | None) -> float:
    """Points for the `occurrence`-th (0-based) hit of a rule: negative for a finding
    (`severity` given), positive for a strength (`severity` None)."""
    points = weight * REPEAT_FACTOR**occurrence
    if severity is None:
        return round(points, 2)
    return round(-points * SEVERITY_FACTOR[severity], 2) + 0.0  # + 0.0: no "-0.0" for info


def dimension_scores(findings: Sequence[Finding], strengths: Sequence[Strength]) -> Dimensions:
    scores: dict[str, DimensionScore] = {}
    for dimension in Dimension:
        f_idx = [i for i, f in enumerate(findings) if f.dimension is dimension]
        s_idx = [i for i, s in enumerate(strengths) if s.dimension is dimension]
        raw = (
            BASE + sum(findings[i].impact for i in f_idx) + sum(strengths[i].impact for i in s_idx)
        )
        scores[dimension.value] = DimensionScore(
            score=round(min(100.0, max(0.0, raw))),
            base=BASE,
            raw=round(raw, 2),
            findings=f_idx,
            strengths=s_idx,
        )
    return Dimensions(**scores)


def overall_score(dimensions: Dimensions) -> int:
    values: list[int] = [getattr(dimensions, d.value).score for d in Dimension]
    return round(sum(values) / len(values))


def passed(
    score: int,
    dimensions: Dimensions,
    findings: Sequence[Finding],
    *,
    min_score: int,
    min_dimension: dict[Dimension, int],
    fail_on: Severity | str,
) -> bool:
    """True when the overall and per-dimension minimums are met and no finding reaches
    `fail_on` (`"never"` disables that check)."""
    if score < min_score:
        return False
    if any(getattr(dimensions, d.value).score < m for d, m in min_dimension.items()):
        return False
    if isinstance(fail_on, Severity):
        return not any(f.severity.rank >= fail_on.rank for f in findings)
    return True
