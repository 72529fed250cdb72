"""Finding a rule's lexicon entries in a message, for Python rules that need more than a match."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from commlint.nlp.compact import without_space_tokens


@lru_cache(maxsize=32)
def _matcher(vocab: Vocab, entries: frozenset[str]) -> PhraseMatcher:
    """One PhraseMatcher per vocabulary and word list, built on first use."""
    matcher = PhraseMatcher(vocab, attr="LOWER")
    make_doc = spacy.blank("en", vocab=vocab).make_doc  # split entries as messages are split
    matcher.add("entry", [make_doc(entry.lower()) for entry in sorted(entries)])
    return matcher


def lexicon_spans(doc: Doc, entries: frozenset[str]) -> list[Span]:
    """Longest non-overlapping spans of `doc` that are lexicon entries (case-insensitive).

    Matching skips whitespace tokens, as the engine's phrase rules do, so an entry split by a
    line break still matches.
    """
    if not entries:
        return []
    compact, index = without_space_tokens(doc)
    spans = [
        doc[index[start] : index[end - 1] + 1]
        for _, start, end in _matcher(doc.vocab, entries)(compact)
    ]
    return filter_spans(spans)
