"""`commlint_imperatives`: a sentence that opens with a word taking an object is an order.

The tagger sometimes reads a capitalised verb at the start of a sentence as a name, noun or
adjective ("Restart the router." as PROPN), most often for IT verbs that are rare in the
treebank (restart, unplug, re-enter). The parser still attaches "the router" to it as its
object, and in UD only verbs take an `obj`. So when the first word of a sentence is its root,
has an object and no subject, and is tagged as something other than a verb, this component
re-tags it as an imperative verb (VERB, VB, Mood=Imp|VerbForm=Fin, lower-case lemma). It runs
after the parser and the lemmatizers; it is registered with spaCy through an entry point.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, MorphAnalysis

FACTORY = "commlint_imperatives"
_NOT_VERBS = frozenset({"PROPN", "NOUN", "ADJ", "ADP", "X", "INTJ"})
_SUBJECTS = frozenset({"nsubj", "nsubj:pass", "csubj", "expl"})
_IMPERATIVE = "Mood=Imp|VerbForm=Fin"


def retag_imperatives(doc: Doc) -> Doc:
    """Re-tag a sentence-opening root that heads an object but was not tagged a verb."""
    for sent in doc.sents:
        first = next((t for t in sent if not (t.is_space or t.is_punct)), None)
        if first is None or first.head.i != first.i or first.pos_ not in _NOT_VERBS:
            continue
        deps = {child.dep_ for child in first.children}
        if "obj" in deps and not deps & _SUBJECTS and first.text[:1].isupper():
            first.pos_, first.tag_ = "VERB", "VB"
            first.morph = MorphAnalysis(doc.vocab, _IMPERATIVE)
            first.lemma_ = first.text.lower()
    return doc


@Language.component(FACTORY, assigns=["token.pos", "token.tag", "token.morph", "token.lemma"])
def imperatives(doc: Doc) -> Doc:
    """spaCy component (entry point `spacy_factories`)."""
    return retag_imperatives(doc)
