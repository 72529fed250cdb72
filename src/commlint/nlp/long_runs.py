"""Tokenize long runs without whitespace in linear time.

spaCy's tokenizer splits prefixes and suffixes off a whitespace-delimited chunk one at a time,
copying the rest of the chunk each time, so a chunk of n characters that is all punctuation,
emoji or entities (20,000 emoji, "&amp;" x 150,000) costs time in n squared: 87 s for 20,000
emoji (docs/reliability.md). No word of a message is that long; such a run is noise, a pasted
blob or an attack. Runs up to `MAX_RUN` characters, and web addresses up to `MAX_URL`, are
tokenized as spaCy would; a longer run becomes opaque tokens of `MAX_RUN` characters each,
which no rule reads as words. The Doc's text is the input, character for character.
"""

from __future__ import annotations

from collections.abc import Callable

import re2
from spacy.language import Language
from spacy.tokens import Doc

MAX_RUN = 200
"""Longest run of non-space characters tokenized as usual (a long URL or path fits)."""
MAX_URL = 4096
"""A web address up to this long stays one run."""

_LONG_RUN = re2.compile(rf"\S{{{MAX_RUN + 1},}}")
_URL = re2.compile(r"(?i)(?:https?://|www\.)")


class LongRunTokenizer:
    """spaCy's tokenizer, with runs longer than `MAX_RUN` non-space characters cut into pieces."""

    def __init__(self, nlp: Language, tokenizer: Callable[[str], Doc]) -> None:
        self.vocab = nlp.vocab
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        runs = [
            (m.start(), m.end())
            for m in _LONG_RUN.finditer(text)
            if not (_URL.match(m.group()) and m.end() - m.start() <= MAX_URL)
        ]
        if not runs:
            return self.tokenizer(text)
        docs: list[Doc] = []
        at = 0
        for start, end in runs:
            if at < start:
                docs.append(self.tokenizer(text[at:start]))
            pieces = [text[i : min(i + MAX_RUN, end)] for i in range(start, end, MAX_RUN)]
            spaces = [False] * len(pieces)
            at = end
            if text.startswith(" ", end):  # one space after a word belongs to it, as in spaCy
                spaces[-1] = True
                at += 1
            docs.append(Doc(self.vocab, words=pieces, spaces=spaces))
        if at < len(text):
            docs.append(self.tokenizer(text[at:]))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def __getattr__(self, name: str) -> object:
        """The wrapped tokenizer's other attributes (`explain`, `rules`, `to_disk`...)."""
        if name == "tokenizer":  # not set yet (unpickling): don't recurse
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def bound_long_runs(nlp: Language) -> None:
    """Make `nlp` tokenize long runs without whitespace in linear time."""
    if not isinstance(nlp.tokenizer, LongRunTokenizer):
        nlp.tokenizer = LongRunTokenizer(nlp, nlp.tokenizer)
