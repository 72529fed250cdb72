"""`commlint_imperatives`: a sentence-opening root with an object is re-tagged as an order."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from commlint.nlp.imperatives import retag_imperatives


def _parsed(words: list[str], pos: list[str], heads: list[int], deps: list[str]) -> Doc:
    """A doc as the tagger and parser left it (`heads` are absolute token indexes)."""
    return Doc(
        spacy.blank("en").vocab,
        words=words,
        pos=pos,
        heads=heads,
        deps=deps,
        sent_starts=[True] + [False] * (len(words) - 1),
    )


def test_a_root_with_an_object_mistagged_as_a_name_becomes_an_imperative_verb() -> None:
    doc = retag_imperatives(
        _parsed(
            ["Restart", "the", "router", "."],
            ["PROPN", "DET", "NOUN", "PUNCT"],
            [0, 2, 0, 0],
            ["ROOT", "det", "obj", "punct"],
        )
    )
    first = doc[0]
    assert (first.pos_, first.tag_, str(first.morph), first.lemma_) == (
        "VERB",
        "VB",
        "Mood=Imp|VerbForm=Fin",
        "restart",
    )


@pytest.mark.parametrize(
    ("words", "pos", "heads", "deps"),
    [
        # a subject of its own: whatever it is, not an order
        (["Testing", "we", "it"], ["NOUN", "PRON", "PRON"], [0, 0, 0], ["ROOT", "nsubj", "obj"]),
        # no object: "Update: the server is back" style headings stay as tagged
        (["Update", ":", "back"], ["NOUN", "PUNCT", "ADV"], [0, 0, 0], ["ROOT", "punct", "advmod"]),
        # the first word is not the root
        (["Open", "Outlook"], ["ADJ", "PROPN"], [1, 1], ["amod", "ROOT"]),
    ],
)
def test_other_sentence_openings_are_left_alone(
    words: list[str], pos: list[str], heads: list[int], deps: list[str]
) -> None:
    doc = retag_imperatives(_parsed(words, pos, heads, deps))
    assert [t.pos_ for t in doc] == pos
