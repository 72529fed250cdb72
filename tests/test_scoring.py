"""Scoring is pure arithmetic on findings and strengths, every point is traceable, and the
verdict follows the thresholds and the weakest links."""

from __future__ import annotations

from pathlib import Path

import pytest

from commlint import Linter
from commlint.enums import Band, MessageKind, Verdict
from commlint.errors import RuleError
from commlint.report import Dimension, Finding, Severity, Strength
from commlint.scoring import (
    Thresholds,
    dimension_scores,
    impact,
    reason_key,
    score_message,
    weighted_mean,
)
from commlint.scoring_profile import load_profile, scoring_profile
from tests.conftest import write

PROFILE = scoring_profile()


@pytest.mark.parametrize(
    ("weight", "occurrence", "severity", "expected"),
    [
        (8, 0, Severity.WARNING, -12.0),
        (8, 1, Severity.WARNING, -6.0),
        (8, 2, Severity.WARNING, -3.0),
        (8, 0, Severity.ERROR, -32.0),
        (8, 0, Severity.INFO, 0.0),
        (8, 0, None, 12.0),
        (8, 1, None, 6.0),
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


def test_scoring_dimensions_start_at_what_the_kind_asks_and_clamp() -> None:
    findings = [_finding(Dimension.TONE, -12), _finding(Dimension.TONE, -80)]
    strengths = [_strength(Dimension.EMPATHY, 6), _strength(Dimension.EMPATHY, 40)]
    dims = dimension_scores(findings, strengths, MessageKind.GENERAL)
    asks = PROFILE.kinds[MessageKind.GENERAL]
    assert dims.tone.base == asks[Dimension.TONE].base
    assert dims.tone.raw == asks[Dimension.TONE].base - 92 and dims.tone.score == 0
    assert dims.tone.findings == [0, 1] and dims.tone.band is Band.POOR
    assert dims.empathy.raw == asks[Dimension.EMPATHY].base + 46 and dims.empathy.score == 100
    assert dims.empathy.strengths == [0, 1] and dims.empathy.band is Band.STRONG
    assert dims.plain_language.score == 100, "a dimension that asks nothing starts at 100"


def test_scoring_a_dimension_the_kind_does_not_call_for_neither_drags_nor_inflates() -> None:
    general = dict(PROFILE.kinds[MessageKind.GENERAL])
    general[Dimension.OPTIONS] = general[Dimension.OPTIONS].model_copy(update={"weight": 0})
    profile = PROFILE.model_copy(update={"kinds": {**PROFILE.kinds, MessageKind.GENERAL: general}})
    clean = dimension_scores([], [], MessageKind.GENERAL, profile)
    assert not clean.options.applies and clean.options.weight == 0
    without = weighted_mean(clean)
    helped = dimension_scores([], [_strength(Dimension.OPTIONS, 10)], MessageKind.GENERAL, profile)
    assert weighted_mean(helped) == without, "an unasked-for strength must not inflate"
    hurt = dimension_scores([_finding(Dimension.OPTIONS, -15)], [], MessageKind.GENERAL, profile)
    assert hurt.options.applies and hurt.options.weight == PROFILE.problem_weight
    assert weighted_mean(hurt) < without, "a problem counts in any kind"


def test_scoring_weighted_mean_uses_the_kind_weights() -> None:
    dims = dimension_scores([_finding(Dimension.OPTIONS, -40)], [], MessageKind.REFUSAL)
    parts = [getattr(dims, d.value) for d in Dimension]
    expected = sum(p.score * p.weight for p in parts) / sum(p.weight for p in parts)
    assert weighted_mean(dims) == pytest.approx(expected, abs=0.01)
    assert dims.options.weight == PROFILE.kinds[MessageKind.REFUSAL][Dimension.OPTIONS].weight


DEFAULTS = Thresholds()


@pytest.mark.parametrize(
    ("findings", "thresholds", "verdict", "reason"),
    [
        ([], DEFAULTS, Verdict.SEND, None),
        ([_finding(Dimension.TONE, -12)], DEFAULTS, Verdict.SEND, None),
        ([_finding(Dimension.TONE, -12, Severity.ERROR)], DEFAULTS, Verdict.REVISE, "[error]"),
        (
            [_finding(Dimension.TONE, -12, Severity.ERROR)],
            Thresholds(fail_on="never"),
            Verdict.SEND,
            None,
        ),
        ([_finding(Dimension.TONE, -45)], DEFAULTS, Verdict.REVISE, "tone 45 is below 50"),
        (
            [_finding(Dimension.TONE, -12)],
            Thresholds(min_dimension={Dimension.TONE: 80}),
            Verdict.REVISE,
            "tone 78 is below 80",
        ),
        ([_finding(Dimension.TONE, -12)], Thresholds(min_score=95), Verdict.REVISE, "is below 95"),
        (
            [_finding(Dimension.TONE, -12)],
            Thresholds(fail_on=Severity.WARNING),
            Verdict.REVISE,
            "[warning]",
        ),
    ],
)
def test_scoring_verdict(
    findings: list[Finding], thresholds: Thresholds, verdict: Verdict, reason: str | None
) -> None:
    scores = score_message(findings, [], MessageKind.GENERAL, thresholds)
    assert scores.verdict is verdict
    if reason is None:
        assert scores.reasons == [] and scores.score >= thresholds.min_score
    else:
        assert any(reason in r for r in scores.reasons), scores.reasons
        assert scores.score < thresholds.min_score, "the number and the verdict agree"


def test_scoring_weakest_link_caps_the_score_below_the_pass_mark() -> None:
    blame = [_finding(Dimension.TONE, -12, Severity.ERROR)]
    scores = score_message(blame, [], MessageKind.GENERAL, DEFAULTS)
    assert scores.mean >= DEFAULTS.min_score, "the rest of the message is good"
    assert scores.score == DEFAULTS.min_score - 1 and scores.band is Band.WEAK
    assert not any("score" in r for r in scores.reasons), "the cap is not itself a reason"


def test_scoring_bands_follow_the_profile() -> None:
    assert [PROFILE.band(s) for s in (100, 90, 89, 70, 69, 50, 49, 0)] == [
        Band.STRONG, Band.STRONG, Band.GOOD, Band.GOOD, Band.WEAK, Band.WEAK, Band.POOR, Band.POOR
    ]  # fmt: skip


def test_scoring_profile_errors_name_the_file_and_line(tmp_path: Path) -> None:
    text = (Path(__file__).parents[1] / "rules" / "scoring.yml").read_text(encoding="utf-8")
    broken = write(tmp_path / "scoring.yml", text.replace("repeat_factor: 0.5", "repeat_factor: 2"))
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("repeat_factor"))
    with pytest.raises(RuleError, match=rf"scoring.yml:{line}: repeat_factor"):
        load_profile(broken)
    missing = write(tmp_path / "short.yml", text.replace("  general:\n", "  other:\n"))
    with pytest.raises(RuleError, match=r"short\.yml"):
        load_profile(missing)


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
    assert report.mean == weighted_mean(report.dimensions)
    assert report.passed is (report.verdict is Verdict.SEND)


@pytest.mark.parametrize(
    "draft",
    [
        "Obviously u didnt read the guide. The ACL on the L3 switch is misconfigured. "
        "Will fix ASAP. IT",
        "Hi Dana, obviously the ACL broke. We will fix it ASAP. IT",
    ],
)
def test_scoring_the_issue_drafts_get_revise(linter: Linter, draft: str) -> None:
    report = linter.check(draft)
    assert report.verdict is Verdict.REVISE and report.score < 70, report.reasons


def test_scoring_a_plain_resolution_needs_no_apology_or_alternative(linter: Linter) -> None:
    report = linter.check(
        "Hi Sam, I've reset your password. Sign in with the temporary one I texted you and "
        "you'll be asked to choose a new one. If it doesn't work, call me on ext. 4410. Priya",
        kind="resolution",
    )
    assert report.verdict is Verdict.SEND and report.score >= 90, report.reasons
    assert not report.dimensions.options.findings


def test_scoring_worked_example_in_the_docs_holds(blank_linter: Linter) -> None:
    """docs/scoring.md's worked examples, recomputed (blank pipeline, as the doc says)."""
    draft = (
        "Thanks for letting us know. Obviously the VPN must be connected first, as I said before.\n"
        "We are working on it and will get back to you ASAP. Obviously this should not happen "
        "again.\nWe apologize for any inconvenience.\n"
    )
    report = blank_linter.check(draft, kind="incident_update")
    scores = {d.value: getattr(report.dimensions, d.value).score for d in Dimension}
    assert scores == {
        "plain_language": 91, "empathy": 62, "expectations": 0, "options": 90, "tone": 0
    }  # fmt: skip
    assert (report.mean, report.score, report.band) == (40.5, 40, Band.POOR)
    second = blank_linter.check(
        "Hi Dana, obviously the ACL broke. We will fix it by 3 pm today. Priya\n"
    )
    assert (second.mean, second.score, second.verdict) == (86.22, 69, Verdict.REVISE)
    assert second.reasons == ["tone.condescending [error] at 1:10: 'obviously'"]


def test_scoring_reason_key_reads_the_reasons_score_message_writes() -> None:
    """The audit counts reasons by `reason_key`: it must read back what scoring writes."""
    findings = [_finding(Dimension.TONE, -48, Severity.ERROR), _finding(Dimension.TONE, -24)]
    scores = score_message(findings, [], MessageKind.GENERAL, Thresholds(min_score=95))
    keys = [reason_key(reason) for reason in scores.reasons]
    assert keys == ["score below 95", "tone.x [error]", "tone below 50"], scores.reasons
