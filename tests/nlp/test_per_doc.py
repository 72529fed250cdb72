"""Per-Doc memoisation (commlint.nlp.per_doc): one answer per Doc and arguments."""

from __future__ import annotations

import gc

import spacy
from spacy.tokens import Doc

from commlint.nlp.per_doc import _answers, per_doc

calls: list[tuple[str, int]] = []


@per_doc
def _long_words(doc: Doc, length: int) -> tuple[str, ...]:
    calls.append((doc.text, length))
    return tuple(t.text for t in doc if len(t) >= length)


def test_per_doc_computes_once_per_doc_and_arguments() -> None:
    nlp = spacy.blank("en")
    first, second = nlp("restart the workstation"), nlp("restart the workstation")
    calls.clear()
    assert _long_words(first, 7) == ("restart", "workstation")
    assert _long_words(first, 7) is _long_words(first, 7)
    assert _long_words(first, 8) == ("workstation",)
    assert _long_words(second, 7) == ("restart", "workstation")
    assert calls == [(first.text, 7), (first.text, 8), (second.text, 7)]


def test_per_doc_forgets_a_doc_with_the_doc() -> None:
    doc = spacy.blank("en")("one two")
    _long_words(doc, 3)
    assert doc in _answers
    del doc
    gc.collect()
    assert not any(d.text == "one two" for d in _answers)
