"""The tone pack's Python rules, beyond what the rules' own examples show."""

from __future__ import annotations

import pytest

from commlint import Linter


def _found(linter: Linter, text: str, rule: str) -> list[str]:
    return [f.text for f in linter.check(text).findings if f.rule == rule]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You deleted the folder on Monday.", ["You deleted"]),
        ("You clearly ignored the warning.", ["You clearly ignored"]),
        ("If you deleted it, we can restore it.", []),
        ("Did you delete it?", []),
        ("Don't worry, you didn't break anything.", []),
    ],
)
def test_tone_accusation_on_both_pipelines(
    linter: Linter, blank_linter: Linter, text: str, expected: list[str]
) -> None:
    assert _found(linter, text, "tone.accusation") == expected
    assert _found(blank_linter, text, "tone.accusation") == expected


def test_tone_accusation_follows_the_parse_across_words(linter: Linter) -> None:
    """Only the parser links "you" to a verb two words on: the token fallback does not."""
    text = "You, on Monday, deleted the whole folder."
    assert _found(linter, text, "tone.accusation") == ["You, on Monday, deleted"]


def test_tone_stacked_commands_is_skipped_with_a_note_on_blank(blank_linter: Linter) -> None:
    notes = [n for n in blank_linter.notes if n.rule == "tone.stacked-commands"]
    assert notes and "part-of-speech" in notes[0].message


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Save your work. Leave your laptop on. Do not switch it off tonight.", True),
        ("Save your work. Leave your laptop on. Please do not switch it off tonight.", False),
        ("Save your work. Leave your laptop on.", False),
        ("- Save your work.\n- Leave your laptop on.\n- Do not switch it off.", False),
    ],
)
def test_tone_stacked_commands_counts_bare_commands(
    linter: Linter, text: str, flagged: bool
) -> None:
    assert bool(_found(linter, text, "tone.stacked-commands")) is flagged


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PLEASE DO NOT restart the server.", ["PLEASE DO NOT"]),
        ("Do NOT restart the server.", ["NOT"]),
        ("Your laptop needs more RAM and a new OS.", []),
        ("Thanks for waiting. ^MS", []),
        ("It works?!", ["?!"]),
    ],
)
def test_tone_shouting_leaves_initials_and_acronyms(
    linter: Linter, text: str, expected: list[str]
) -> None:
    assert _found(linter, text, "tone.shouting") == expected


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("We don't manage it. Contact the vendor.", True),
        ("We don't manage it. Contact the vendor at help@vendor.example.", False),
        ("We don't manage it. Contact the vendor: https://vendor.example/help", False),
        ("We don't manage it. Contact the vendor on 0161 555 0199.", False),
        (
            "We don't manage it, so I've forwarded this to them. Contact the vendor if needed.",
            False,
        ),
    ],
)
def test_tone_bare_redirect_is_cleared_by_any_help(
    linter: Linter, text: str, flagged: bool
) -> None:
    assert bool(_found(linter, text, "tone.bare-redirect")) is flagged


def test_tone_phrases_match_across_a_line_break(linter: Linter) -> None:
    assert _found(linter, "We can't help.\nContact\nthem.", "tone.bare-redirect") == [
        "Contact\nthem"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The sync failed. Send me the log.", ["Send me the log."]),
        (
            "Tell me which printer. Explain what changed.",
            ["Tell me which printer.", "Explain what changed."],
        ),
        ("Send me the log so I can see where it stops.", []),
        ("Please send me the log.", []),
        ("Restart your laptop.", []),
        ("Send us a note if anything else comes up.", []),
        ("Send it over and we'll fix it today.", []),
        ("1. Send me the log.", []),
        ("Can you send me the log?", []),
    ],
)
def test_tone_bare_demand_leaves_softened_requests_and_steps(
    linter: Linter, text: str, expected: list[str]
) -> None:
    assert _found(linter, text, "tone.bare-demand") == expected


def test_tone_bare_demand_is_skipped_with_a_note_on_blank(blank_linter: Linter) -> None:
    assert any(n.rule == "tone.bare-demand" for n in blank_linter.notes)


def test_tone_courteous_request_ignores_an_opening_please(linter: Linter) -> None:
    """An order that opens with "please" is still an order; "please" inside a request counts."""
    strengths = [s.text for s in linter.check("Please restart it. Restart it, please.").strengths]
    assert strengths == ["please"]


def _credited(linter: Linter, text: str, rule: str) -> list[str]:
    return [s.text for s in linter.check(text).strengths if s.rule == rule]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("That is a strange question.", ["strange question"]),
        ("Your approach is wrong.", ["approach is wrong"]),
        ("My explanation was confusing, sorry.", []),
        ("We made a poor choice of server.", []),
        ("That's not a bad idea.", []),
        ("The error message is strange.", []),
    ],
)
def test_tone_disparaging_judges_only_the_readers_work(
    linter: Linter, text: str, expected: list[str]
) -> None:
    assert _found(linter, text, "tone.disparaging") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("That is a strange question.", ["strange question"]),
        ("My strange question was answered.", []),
        ("The question is strange.", []),  # without a parse only "adjective noun" counts
    ],
)
def test_tone_disparaging_falls_back_to_adjacent_words_on_blank(
    blank_linter: Linter, text: str, expected: list[str]
) -> None:
    assert _found(blank_linter, text, "tone.disparaging") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The cable is probably loose.", ["probably"]),
        ("We'll probably have it back by Friday.", []),
        ("I think the update will fix it.", []),
    ],
)
def test_tone_hedged_opinion_leaves_hedged_promises(
    linter: Linter, text: str, expected: list[str]
) -> None:
    assert _credited(linter, text, "tone.hedged-opinion") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Glad it works again :)", ["Glad", ":)"]),
        ("That wasn't helpful, I know.", []),
        ("No, that is not great.", []),
    ],
)
def test_tone_warmth_skips_negated_words(linter: Linter, text: str, expected: list[str]) -> None:
    assert _credited(linter, text, "tone.warmth") == expected


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Which floor are you on?\n\nSam", True),
        ("How old is the laptop? It may be out of warranty.\n\nSam", True),
        ("Is the laptop on floor 2?\n\nSam", False),
        ("Which floor are you on? Thanks.\n\nSam", False),
    ],
)
def test_tone_blunt_question_counts_question_word_openings(
    linter: Linter, text: str, flagged: bool
) -> None:
    assert bool(_found(linter, text, "tone.blunt-question")) is flagged
