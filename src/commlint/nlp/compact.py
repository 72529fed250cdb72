"""A Doc without whitespace tokens, for matching across hard-wrapped lines."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from spacy.attrs import LEMMA, MORPH, NORM, POS, SENT_START, TAG
from spacy.tokens import Doc

_COPIED_ATTRS = [LEMMA, NORM, POS, TAG, MORPH, SENT_START]
_compact_docs: WeakKeyDictionary[Doc, tuple[Doc, list[int]]] = WeakKeyDictionary()


def without_space_tokens(doc: Doc) -> tuple[Doc, list[int]]:
    """A copy of `doc` without whitespace tokens, and each kept token's index in `doc`.

    spaCy makes a token of every line break and extra space, so "nothing else\nwe can do" (a
    hard-wrapped line) would never match the phrase "nothing else we can do". Token and phrase
    patterns run on this copy; its tokens carry the original's lemmas, norms, tags and sentence
    starts.
    The copy is made once per `doc` (the engine and several rule functions ask for it) and must
    not be changed.
    """
    cached = _compact_docs.get(doc)
    if cached is not None:
        return cached
    keep = [t.i for t in doc if not t.is_space]
    compact = doc
    if len(keep) < len(doc):
        compact = Doc(doc.vocab, words=[doc[i].text for i in keep], spaces=[True] * len(keep))
        if keep:
            compact.from_array(_COPIED_ATTRS, doc.to_array(_COPIED_ATTRS)[keep])  # type: ignore[arg-type]
    _compact_docs[doc] = compact, keep
    return compact, keep
