"""The plain_language pack: its lexicons, what its Python rules leave alone, and the audience."""

from __future__ import annotations

import pytest

from commlint import Config, Linter, Severity
from commlint.rules.loader import builtin_rules_dir, load_rules
from commlint.rules.model import as_term

LEXICONS = load_rules([builtin_rules_dir()]).lexicons
WORD_RULES = [
    "plain_language.jargon",
    "plain_language.jargon-acronym",
    "plain_language.unexplained-acronym",
    "plain_language.rare-word",
    "plain_language.technical-artefact",
]
JARGON_RULES = ["plain_language.jargon", "plain_language.jargon-acronym"]


def _texts(name: str) -> list[str]:
    return LEXICONS[name].texts()


@pytest.fixture(scope="module")
def technical() -> Linter:
    return Linter(Config(audience="technical"))


@pytest.fixture(scope="module")
def jargon_only() -> Linter:
    return Linter(Config(select=JARGON_RULES, pipeline="blank"))


def _rules_fired(linter: Linter, text: str) -> list[tuple[str, str]]:
    report = linter.check(text)
    return [(f.rule, f.text) for f in report.findings if f.rule in WORD_RULES]


@pytest.mark.parametrize(
    ("lexicons", "minimum"),
    [(["it-jargon", "plain-it-acronyms"], 400), (["plain-substitutions"], 150)],
)
def test_plain_language_lexicons_are_large_and_every_term_has_a_replacement(
    lexicons: list[str], minimum: int
) -> None:
    terms = [as_term(item) for name in lexicons for item in LEXICONS[name].entries]
    assert len({t.text.lower() for t in terms}) >= minimum
    assert [t.text for t in terms if not t.replacements] == []


def test_plain_language_everyday_words_are_many_and_never_jargon() -> None:
    everyday = {w.lower() for w in _texts("everyday-words")}
    assert len(everyday) >= 200
    jargon = {w.lower() for w in [*_texts("it-jargon"), *_texts("plain-it-acronyms")]}
    assert everyday & jargon == set()
    assert set(_texts("common-acronyms")) & set(_texts("plain-it-acronyms")) == set()


@pytest.mark.parametrize("word", sorted(set(_texts("everyday-words"))))
def test_plain_language_everyday_word_is_never_flagged(linter: Linter, word: str) -> None:
    assert _rules_fired(linter, f"I checked the {word} for you this morning.") == []


def test_plain_language_jargon_replacements_are_plain(jargon_only: Linter) -> None:
    replacements = sorted(
        {
            r
            for name in ("it-jargon", "plain-it-acronyms")
            for item in LEXICONS[name].entries
            for r in as_term(item).replacements
        }
    )
    assert [r for r in replacements if jargon_only.check(f"We saw {r} today.").findings] == []


@pytest.mark.parametrize(
    "text",
    [
        "Hi {{first_name}}, ticket {{acctnum}} for {{agentName}} is closed.",
        "Dear {firstname}, your {ticketid} is closed.",
        "Dear %ACCTNUM%, %CSRNAME% has closed it.",
        "Dear [Customer Name], [Agent Name] has closed it.",
        "Dear ${recipient_id}, <<AGENTNM>> has closed it.",
    ],
)
def test_plain_language_placeholders_are_never_flagged(linter: Linter, text: str) -> None:
    assert _rules_fired(linter, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The QRM is down; the QRM team is on it.", [("QRM", 4)]),
        ("The quarterly risk memo (QRM) is late.", []),
        ("The QRM (quarterly risk memo) is late.", []),
        ("Use the QRM. The quarterly risk memo (QRM) explains it.", []),
        ("The QRM and the TPX are both late.", [("QRM", 4), ("TPX", 16)]),
        ("We will look at it today. *QRM", []),
        ("PLEASE READ THIS BEFORE FRIDAY.", []),
        ("Send the PDF to HR.", []),
    ],
)
def test_plain_language_acronym_flagged_once_unless_defined(
    blank_linter: Linter, text: str, expected: list[tuple[str, int]]
) -> None:
    report = blank_linter.check(text)
    found = [
        (f.text, f.start) for f in report.findings if f.rule == "plain_language.unexplained-acronym"
    ]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "artefact"),
    [
        ("It failed with 0x80070005 again.", "0x80070005"),
        ("Chrome says ERR_NAME_NOT_RESOLVED.", "ERR_NAME_NOT_RESOLVED"),
        ("It threw a NullPointerException.", "NullPointerException"),
        ("We saw error 503 on the page.", "error 503"),
        ("Your PC is 192.168.1.20 on our side.", "192.168.1.20"),
        ("The adapter is 00:1A:2B:3C:4D:5E.", "00:1A:2B:3C:4D:5E"),
        ("Its address is fe80::1c2b:3aff:fe4d:5e6f now.", "fe80::1c2b:3aff:fe4d:5e6f"),
        ("Open \\\\fs01\\finance\\q3 to see it.", "\\\\fs01\\finance\\q3"),
        ("Check /etc/app/config.yml first.", "/etc/app/config.yml"),
        (
            'Trace:\nTraceback (most recent call last):\n  File "sync.py", line 4, in run\nDone.',
            'Traceback (most recent call last):\n  File "sync.py", line 4, in run',
        ),
    ],
)
def test_plain_language_technical_artefacts_are_flagged(
    blank_linter: Linter, text: str, artefact: str
) -> None:
    report = blank_linter.check(text)
    found = [f.text for f in report.findings if f.rule == "plain_language.technical-artefact"]
    assert found == [artefact]


@pytest.mark.parametrize(
    "text",
    [
        "See https://help.example.com/a/b/c?code=ERR_X_Y or write to it-help@example.com.",
        "The call is at 10:30:00 on 12/03 and costs 4.50.",
        "Your ticket 48213 is closed.",
    ],
)
def test_plain_language_links_times_and_numbers_are_not_artefacts(
    blank_linter: Linter, text: str
) -> None:
    report = blank_linter.check(text)
    assert [f.text for f in report.findings if f.rule == "plain_language.technical-artefact"] == []


def test_plain_language_technical_audience_makes_jargon_free(
    linter: Linter, technical: Linter
) -> None:
    text = "Hi Sam, the VLAN and the DNS server on the core switch failed at 0x80070005."
    general, tech = linter.check(text), technical.check(text)
    costly = {f.rule for f in general.findings if f.severity is not Severity.INFO}
    assert {"plain_language.jargon", "plain_language.jargon-acronym"} <= costly
    assert {
        "plain_language.technical-artefact",
    } <= costly
    tech_rules = [f for f in tech.findings if f.rule in WORD_RULES]
    assert tech_rules and all(f.severity is Severity.INFO and f.impact == 0 for f in tech_rules)
    assert tech.dimensions.plain_language.score > general.dimensions.plain_language.score


def test_plain_language_configured_severity_beats_audience() -> None:
    config = Config(
        audience="technical", severity={"plain_language.jargon": Severity.ERROR}, pipeline="blank"
    )
    report = Linter(config).check("The firewall blocked it.")
    assert [f.severity for f in report.findings if f.rule == "plain_language.jargon"] == [
        Severity.ERROR
    ]


def test_plain_language_hidden_actor_skipped_on_blank_with_a_note(blank_linter: Linter) -> None:
    notes = [n for n in blank_linter.notes if n.rule == "plain_language.hidden-actor"]
    assert notes and "dependency parse" in notes[0].message
