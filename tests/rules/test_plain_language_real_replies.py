"""Issue 19, plain-language pack, second round: labels the reader is asked for, rare-word
look-alikes (prefixed words, agent nouns, spelling slips, text to type, brands) and passives
whose actor the message names anyway. The rules' YAML examples cover the single cases."""

from __future__ import annotations

import pytest

from commlint import Linter
from commlint.nlp.measures import label_lists
from commlint.rules.functions.plain_language import _slip, _transparent


def _hits(linter: Linter, rule: str, text: str) -> list[str]:
    return [f.text for f in linter.check(text, kind="general").findings if f.rule == rule]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Could you share your specs (OS, CPU, RAM GPU)?", ["OS", "CPU", "RAM", "GPU"]),
        ("Open Mail - POP3/IMAP/SMTP and tick the box.", ["POP3", "IMAP", "SMTP"]),
        ("What is your set-up? RAM, OS, CPU and disk.", ["RAM", "OS", "CPU"]),
        # a list nobody is asked for or pointed at is prose: its jargon is judged
        ("Your VPN, DNS and DHCP settings were reset.", []),
        ("Could you share the specs (OS, CPU)?", []),  # two are not a list of labels
    ],
)
def test_label_lists(linter: Linter, text: str, labels: list[str]) -> None:
    doc = linter.pipeline.nlp(text)
    assert [doc[i].text for i in sorted(label_lists(doc))] == labels


def test_label_list_is_no_jargon_wall_but_prose_acronyms_are(linter: Linter) -> None:
    asked = (
        "Sorry the app keeps closing on you. Does it happen with every project? Could you"
        " share your system details (OS, CPU, RAM, GPU)? Let us know and we will help you"
        " fix it today."
    )
    assert _hits(linter, "plain_language.jargon-wall", asked) == []
    assert _hits(linter, "plain_language.jargon-acronym", asked) == []
    told = "Your VPN, DNS and DHCP settings were reset."
    assert _hits(linter, "plain_language.jargon-acronym", told) == ["VPN", "DNS", "DHCP"]


@pytest.mark.parametrize(
    ("word", "transparent"),
    [
        ("rebooking", True),
        ("nonrefundable", True),
        ("uploader", True),
        ("misfiled", False),  # "mis-" changes the meaning: still a rare word
        ("obfuscated", False),
    ],
)
def test_transparent_words(word: str, transparent: bool) -> None:
    assert _transparent(word) is transparent


@pytest.mark.parametrize(
    ("word", "slip"),
    [("editted", True), ("recieved", True), ("temporally", False), ("determinate", False)],
)
def test_spelling_slips_are_not_rare_words(word: str, slip: bool) -> None:
    """A one-letter slip of a common word is left to a spell checker; a real but misused
    word ("temporally" for "temporarily") still reads as rare and is reported."""
    assert _slip(word) is slip


def test_rare_word_keeps_real_rare_words(linter: Linter) -> None:
    text = "Your account was temporally suspended; the cause was unperceived."
    assert _hits(linter, "plain_language.rare-word", text) == ["temporally", "unperceived"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Has the file been locked since you signed it?", []),
        ("Your ticket has been recorded and our desk will call you.", []),
        ("Your order has been cancelled, please wait for us to ring you.", []),
        ("We have refunded you. The money will be returned to your card today.", []),
        ("The issue has been forwarded to the relevant staff.", ["The issue has been forwarded"]),
        (
            "Thanks for writing to us. Your laptop was re-imaged this morning.",
            ["Your laptop was re-imaged"],
        ),
    ],
)
def test_hidden_actor_named_elsewhere(linter: Linter, text: str, expected: list[str]) -> None:
    assert _hits(linter, "plain_language.hidden-actor", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You can sign in to your XBL account again now.", []),
        ("You can also use our QX Cloud Backup.", []),
        ("Please ask Xiao ZO for the form.", []),
        ("The KO system needs the KOUI update.", ["KOUI"]),  # "KO" starts a longer name
        ("Please update the WPR before Friday.", ["WPR"]),
        ("Your SR is with the desk team now.", ["SR"]),
    ],
)
def test_unexplained_acronym_names(linter: Linter, text: str, expected: list[str]) -> None:
    assert _hits(linter, "plain_language.unexplained-acronym", text) == expected
