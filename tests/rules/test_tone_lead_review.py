"""Issue 19, tone pack: what the rules' own YAML examples cannot show (chat shorthand read as
the words it stands for, one rule yielding to another, subject lines, names in capitals)."""

from __future__ import annotations

from pathlib import Path

import pytest

from commlint import Linter, RuleError
from commlint.extract import extract
from commlint.rules.loader import load_rules


def _found(linter: Linter, text: str, rule: str) -> list[str]:
    return [f.text for f in linter.check(text).findings if f.rule == rule]


@pytest.mark.parametrize(
    ("text", "rule", "expected"),
    [
        ("Obviously u should have rebooted.", "tone.blame", ["u should have rebooted"]),
        ("U didn't read the steps.", "tone.blame", ["U didn't read"]),
        ("Per ur last email, the form is ready.", "tone.blame", []),
        ("The fault is on ur side.", "tone.blame", ["fault is on ur side"]),
        ("Surely u saw the warning.", "tone.condescending", ["Surely u"]),
        ("U clearly ignored the warning.", "tone.accusation", ["U clearly ignored"]),
    ],
)
def test_tone_chat_shorthand_reads_as_the_word(
    linter: Linter, text: str, rule: str, expected: list[str]
) -> None:
    """Blame and condescension see "u" as "you" and "ur" as "your" (commlint.nlp.chat_norms)."""
    assert _found(linter, text, rule) == expected


def test_tone_chat_norms_leave_a_name_alone(linter: Linter) -> None:
    """A brand's persona ("Little U") is a name: neither shorthand nor "you"."""
    doc = linter.pipeline.nlp("Little U understands your feeling. Obviously u should restart.")
    assert [t.norm_ for t in doc if t.lower_ == "u"] == ["u", "you"]


@pytest.mark.parametrize(
    "text",
    [
        "PER MY LAST EMAIL, the form is on the intranet.",
        "AS MENTIONED IN MY PREVIOUS EMAIL, the form is on the intranet.",
    ],
)
def test_tone_shouted_blame_is_reported_as_blame_only(linter: Linter, text: str) -> None:
    """Lower-casing blame would not fix it: shouting yields to blame where they overlap."""
    rules = [f.rule for f in linter.check(text).findings if f.rule.startswith("tone.")]
    assert rules == ["tone.blame"]


def test_tone_shouting_still_flags_capitals_beside_blame(linter: Linter) -> None:
    text = "Per my last email, PLEASE DO NOT restart the server."
    assert _found(linter, text, "tone.shouting") == ["PLEASE DO NOT"]
    assert _found(linter, text, "tone.blame") == ["Per my last email"]


def test_rules_yields_to_must_name_a_rule(tmp_path: Path) -> None:
    folder = tmp_path / "tone"
    folder.mkdir()
    (folder / "loud.yml").write_text(
        "id: tone.loud\nkind: phrase\nweight: 1\nmessage: loud\ndescription: d\nrationale: r\n"
        "phrases: [loud]\nyields_to: [tone.nothing]\n"
        "examples: {flag: ['[[loud]]'], ok: [quiet]}\n"
    )
    with pytest.raises(RuleError, match=r"yields_to names unknown rule 'tone\.nothing'"):
        load_rules([tmp_path])


@pytest.mark.parametrize(
    ("text", "shouted"),
    [
        ("Calm down, the SMART check passed.", []),  # a term the acronym lexicons know
        ("What kind of operation do you run in WORD?", []),  # a name, by the tagger
        ("Please do NOT restart the server.", ["NOT"]),
    ],
)
def test_tone_shouting_knows_terms_and_names(linter: Linter, text: str, shouted: list[str]) -> None:
    assert _found(linter, text, "tone.shouting") == shouted


REPLY = "Hi Sam,\n\nYour laptop is fixed: the fan was clogged. Ring me on 4410 if it gets hot.\n"


@pytest.mark.parametrize(
    "draft",
    [
        f"Re: laptop broken!!! WHY IS IT STILL BROKEN??\n\n{REPLY}",
        f"\nFwd: laptop broken!!!\n{REPLY}",
        f"{REPLY}\nSubject: RE: laptop broken!!!\n",
    ],
)
def test_extract_reply_subject_line_is_quoted(linter: Linter, draft: str) -> None:
    """The customer's subject, echoed as "Re: ...", is not the writer's tone."""
    report = linter.check(extract(draft.encode(), "text"))
    assert not [f for f in report.findings if f.rule == "tone.shouting"]
    assert [e.reason for e in report.excluded] == ["quoted_reply"]


def test_extract_own_subject_line_and_re_in_the_body_are_kept() -> None:
    text = "Subject: Your laptop\n\nHi Sam,\nRe: your question, the fan was clogged.\n"
    assert extract(text.encode(), "text").text == text


@pytest.mark.parametrize(
    ("subject", "excluded"),
    [("Re: laptop broken!!!", True), ("AW: Laptop kaputt!!!", True), ("Laptop ready", False)],
)
def test_extract_eml_reply_subject_is_excluded(subject: str, excluded: bool) -> None:
    data = f"From: desk@example.org\nSubject: {subject}\n\nHi Sam, it is fixed.\n".encode()
    extracted = extract(data, "eml")
    assert (subject in extracted.text) is not excluded
    assert bool(extracted.excluded) is excluded
