"""Reading grade, placeholders and the De-Jargonizer-style jargon rate."""

from __future__ import annotations

import pytest
import textstat
from spacy.language import Language

from commlint import Linter
from commlint.nlp.measures import (
    Band,
    JargonMeter,
    band,
    placeholder_spans,
    reading_grade,
)


@pytest.fixture(scope="module")
def nlp(blank_linter: Linter) -> Language:
    return blank_linter.pipeline.nlp


@pytest.mark.parametrize(
    ("text", "placeholders"),
    [
        ("Hi {{first_name}},", ["{{first_name}}"]),
        ("Dear {name} and ${agent.id}", ["{name}", "${agent.id}"]),
        ("Dear %NAME%, 50% off", ["%NAME%"]),
        ("Dear [Customer Name], see [below]", ["[Customer Name]"]),
        ("Dear <<Agent>>", ["<<Agent>>"]),
        ("No placeholders {} here", []),
    ],
)
def test_measures_placeholder_spans(text: str, placeholders: list[str]) -> None:
    assert [text[s:e] for s, e in placeholder_spans(text)] == placeholders


def test_measures_reading_grade_none_without_words(nlp: Language) -> None:
    assert reading_grade(nlp("... !!")) is None


def test_measures_reading_grade_uses_parsed_sentences(nlp: Language) -> None:
    text = "Hi Dana\n\nYour laptop is fixed\n\nYou can pick it up today\n\nThanks\nSam"
    grade = reading_grade(nlp(text))
    assert grade is not None and grade < textstat.flesch_kincaid_grade(text)


def test_measures_reading_grade_ignores_links(nlp: Language) -> None:
    plain = reading_grade(nlp("Read the guide at our help page today."))
    linked = reading_grade(
        nlp("Read the guide at https://help.example.com/articles/remote-access-setup today.")
    )
    assert plain is not None and linked is not None and linked < plain


@pytest.mark.parametrize(
    ("zipf", "expected"),
    [(5.0, Band.COMMON), (4.0, Band.COMMON), (3.0, Band.MID), (2.0, Band.RARE)],
)
def test_measures_band(zipf: float, expected: Band) -> None:
    assert band(zipf) is expected


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("printer access control list", 0.75),  # 3 of 4 words are one jargon term
        ("the printer works", 0.0),
        ("Hi {{acctnum}}", 0.0),  # the placeholder is not a word
        ("... 42 !", None),
    ],
)
def test_measures_jargon_rate(nlp: Language, text: str, rate: float | None) -> None:
    meter = JargonMeter(nlp, ["access control list"], ["printer"])
    assert meter.rate(nlp(text)) == rate


def test_measures_jargon_rate_mid_frequency_counts_half(nlp: Language) -> None:
    meter = JargonMeter(nlp, [], [])
    assert meter.rate(nlp("the firewall")) == 0.25  # "firewall" is mid-frequency (Zipf 3.2)


def test_measures_jargon_rate_in_report_stats(linter: Linter) -> None:
    plain = linter.check("Hi Dana, your laptop is fixed. You can pick it up today.")
    technical = linter.check("Hi Dana, we re-imaged your laptop and rebuilt the VLAN ACLs.")
    assert plain.stats.jargon_rate is not None and technical.stats.jargon_rate is not None
    assert plain.stats.jargon_rate < 0.05 < technical.stats.jargon_rate
