"""Issue 19, second round on the expectations pack: promises that wait on the reader's reply,
requests that are steps of a how-to, hopes about what we don't control, and deadlines."""

from __future__ import annotations

import pytest

from commlint import Linter


def hits(linter: Linter, text: str, rule: str, kind: str = "general") -> list[str]:
    report = linter.check(text, kind)
    return [f.text for f in report.findings if f.rule == f"expectations.{rule}"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the reader's reply comes first, and our step examines it
        ("Could you send the model of your router? We'll check further.", []),
        ("Please send us the account name. We will then fix the line and call you.", []),
        ("Which phone is it? We will try our best to help you solve it.", []),
        # a step that settles the case still owes a time, whatever comes first
        ("Please send me your order number. We will handle it for you.", ["We will handle"]),
        ("Please send the logs. We will check them soon.", ["We will check"]),
        # feedback thanked, efforts pledged, cases passed on, replies awaited
        ("We will study your suggestions carefully.", []),
        ("We will make great efforts to improve the network.", []),
        ("We will report this problem.", []),
        ("We will report and fix the problem.", ["We will report"]),
        ("We will ask our engineers to look into the crash.", []),
        ("We'll look out for your reply!", []),
        ("We will check the logs and give feedback to you.", ["We will check"]),
    ],
)
def test_open_promise_after_the_readers_move(
    linter: Linter, text: str, expected: list[str]
) -> None:
    assert hits(linter, text, "open-promise") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Do your colleagues have this problem too?", []),
        ("Let me check~", []),
        ("Your case has been passed to the network team. Please wait for their call.", []),
        ("Please wait patiently. We are sorry for the inconvenience.", ["Please wait"]),
        ("Please take it easy, your data is safe.", []),
        ("You can try to open the settings, tap Storage and see whether the photos are there.", []),
        ("1. Please close the app. 2. Please open it again.", []),
        ("Please clear the cache and then let us know the outcome.", []),
        ("Please clear the cache and then let us know.", ["Please clear"]),
        ("Check out our new guide to the portal!", []),
        ("Please visit our help centre for more details.", []),
        ("Please visit our office.", ["Please visit"]),
    ],
)
def test_unexplained_request_steps_and_patience(
    linter: Linter, text: str, expected: list[str]
) -> None:
    assert hits(linter, text, "unexplained-request") == expected


@pytest.mark.parametrize(
    ("text", "hedged", "vague"),
    [
        ("Fingers crossed we'll be able to have the album soon!", [], []),
        ("Hopefully we'll have the film available again soon.", [], []),
        ("Hopefully it will be fixed soon.", ["Hopefully"], ["soon"]),
        ("Hopefully it will be better soon.", ["Hopefully"], ["soon"]),
    ],
)
def test_hope_about_what_we_will_have(
    linter: Linter, text: str, hedged: list[str], vague: list[str]
) -> None:
    assert hits(linter, text, "hedged-commitment") == hedged
    assert hits(linter, text, "vague-time") == vague


def test_loose_time_is_a_window_not_a_deadline(linter: Linter) -> None:
    assert hits(linter, "We are adding an uninstaller by this weekend.", "loose-time") == []
    assert hits(linter, "We are adding an uninstaller this weekend.", "loose-time") == [
        "this weekend"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We are aware of the email problem and are working to fix it.", []),
        ("Sorry about the outage. You can follow the status page for news.", []),
        ("Your parcel is at customs. It will be delivered after the inspection.", []),
        ("Your request has been received and will be dealt with in due course.", [""]),
        ("We are aware of the email problem.", [""]),
    ],
)
def test_missing_next_step_sees_moves_and_work_under_way(
    linter: Linter, text: str, expected: list[str]
) -> None:
    assert hits(linter, text, "missing-next-step", "incident_update") == expected
