"""The time expressions the expectations rules share (`find_times`): what each form is
recognised as, and the exact text taken."""

from __future__ import annotations

import pytest

from commlint import Linter
from commlint.rules.functions.expectations import TimeLabel, find_times

CLOCK, DATE, WEEKDAY, DAY = TimeLabel.CLOCK, TimeLabel.DATE, TimeLabel.WEEKDAY, TimeLabel.DAY
DEADLINE, DURATION, RECURRING = TimeLabel.DEADLINE, TimeLabel.DURATION, TimeLabel.RECURRING
ABBREVIATION, LOOSE = TimeLabel.ABBREVIATION, TimeLabel.LOOSE

FORMS = [
    ("by 5 pm", CLOCK),
    ("by 5pm", CLOCK),
    ("5:30pm", CLOCK),
    ("5.30pm", CLOCK),
    ("17:00", CLOCK),
    ("at 9", CLOCK),
    ("10 a.m", CLOCK),
    ("by noon", CLOCK),
    ("midnight", CLOCK),
    ("half past 3", CLOCK),
    ("5 o'clock", CLOCK),
    ("no later than 4pm", CLOCK),
    ("by lunchtime", CLOCK),
    ("by 3 May", DATE),
    ("May 3rd", DATE),
    ("3rd of May, 2025", DATE),
    ("14 June 2025", DATE),
    ("03/05/2025", DATE),
    ("2025-05-03", DATE),
    ("by the 14th", DATE),
    ("on Tuesday", WEEKDAY),
    ("next Friday", WEEKDAY),
    ("this Thursday afternoon", WEEKDAY),
    ("by Monday morning", WEEKDAY),
    ("today", DAY),
    ("tomorrow morning", DAY),
    ("this afternoon", DAY),
    ("later today", DAY),
    ("tonight", DAY),
    ("first thing tomorrow", DAY),
    ("the day after tomorrow", DAY),
    ("end of day", DEADLINE),
    ("by end of the day", DEADLINE),
    ("close of business", DEADLINE),
    ("end of next week", DEADLINE),
    ("within 2 hours", DURATION),
    ("within two hours", DURATION),
    ("in two working days", DURATION),
    ("in 10 minutes", DURATION),
    ("within the hour", DURATION),
    ("in half an hour", DURATION),
    ("in a couple of hours", DURATION),
    ("for about two hours", DURATION),
    ("within 24 hours", DURATION),
    ("every 30 minutes", RECURRING),
    ("hourly", RECURRING),
    ("EOD", ABBREVIATION),
    ("COB", ABBREVIATION),
    ("next week", LOOSE),
    ("later this week", LOOSE),
    ("early next week", LOOSE),
    ("in the coming days", LOOSE),
    ("in a few days", LOOSE),
    ("over the weekend", LOOSE),
]


@pytest.mark.parametrize(("form", "label"), FORMS, ids=[f for f, _ in FORMS])
def test_time_expression_recognised(linter: Linter, form: str, label: TimeLabel) -> None:
    doc = linter.pipeline.nlp(f"We plan to have it done {form}, as agreed.")
    assert [(t.text, t.label) for t in find_times(doc)] == [(form, label)]


def test_time_expression_forms_are_many() -> None:
    assert len(FORMS) >= 40


@pytest.mark.parametrize(
    "text",
    [
        "Today's outage hit the sales team hardest.",
        "The cob loaf in the canteen is back.",
        "You may need two screens.",
        "We will fix it soon.",
    ],
)
def test_time_expression_not_recognised(linter: Linter, text: str) -> None:
    assert find_times(linter.pipeline.nlp(text)) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We expect the fix by 5 pm today.", ["by 5 pm today"]),
        ("The visit is on Tuesday 14 May at 10.30am.", ["on Tuesday 14 May at 10.30am"]),
        ("Ready by EOD today.", ["EOD", "today"]),
        ("It arrives next week, on Wednesday.", ["next week", "on Wednesday"]),
    ],
)
def test_time_expressions_join_only_concrete_neighbours(
    linter: Linter, text: str, expected: list[str]
) -> None:
    assert [t.text for t in find_times(linter.pipeline.nlp(text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The engineer comes by\n5 pm.", "by\n5 pm"),
        ("I'll reply by 4 pm\ntoday.", "by 4 pm\ntoday"),
    ],
)
def test_time_expressions_across_a_line_break(linter: Linter, text: str, expected: str) -> None:
    assert [t.text for t in find_times(linter.pipeline.nlp(text))] == [expected]


def test_time_expressions_on_blank_pipeline(blank_linter: Linter) -> None:
    doc = blank_linter.pipeline.nlp("Fixed within two hours. Back by 5 pm on Friday.")
    assert [t.label for t in find_times(doc)] == [DURATION, CLOCK]
