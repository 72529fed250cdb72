"""Issue 19, plain-language pack: one acronym policy for both acronym rules, suggestions about
the acronym at hand, and length findings that fit the message."""

from __future__ import annotations

import pytest

from commlint import Config, Linter

ACRONYM_RULES = ("plain_language.jargon-acronym", "plain_language.unexplained-acronym")


@pytest.fixture(scope="module")
def team_linter() -> Linter:
    """A team that allows its own acronyms, a jargon one (VPN) and a coined one (CMR)."""
    return Linter(Config(allow_words=["VPN", "CMR"]))


def _acronym_findings(linter: Linter, text: str) -> list[tuple[str, str, list[str]]]:
    report = linter.check(text, kind="general")
    return [(f.rule, f.text, f.suggestions) for f in report.findings if f.rule in ACRONYM_RULES]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # undefined jargon acronym: one finding, at the first use, with a plain description
        (
            "SSO is on now. SSO covers email too.",
            [("plain_language.jargon-acronym", "SSO", ["one sign-in for all your work apps"])],
        ),
        # defined (expansion, then acronym in brackets): fine there and after
        ("We turned on multi-factor authentication (MFA). MFA asks for a code.", []),
        # defined (acronym, then a plain explanation in brackets)
        ("The VPN (the secure link to the office network) is back. Use the VPN as usual.", []),
        # defined later in the message: fine too
        ("The CMR queue is stuck. The change management record (CMR) forms will be late.", []),
        # undefined coined acronym: one finding, a template about this acronym
        (
            "The CMR queue is stuck, so the CMR forms will be late.",
            [("plain_language.unexplained-acronym", "CMR", [])],
        ),
        # known to everyone
        ("Please send the PDF from your PC by USB.", []),
        # a coined acronym the lexicon can spell out: the suggestion is about this acronym
        (
            "I will send it back by COB today.",
            [("plain_language.unexplained-acronym", "COB", ["close of business (COB)"])],
        ),
    ],
    ids=["jargon-once", "defined", "explained", "defined-later", "coined", "common", "cob"],
)
def test_acronym_policy(linter: Linter, text: str, expected: list[object]) -> None:
    assert _acronym_findings(linter, text) == expected


def test_acronym_fix_names_the_acronym(linter: Linter) -> None:
    """The fix is about this acronym, not the same 'access control list (ACL)' every time."""
    for acronym in ("CMR", "WPR"):
        report = linter.check(f"Please update the {acronym} before Friday.", kind="general")
        (finding,) = [f for f in report.findings if f.rule == "plain_language.unexplained-acronym"]
        assert finding.fix is not None and f"({acronym})" in finding.fix
        assert "ACL" not in finding.fix


def test_acronym_allow_words_hold_for_both_rules(linter: Linter, team_linter: Linter) -> None:
    text = "Connect to the VPN, then update the CMR form."
    assert {rule for rule, _, _ in _acronym_findings(linter, text)} == set(ACRONYM_RULES)
    assert _acronym_findings(team_linter, text) == []


def test_acronym_one_finding_per_span(linter: Linter) -> None:
    """A jargon term holding an acronym is reported once, by the jargon rule."""
    report = linter.check("The DNS server stopped answering at 9 am.", kind="general")
    spans = [
        (f.start, f.end) for f in report.findings if f.rule.startswith("plain_language.jargon")
    ]
    assert len(spans) == 1
    assert [f.rule for f in report.findings if f.text == "DNS server"] == ["plain_language.jargon"]


@pytest.mark.parametrize(
    ("text", "rule", "flagged"),
    [
        # a tweet of short sentences is not a wall of text
        (
            "@sam_k Hi Sam! Thanks for the tweet. Sorry about that. Which phone is it? "
            "Is it on the latest update? Let us know. ^AB",
            "plain_language.long-paragraph",
            False,
        ),
        # "ext." does not cut a sentence in two
        (
            "Hi Dana,\n\nIf the printer on the second floor still shows the same paper error "
            "after you have restarted it twice, please call me on ext. 4410 before noon and I will "
            "come up and look at it with you.\n\nPriya",
            "plain_language.long-sentence",
            True,
        ),
    ],
    ids=["tweet", "ext"],
)
def test_length_findings_fit_the_message(
    linter: Linter, text: str, rule: str, flagged: bool
) -> None:
    report = linter.check(text, kind="general")
    assert any(f.rule == rule for f in report.findings) is flagged
