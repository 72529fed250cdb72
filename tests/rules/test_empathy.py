"""The empathy pack's Python rules, beyond what the rules' own examples show."""

from __future__ import annotations

import pytest

from commlint import Linter

SIGN_OFFS = [
    ("Done.\n\nThanks,\nPriya", "empathy.personal-sign-off", "Priya"),
    ("Done.\nKind regards,\nSam Okafor\nService Desk", "empathy.personal-sign-off", "Sam Okafor"),
    ("Done.\nThanks again,\nPriya (IT Support)", "empathy.personal-sign-off", "Priya"),
    ("Done.\n\nThanks, IT", "empathy.faceless-sign-off", "IT"),
    (
        "Done.\n\nRegards,\nThe Service Desk Team",
        "empathy.faceless-sign-off",
        "The Service Desk Team",
    ),
    ("Done.\n\n-- Helpdesk", "empathy.faceless-sign-off", "Helpdesk"),
]


@pytest.mark.parametrize(("text", "rule", "signature"), SIGN_OFFS)
def test_empathy_sign_off_finds_the_signature(
    linter: Linter, text: str, rule: str, signature: str
) -> None:
    report = linter.check(text)
    found = [o.text for o in [*report.findings, *report.strengths] if o.rule == rule]
    assert found == [signature]


@pytest.mark.parametrize(
    "text",
    [
        "Thanks, we will fix the printer tomorrow.",
        "The new laptop is ready.\nDana Lee will bring it up.",
        "Hi Dana,\nthe printer is fixed.",
    ],
)
def test_empathy_sign_off_ignores_lines_that_are_not_signatures(linter: Linter, text: str) -> None:
    report = linter.check(text)
    rules = {o.rule for o in [*report.findings, *report.strengths]}
    assert not rules & {"empathy.personal-sign-off", "empathy.faceless-sign-off"}


@pytest.mark.parametrize(
    ("text", "kind", "flagged"),
    [
        ("The VPN is back up.", "incident_update", True),
        ("The VPN is back up. Thanks for your patience.", "incident_update", False),
        ("The VPN is back up.", "scheduled_work", False),
        ("Your laptop is broken, so I have ordered a new one.", "general", True),
        ("My laptop is broken; which form do I use?", "general", False),
        ("Which error do you get when your laptop crashes?", "general", False),
        ("The canteen opens at noon.", "general", False),
    ],
)
def test_empathy_unacknowledged_problem_uses_kind_then_problem_words(
    linter: Linter, text: str, kind: str, flagged: bool
) -> None:
    report = linter.check(text, kind)
    assert ("empathy.unacknowledged-problem" in {f.rule for f in report.findings}) is flagged


def test_empathy_hidden_responsibility_is_skipped_with_a_note_on_blank(
    blank_linter: Linter,
) -> None:
    notes = [n for n in blank_linter.notes if n.rule == "empathy.hidden-responsibility"]
    assert notes and "dependency parse" in notes[0].message
    report = blank_linter.check("Mistakes were made during the migration.")
    assert "empathy.hidden-responsibility" not in {f.rule for f in report.findings}


def test_empathy_reader_goal_needs_your_in_the_same_clause(linter: Linter) -> None:
    report = linter.check("I fixed your laptop, and the meeting room screen is next.")
    assert "empathy.reader-goal" not in {s.rule for s in report.strengths}


def test_empathy_sincere_and_boilerplate_apologies_do_not_overlap(linter: Linter) -> None:
    report = linter.check("We apologize for any inconvenience. I'm sorry this held up your report.")
    assert [f.text for f in report.findings if f.rule == "empathy.boilerplate-apology"] == [
        "We apologize for any inconvenience"
    ]
    assert [s.text for s in report.strengths if s.rule == "empathy.sincere-apology"] == [
        "sorry this held"
    ]
