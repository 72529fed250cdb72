"""Word lists as spaCy PhraseMatchers, tokenized by the same English rules as messages.

Building a tokenizer costs about 0.15 s, so one is built per vocabulary and shared by every
rule function and the kind detector; each word list's matcher is built once, on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab


@lru_cache(maxsize=4)
def english_make_doc(vocab: Vocab) -> Callable[[str], Doc]:
    """spaCy's English tokenizer on `vocab` (whichever pipeline analysed the message)."""
    make_doc: Callable[[str], Doc] = spacy.blank("en", vocab=vocab).make_doc
    return make_doc


@lru_cache(maxsize=64)
def phrase_matcher(vocab: Vocab, phrases: frozenset[str], *, exact: bool = False) -> PhraseMatcher:
    """A PhraseMatcher of `phrases` (match key "phrase"): case-insensitive, or with `exact`
    only as written ("SAN", not "San")."""
    matcher = PhraseMatcher(vocab, attr="ORTH" if exact else "LOWER")
    make_doc = english_make_doc(vocab)
    matcher.add("phrase", [make_doc(p if exact else p.lower()) for p in sorted(phrases)])
    return matcher
