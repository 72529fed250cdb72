"""Scoring is pure arithmetic on findings and strengths, and every point is traceable."""

from __future__ import annotations

import pytest

from commlint import Linter
from commlint.report import Dimension, Finding, Severity, Strength
from commlint.scoring import BASE, dimension_scores, impact, overall_score, passed


@pytest.mark.parametrize(
    ("weight", "occurrence", "severity", "expected"),
    [
        (8, 0, Severity.WARNING, -8.0),
        (8, 1, Severity.WARNING, -4.0),
        (8, 2, Severity.WARNING, -2.0),
        (8, 0, Severity.ERROR, -12.0),
        (8, 0, Severity.INFO, 0.0),
        (8, 0, None, 8.0),
        (8, 1, None, 4.0),
    ],
)
def test_scoring_impact(
    weight: float, occurrence: int, severity: Severity | None, expected: float
) -> None:
    assert impact(weight, occurrence, severity) == expected


SPAN = {"message": "m", "start": 0, "end": 1, "line": 1, "column": 1, "text": "x"}


def _finding(dimension: Dimension, points: float, severity: Severity = Severity.WARNING) -> Finding:
    rule = f"{dimension.value}.x"
    return Finding(rule=rule, dimension=dimension, impact=points, severity=severity, **SPAN)


def _strength(dimension: Dimension, points: float) -> Strength:
    return Strength(rule=f"{dimension.value}.y", dimension=dimension, impact=points, **SPAN)


def test_scoring_dimensions_add_up_and_clamp() -> None:
    findings = [_finding(Dimension.TONE, -12), _finding(Dimension.TONE, -80)]
    strengths = [_strength(Dimension.EMPATHY, 6), _strength(Dimension.EMPATHY, 40)]
    dims = dimension_scores(findings, strengths)
    assert dims.tone.raw == BASE - 92 and dims.tone.score == 0
    assert dims.tone.findings == [0, 1]
    assert dims.empathy.raw == BASE + 46 and dims.empathy.score == 100
    assert dims.empathy.strengths == [0, 1]
    assert dims.options.score == round(BASE) and dims.options.findings == []
    assert overall_score(dims) == round((0 + 100 + 3 * BASE) / 5)


def test_scoring_passed_thresholds() -> None:
    warn = [_finding(Dimension.TONE, -8)]
    error = [_finding(Dimension.TONE, -12, Severity.ERROR)]
    dims = dimension_scores(warn, [])
    common = {"min_dimension": {}, "fail_on": Severity.ERROR}
    assert passed(70, dims, warn, min_score=60, **common)
    assert not passed(59, dims, warn, min_score=60, **common)
    assert not passed(70, dims, error, min_score=60, **common)
    assert passed(70, dims, error, min_score=60, min_dimension={}, fail_on="never")
    assert not passed(70, dims, warn, min_score=60, min_dimension={}, fail_on=Severity.WARNING)
    assert not passed(
        70, dims, warn, min_score=60, min_dimension={Dimension.TONE: 70}, fail_on="never"
    )


def test_scoring_every_point_traceable(linter: Linter) -> None:
    report = linter.check(
        "Obviously u should reboot. We apologize for any inconvenience!!! "
        "Thanks for letting us know; we will fix it by 5 pm today, alternatively use room 6."
    )
    assert report.findings and report.strengths
    for dimension in Dimension:
        score = getattr(report.dimensions, dimension.value)
        total = (
            score.base
            + sum(report.findings[i].impact for i in score.findings)
            + sum(report.strengths[i].impact for i in score.strengths)
        )
        assert score.raw == pytest.approx(total)
        assert score.score == round(min(100, max(0, total)))
        assert all(report.findings[i].dimension is dimension for i in score.findings)
