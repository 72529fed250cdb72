"""The expectations pack's Python rule functions beyond their rule-file examples: the reader
action and next-step detectors with and without a parse, and the checks that depend on a
time in the same sentence."""

from __future__ import annotations

import pytest

from commlint import Linter
from commlint.rules.functions.expectations import next_steps, reader_actions
from commlint.rules.loader import builtin_rules_dir, load_rules

VERBS = frozenset(load_rules([builtin_rules_dir()]).lexicons["expectations-action-verbs"].texts())


def rules_hit(linter: Linter, text: str, kind: str = "general") -> dict[str, list[str]]:
    report = linter.check(text, kind)
    hits: dict[str, list[str]] = {}
    for o in [*report.findings, *report.strengths]:
        hits.setdefault(o.rule, []).append(o.text)
    return hits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please restart your laptop.", ["Please restart"]),
        ("Restart your laptop, then log in.", ["Restart"]),
        ("The cable is on the desk: plug it into the left port.", ["plug"]),
        ("If it still fails, restart the router.", ["restart"]),
        ("You'll need to sign in again.", ["You'll need to"]),
        ("No action is needed on your part.", ["No action is needed"]),
        ("We restarted the server overnight.", []),
        ("You should have saved your work first.", []),
        ("You should\u2019ve saved it.", []),
        ("You shouldn't have deleted it.", []),
        ("You must not have saved it.", []),
        ("You shouldn't unplug it during the update.", ["You shouldn't unplug"]),
        ("To share your calendar, open Outlook.", ["open"]),
        ("I know you need to send large drawings.", []),
        ("Let me check the logs.", []),
        ("Thanks for waiting.", []),
        ("If you click the link, we will reset it.", []),
    ],
)
def test_expectations_reader_actions(linter: Linter, text: str, expected: list[str]) -> None:
    doc = linter.pipeline.nlp(text)
    assert [span.text for span in reader_actions(doc, VERBS)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'll call you at 3.", ["I'll call"]),
        ("We will email the link.", ["We will email"]),
        ("Our network team will check the switch.", ["Our network team will check"]),
        ("I have emailed Tom and will set it up.", ["will set"]),
        ("We won't be able to replace it.", []),
        ("The part will arrive on Monday.", []),
    ],
)
def test_expectations_next_steps(linter: Linter, text: str, expected: list[str]) -> None:
    doc = linter.pipeline.nlp(text)
    assert [span.text for span in next_steps(doc, VERBS)] == expected


def test_expectations_blank_pipeline_falls_back_to_verb_list(blank_linter: Linter) -> None:
    doc = blank_linter.pipeline.nlp("Restart your laptop. I'll ring you at 3. We'll manage.")
    assert [s.text for s in reader_actions(doc, VERBS)] == ["Restart"]
    assert [s.text for s in next_steps(doc, VERBS)] == ["I'll ring"]


@pytest.mark.parametrize(
    ("text", "rule", "fires"),
    [
        ("We'll keep you posted.", "expectations.open-promise", True),
        ("We'll keep you posted; next update at 2 pm.", "expectations.open-promise", False),
        ("We'll keep you posted; next update at 2 pm.", "expectations.update-promise", True),
        ("We'll keep you posted next week.", "expectations.update-promise", False),
        ("It arrives next week.", "expectations.loose-time", True),
        ("It arrives next week, on Tuesday.", "expectations.loose-time", False),
        ("Maybe try restarting?", "expectations.hedged-commitment", False),
        ("Maybe we can fix it tomorrow.", "expectations.hedged-commitment", True),
        ("It is being looked into by our network team.", "expectations.ownerless-action", False),
        ("It is being looked into by 3 pm.", "expectations.ownerless-action", True),
    ],
)
def test_expectations_sentence_context(linter: Linter, text: str, rule: str, fires: bool) -> None:
    assert (rule in rules_hit(linter, text)) is fires


RULES_OF_A_REQUEST = ("expectations.reader-action", "expectations.unexplained-request")
RULES_OF_A_STEP = ("expectations.next-step", "expectations.open-promise")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please send me the log by noon.", "expectations.reader-action"),
        ("Please send me the log. I will read it this afternoon.", "expectations.reader-action"),
        ("Please keep it plugged in so the update can finish.", "expectations.reader-action"),
        ("Restart it now.", "expectations.reader-action"),
        ("Leave it plugged in until the light goes green.", "expectations.reader-action"),
        ("Please send me the log.", "expectations.unexplained-request"),
        ("Could you send me the log?", "expectations.unexplained-request"),
        ("If convenient, please send me the log.", None),
        ("Please send me the log so that we can check it.", None),
        ("Please send me the log. We will look into it.", None),
        ("Please send me the log, and I can look into it.", None),
        ("Let me know which one you prefer.", None),
    ],
)
def test_expectations_request_credit(linter: Linter, text: str, expected: str | None) -> None:
    """A request earns credit with when or what it does for the reader; one that serves only
    our process, or leads to an untimed step, earns nothing; a bare one is a finding."""
    hits = rules_hit(linter, text)
    assert [r for r in RULES_OF_A_REQUEST if r in hits] == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I will call you at 3 pm.", "expectations.next-step"),
        ("I will call you when the part arrives.", "expectations.next-step"),
        ("If it fails again, we will replace it.", "expectations.next-step"),
        ("I'll reset it right away.", "expectations.next-step"),
        ("I will tell you as soon as they reply.", "expectations.next-step"),
        ("I will tell you as soon as possible.", "expectations.open-promise"),
        ("We will order the part. It arrives on Tuesday.", "expectations.next-step"),
        ("We will handle it for you.", "expectations.open-promise"),
        ("We will check it because the log is full.", "expectations.open-promise"),
        ("We will try our best to fix the printer.", "expectations.open-promise"),
    ],
)
def test_expectations_step_needs_a_time(linter: Linter, text: str, expected: str) -> None:
    hits = rules_hit(linter, text)
    assert [r for r in RULES_OF_A_STEP if r in hits] == [expected]


def test_expectations_open_promise_counts_news_once(linter: Linter) -> None:
    """ "We'll keep you posted" is one open promise, not also an untimed step."""
    assert rules_hit(linter, "We'll keep you posted.")["expectations.open-promise"] == [
        "keep you posted"
    ]


@pytest.mark.parametrize(
    ("kind", "fires"), [("incident_update", True), ("general", False), ("resolution", False)]
)
def test_expectations_kind_dependent_rules(linter: Linter, kind: str, fires: bool) -> None:
    hits = rules_hit(linter, "The mail server is slow.", kind)
    assert ("expectations.missing-next-update" in hits) is fires
    assert ("expectations.missing-timeline" in hits) is fires
