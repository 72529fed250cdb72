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


@pytest.mark.parametrize(
    ("kind", "fires"), [("incident_update", True), ("general", False), ("resolution", False)]
)
def test_expectations_kind_dependent_rules(linter: Linter, kind: str, fires: bool) -> None:
    hits = rules_hit(linter, "The mail server is slow.", kind)
    assert ("expectations.missing-next-update" in hits) is fires
    assert ("expectations.missing-timeline" in hits) is fires
