"""Parse a long message as a batch of pieces: the pipeline is fastest on many short Docs.

spaCy's parser advances every Doc of a batch one step at a time, so the cost of a step is
shared by the batch; one long Doc pays it alone at every token, and runs at half the speed of
the same words in short Docs (docs/reliability.md). A message longer than `LONG_TEXT` characters
is cut at paragraph breaks (or, failing those, at line or sentence ends) into pieces of about
`PIECE` characters, parsed with `nlp.pipe`, and joined back into one Doc whose text is the
message exactly. A blank line always starts a sentence (`commlint_line_breaks`), so the parse
only changes where the tok2vec layer's few tokens of context reach across a cut.
Shorter messages, nearly all of them, are parsed whole, as before.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

LONG_TEXT = 10_000
"""Messages up to this many characters are parsed as one Doc."""
PIECE = 4_000
"""The most characters in one piece of a longer message."""
_CUTS = ("\n\n", ".\n", "!\n", "?\n", "\n", ". ", " ")  # best first: where to end a piece


def _cut(text: str, start: int) -> int:
    """Where the piece that starts at `start` ends: after the best break in its second half."""
    end = start + PIECE
    if end >= len(text):
        return len(text)
    for mark in _CUTS:
        found = text.rfind(mark, start + PIECE // 2, end)
        if found != -1:
            return found + len(mark)
    return end


def pieces(text: str) -> list[str]:
    """`text` as the pipeline parses it: whole up to `LONG_TEXT` characters, else cut into
    pieces of at most `PIECE` characters at the best breaks found."""
    if len(text) <= LONG_TEXT:
        return [text]
    cuts: list[str] = []
    start = 0
    while start < len(text):
        end = _cut(text, start)
        cuts.append(text[start:end])
        start = end
    return cuts


def join(docs: list[Doc]) -> Doc:
    """The Docs of one message's pieces as one Doc."""
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


def parse(nlp: Language, text: str) -> Doc:
    """`nlp(text)`, in pieces when the text is long (the same text, parsed faster)."""
    cut = pieces(text)
    return nlp(text) if len(cut) == 1 else join(list(nlp.pipe(cut)))
