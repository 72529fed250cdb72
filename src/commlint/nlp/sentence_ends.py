"""Sentence ends the splitters get wrong: abbreviations, links, stray punctuation, chat tildes.

The parser and the sentencizer take "ext. 4410" for two sentences ("... call me on ext." and
"4410 ..."), and may start a sentence on the colon before a link. Each false break inflates the
sentence count that the length rules and the reading grade rest on. This component runs before
the splitter makes its choice (before the parser, or after the sentencizer) and marks the
tokens that cannot start a sentence; a line break still starts one (`commlint_line_breaks`
runs after it).
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

FACTORY = "commlint_sentence_ends"
_NOT_START = numpy.iinfo(numpy.uint64).max  # SENT_START -1 ("not a start") in to_array's uint64

# Abbreviations that never end a sentence when a number or a lower-case word follows.
_BEFORE_NUMBER_OR_WORD = frozenset(
    {
        "approx", "appx", "ca", "cf", "dept", "e.g", "eg", "esp", "est", "etc", "excl", "ext",
        "i.e", "ie", "incl", "ph", "ref", "tel", "viz", "vs",
    }
)  # fmt: skip
# Abbreviations that are also everyday words ("the answer is no."): only before a number.
_BEFORE_NUMBER = frozenset(
    {
        "no", "nos", "nr", "num", "p", "pp", "fig", "vol", "ver", "v", "pt", "min", "mins", "hr",
        "hrs", "sec", "secs", "max", "rm", "bldg", "jan", "feb", "mar", "apr", "jun", "jul",
        "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
# Titles before a name: "Dr. Patel".
_BEFORE_NAME = frozenset({"mr", "mrs", "ms", "dr", "prof"})
# Punctuation that closes what came before it, so never opens a sentence.
_CLOSING = frozenset(",;:)]}.!?…")


def _abbreviation(doc: Doc, period: Token) -> str | None:
    """The abbreviation `period` ends, lower-cased without its last full stop: "ext" for the
    tokens "ext" "." and for the one token "ext."; None if it ends none."""
    if period.text == "." and period.i > 0:
        before = doc[period.i - 1]
        return None if before.whitespace_ else before.lower_
    if len(period) > 1 and period.text.endswith("."):
        return period.lower_[:-1]
    return None


def _continues(doc: Doc, token: Token) -> bool:
    """`token` carries on the sentence before it: it cannot be a sentence start."""
    before = doc[token.i - 1]
    if "\n" in before.text:
        return False  # a line break is `commlint_line_breaks`'s to judge
    if token.text in _CLOSING:
        return True
    if before.like_url and token.is_lower:
        return True  # "see https://example.com/help for details"
    if token.like_url and before.text == ":":
        return True  # "the steps are here: https://..."
    if token.like_num and before.like_num:
        return True  # the groups of a phone number: "555 0192"
    abbreviation = _abbreviation(doc, before)
    if abbreviation is None:
        return False
    if abbreviation in _BEFORE_NAME:
        return token.is_title
    if token.like_num or token.text == "#":
        return abbreviation in _BEFORE_NUMBER or abbreviation in _BEFORE_NUMBER_OR_WORD
    return token.is_lower and abbreviation in _BEFORE_NUMBER_OR_WORD


def _after_chat_end(doc: Doc, token: Token) -> bool:
    """A chat's tilde ends a sentence: "I am so sorry~ The staff asked ..." (the tokenizer
    keeps "sorry~" whole, so no splitter sees an end)."""
    before = doc[token.i - 1]
    return token.is_title and len(before) > 1 and before.text.endswith("~") and not before.like_url


@Language.component(FACTORY, assigns=["token.is_sent_start"])
def keep_sentences_whole(doc: Doc) -> Doc:
    """Mark the tokens after abbreviations and links, and closing punctuation, as not starting
    a sentence, and the word after a chat's tilde as starting one, leaving the splitter to
    choose among the rest."""
    starts = doc.to_array([SENT_START])  # set all at once: each `is_sent_start` rescans the Doc
    changed = False
    for token in doc[1:]:
        if token.is_space:
            continue
        if _continues(doc, token):
            starts[token.i] = _NOT_START
            changed = True
        elif _after_chat_end(doc, token):
            starts[token.i] = 1
            changed = True
    if changed:
        doc.from_array([SENT_START], starts)  # type: ignore[arg-type]  # uint64, as to_array gave
    return doc
