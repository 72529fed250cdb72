"""`commlint_chat_norms`: chat shorthand for "you", "your" and "are" gets the full word as its norm.

"Obviously u should have rebooted" blames the reader as much as "you should have" does, but a
rule that looks for "you" would never see it. This component sets each such token's `NORM`
to the word it stands for, so rules that match on `NORM` ("you", "your") read through the
shorthand, while `tone.chatspeak` still flags it on the text as written. A capital letter
in a name ("Little U", a brand's persona) keeps its norm. It runs after the models, so their
annotations do not change.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

FACTORY = "commlint_chat_norms"
# shorthand -> the word it stands for; "r" only as typed in lower case ("R" is a language)
_NORMS = {
    "u": "you",
    "U": "you",
    "ya": "you",
    "ur": "your",
    "Ur": "your",
    "urs": "yours",
    "urself": "yourself",
    "r": "are",
}


def name_letter(token: Token) -> bool:
    """A capital letter that is part of a name by the tagger and its neighbours: after a
    capitalised word or an adjective ("Little U", "Xiao U", "tell little U") or before a verb
    in the third person ("U suggests"), not "U should"."""
    if not (len(token) == 1 and token.is_upper and token.pos_ == "PROPN"):
        return False
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (before is not None and (before.is_title or before.pos_ == "ADJ")) or (
        after is not None and after.tag_ == "VBZ"
    )


@Language.component(FACTORY, assigns=["token.norm"])
def chat_norms(doc: Doc) -> Doc:
    """Set the norm of chat shorthand tokens to the word they stand for."""
    for token in doc:
        norm = _NORMS.get(token.text)
        if norm is not None and not name_letter(token):  # "Little U" is a name
            token.norm_ = norm
    return doc
