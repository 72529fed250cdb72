"""Issue 19, tone pack, second round: the message's shape (a chat turn or a letter), menu
paths and key names in capitals, lists cut into sentences, clarifying negative questions."""

from __future__ import annotations

import pytest

from commlint import Linter


def _found(linter: Linter, text: str, rule: str) -> list[str]:
    return [f.text for f in linter.check(text).findings if f.rule == rule]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a chat turn: a short question is how troubleshooting goes on
        ("Which version of the mail app are you running?", []),
        ("What does the screen show now? Does the light blink?", []),
        # a letter is held to opening politely
        ("Which laptop is it?\n\nThe old one or the new one.", ["Which laptop is it?"]),
        ("What's the asset tag? It is on the sticker.\nRegards,\nPriya", ["What's the asset tag?"]),
        ("Hi Sam,\n\nwhich laptop is it?\n\nPriya", []),
        # a chat turn that hunts for a culprit is still blunt
        (
            "Who deleted the shared folder? It held the payroll files.",
            ["Who deleted the shared folder?"],
        ),
        ("Who is your mobile provider?", []),
    ],
)
def test_blunt_question_only_in_letters(linter: Linter, text: str, expected: list[str]) -> None:
    assert _found(linter, text, "tone.blunt-question") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Press the HOME key and the power key together.", []),
        ("Go to Contact us &gt; Account &gt; I STILL NEED HELP.", []),
        ("Open Help \u203a I FORGOT MY PASSWORD.", []),
        # still shouting: the same words outside a path, a word in capitals that is no label
        ("I STILL NEED HELP with the printer.", ["STILL NEED HELP"]),
        ("This is a HUGE problem.", ["HUGE"]),
        ("Please do it NOW.", ["NOW"]),
    ],
)
def test_shouting_skips_labels(linter: Linter, text: str, expected: list[str]) -> None:
    assert _found(linter, text, "tone.shouting") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The buttons, left to right: Archive, Reply, Reply All, Forward, Move to Folder.", []),
        ("Your report looks empty. Send me the file.", ["Send me the file."]),
    ],
)
def test_bare_demand_skips_button_lists(linter: Linter, text: str, expected: list[str]) -> None:
    assert _found(linter, text, "tone.bare-demand") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Can't the app be updated?", []),
        ("Couldn't the photos be opened after the restart?", []),
        ("Can't you just restart it?", ["Can't you just restart it?"]),
        ("Wouldn't it be easier to use the portal?", ["Wouldn't it be easier to use the portal?"]),
    ],
)
def test_leading_question_skips_clarifying_passives(
    linter: Linter, text: str, expected: list[str]
) -> None:
    assert _found(linter, text, "tone.leading-question") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You need to be able to sign in to the account to share the files.", []),
        ("You can't book a slot without confirming the code.", []),
        ("You can't install that.", ["You can't"]),
        ("You need to update Chrome.", ["You need"]),
    ],
)
def test_confronting_you_skips_prerequisites(
    linter: Linter, text: str, expected: list[str]
) -> None:
    assert _found(linter, text, "tone.confronting-you") == expected
