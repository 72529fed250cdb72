"""Reading grade, placeholders and the De-Jargonizer-style jargon rate."""

from __future__ import annotations

import pytest
import textstat
from spacy.language import Language

from commlint import Linter
from commlint.nlp.measures import (
    DALE_CHALL_GRADES,
    Band,
    JargonMeter,
    band,
    placeholder_spans,
    readability,
    reading_grade,
    table_grade,
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


def test_measures_readability_uses_parsed_sentences(nlp: Language) -> None:
    text = "Hi Dana\n\nYour laptop is fixed\n\nYou can pick it up today\n\nThanks\nSam"
    counts = readability(nlp(text))
    assert counts is not None and counts.sentences == 5
    assert counts.flesch_kincaid_grade < textstat.flesch_kincaid_grade(text)


def test_measures_readability_matches_textstat_on_one_sentence(nlp: Language) -> None:
    text = "We replaced the expired security certificate on the sign-in server this morning."
    counts = readability(nlp(text))
    assert counts is not None
    assert counts.flesch_kincaid_grade == pytest.approx(textstat.flesch_kincaid_grade(text), 0.01)
    assert counts.flesch_reading_ease == pytest.approx(textstat.flesch_reading_ease(text), 0.01)


@pytest.mark.parametrize(
    ("text", "unfamiliar"),
    [
        ("Last week Dana fixed the chairs and painted the walls.", 0),  # a name, inflections
        ("We remediated the misconfigured endpoint.", 3),
    ],
)
def test_measures_readability_dale_chall_familiar_words(
    linter: Linter, text: str, unfamiliar: int
) -> None:
    counts = readability(linter.pipeline.nlp(text))
    assert counts is not None and counts.unfamiliar == unfamiliar


@pytest.mark.parametrize(
    ("score", "grade"),
    [(4.0, 3.0), (5.0, 5.0), (5.5, 6.0), (7.0, 9.0), (9.5, 14.5), (10.0, 16.0), (11.0, 19.0)],
)
def test_measures_table_grade_reads_dale_chall_table(score: float, grade: float) -> None:
    assert table_grade(score, DALE_CHALL_GRADES) == pytest.approx(grade)


def test_measures_reading_grade_is_the_mean_of_two_formulas(linter: Linter) -> None:
    doc = linter.pipeline.nlp("Your new laptop is ready. You can pick it up at the front desk.")
    counts = readability(doc)
    assert counts is not None
    assert reading_grade(doc) == (counts.flesch_kincaid_grade + counts.dale_chall_grade) / 2


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
