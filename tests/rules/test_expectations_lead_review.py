"""Issue 19, expectations and options packs: what is and isn't a request, a reason, a promise
or a time to plan around, beyond the rule files' single-rule examples."""

from __future__ import annotations

import pytest

from commlint import Linter
from commlint.rules.functions.expectations import reader_actions, times_ahead
from commlint.rules.loader import builtin_rules_dir, load_rules

VERBS = frozenset(load_rules([builtin_rules_dir()]).lexicons["expectations-action-verbs"].texts())


def findings(linter: Linter, text: str, kind: str = "general") -> list[tuple[str, str]]:
    report = linter.check(text, kind)
    return [(f.rule, f.text) for f in report.findings if f.rule.startswith("expectations.")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Calm down.", []),
        ("Please calm down, we are on it.", []),
        ("Note that the office is closed on Friday.", []),
        ("Please bear in mind that the VPN is slower from abroad.", []),
        ("Please be aware that shared passwords are blocked.", []),
        ("See you soon.", []),
        ("Please find the signed form attached.", []),
        ("Please forgive the inconvenience.", []),
        ("Please note down the error code.", ["Please note"]),
        ("Don't worry, just restart the laptop.", ["restart"]),
        ("This lets us find your records.", []),
        ("We encourage you to report the account.", ["encourage you to"]),
    ],
)
def test_expectations_what_is_a_request(linter: Linter, text: str, expected: list[str]) -> None:
    doc = linter.pipeline.nlp(text)
    assert [span.text for span in reader_actions(doc, VERBS)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My card stopped working this morning.", []),
        ("Calls have not got through since 2 pm.", []),
        ("Some of you cannot print this morning.", []),
        ("The scanner upstairs works if you need it today.", []),
        ("I booked you in for Tuesday.", ["for Tuesday"]),
        ("The engineer comes tomorrow morning.", ["tomorrow morning"]),
        ("We will fix it by 2 pm.", ["by 2 pm"]),
    ],
)
def test_expectations_times_ahead(linter: Linter, text: str, expected: list[str]) -> None:
    """A time that says when the problem happened or applies is no time to plan around."""
    doc = linter.pipeline.nlp(text)
    assert [t.text for t in times_ahead(doc)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a reason in the next sentence, or steps after the first request
        ("Please send me your account number. This lets us find your records.", []),
        (
            "Restart your laptop. Open Outlook. Check the calendar.",
            [("expectations.unexplained-request", "Restart")],
        ),
        ("I found an article on this. Check it out: https://example.com/a", []),
        ("Is the light green? Can you open the portal?", []),
        ("Which city are you in? Please tell me.", []),
        ("Could you please let us know which laptop it is?", []),
        ("Try restarting your phone.", []),
        ("Let's restore your licences.", []),
        ("Please forward the message to abuse@example.com.", []),
        ("You should see the new icon.", []),
        ("@sam To report abuse, please review https://example.com/abuse", []),
        (
            "Please send your number. It is on your card.",
            [("expectations.unexplained-request", "Please send")],
        ),
        (
            "We cannot raise the limit. Please delete some emails.",
            [("expectations.unexplained-request", "Please delete")],
        ),
        # a request after a reason of ours, and one with a vague time, still promise
        ("Please send us the logs and we will check them.", []),
        (
            "Please send us the logs and we will check them soon.",
            [("expectations.open-promise", "we will check"), ("expectations.vague-time", "soon")],
        ),
        ("We will continue to improve the service.", []),
        (
            "We will continue to investigate your crashes.",
            [("expectations.open-promise", "We will continue")],
        ),
    ],
)
def test_expectations_findings_in_context(
    linter: Linter, text: str, expected: list[tuple[str, str]]
) -> None:
    assert sorted(findings(linter, text)) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("The VPN is down. Please send me your username so I can check your account.", False),
        ("The VPN is down. You can file a ticket and we'll look again.", False),
        ("The VPN is down. Please use the web mail meanwhile.", True),
        ("The VPN is down. Please quote INC-5 if you call.", True),
        ("The VPN went down this morning. The fault is logged.", True),
    ],
)
def test_expectations_missing_timeline_when_the_next_move_is_ours(
    linter: Linter, text: str, flagged: bool
) -> None:
    """An outage update needs a time unless it waits on the reader: a workaround or a
    conditional request does not hand them the next move, and a past time is no time."""
    rules = {rule for rule, _ in findings(linter, text, "incident_update")}
    assert ("expectations.missing-timeline" in rules) is flagged
