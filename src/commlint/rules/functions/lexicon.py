"""Finding a rule's lexicon entries in a message, for Python rules that need more than a match."""

from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from commlint.nlp.compact import without_space_tokens
from commlint.nlp.phrases import phrase_matcher


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
        for _, start, end in phrase_matcher(doc.vocab, entries)(compact)
    ]
    return filter_spans(spans)
