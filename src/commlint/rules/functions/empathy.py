"""Python rule functions for the empathy dimension."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span

from commlint.nlp.per_doc import text_of
from commlint.report import MessageKind
from commlint.rules.functions.lexicon import lexicon_spans
from commlint.rules.registry import Match, RuleContext, rule_function

_CLOSINGS = frozenset(
    {
        "thanks", "thank you", "many thanks", "thanks again", "thank you again", "best",
        "best wishes", "regards", "best regards", "kind regards", "warm regards", "cheers",
        "sincerely", "yours sincerely", "yours", "all the best", "take care", "speak soon",
        "talk soon", "with thanks",
    }
)  # fmt: skip
"""Closing formulas: the line after one (or the text after its comma) is the signature."""

_CLOSING_WINDOW = 4  # a sign-off sits in the last few non-blank lines
_MAX_NAME_WORDS = 5
_NAME_CONNECTORS = frozenset({"and", "of", "the", "from", "for", "at", "-", "&"})
_DASHES = "-\u2013\u2014~ "  # hyphen, en and em dashes


@rule_function("commlint.reader_goal.v1")
def reader_goal(doc: Doc, ctx: RuleContext, *, window: int = 4) -> Iterator[Match]:
    """A goal word (the rule's lexicon) with "your" at most `window` words before it.

    "your" must be in the same clause (no punctuation other than hyphens in between), so "your
    laptop, and the meeting" does not count.
    """
    for span in lexicon_spans(doc, ctx.words):
        for token in reversed(doc[max(0, span.start - window) : span.start]):
            if token.lower_ in {"your", "yours"}:
                yield Match(token.idx, span.end_char)
                break
            if (token.is_punct and token.text != "-") or "\n" in token.text:
                break


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their start offsets, leading and trailing space removed."""
    found: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            found.append((pos + line.index(stripped[0]), stripped))
        pos += len(line)
    return found


def _normal(text: str) -> str:
    """Lower case, without dashes in front, trailing punctuation, or a leading "the"."""
    text = text.strip(_DASHES).rstrip(".,!;:").strip().lower()
    return text.removeprefix("the ").strip()


def _is_closing(line: str) -> bool:
    """`Thanks,` `Best regards` or a short thanks line ending in a comma (`Thanks again,`)."""
    normal = _normal(line)
    if normal in _CLOSINGS:
        return True
    words = normal.split()
    return line.endswith(",") and 0 < len(words) <= 8 and words[0] in {"thanks", "thank", "many"}


def _looks_like_name(text: str) -> bool:
    """A short line of capitalised words ("Priya Shah", "Sam (IT Support)")."""
    words = text.replace("(", " ").replace(")", " ").replace(",", " ").split()
    if not 0 < len(words) <= _MAX_NAME_WORDS:
        return False
    first = words[0]
    return (first[0].isupper() and first.isalpha()) and all(
        w[0].isupper() or w.lower() in _NAME_CONNECTORS for w in words
    )


def _signature(text: str) -> tuple[int, str, bool] | None:
    """Where the signature starts, its text, and whether a closing came before it.

    The signature is the line after a closing, or the text after the closing's comma
    ("Thanks, Priya"); without a closing, the last line.
    """
    lines = _lines(text)[-_CLOSING_WINDOW:]
    for i in range(len(lines) - 1, -1, -1):
        start, line = lines[i]
        head, comma, rest = line.partition(",")
        if comma and rest.strip() and _normal(head) in _CLOSINGS:
            offset = start + len(head) + 1
            return offset + len(rest) - len(rest.lstrip()), rest.strip(), True
        if _is_closing(line):
            return (*lines[i + 1], True) if i + 1 < len(lines) else None
    return (*lines[-1], False) if lines else None


@rule_function("commlint.sign_off.v1")
def sign_off(doc: Doc, ctx: RuleContext, *, personal: bool) -> Iterator[Match]:
    """The signature, when it is a person's name (`personal`) or only a team name (not).

    Team names are the rule's lexicon; a name followed by a team ("Priya, IT Support") is
    personal.
    """
    found = _signature(text_of(doc))
    if found is None:
        return
    start, signature, after_closing = found
    lead = len(signature) - len(signature.lstrip(_DASHES))
    body = signature[lead:].rstrip(".,!;:")
    if _normal(body) in ctx.words:
        if not personal:
            yield Match(start + lead, start + lead + len(body))
        return
    name = body.split("(", 1)[0].split(",", 1)[0].strip()
    if (
        personal
        and after_closing
        and name
        and _looks_like_name(body)
        and name.lower() not in ctx.words
    ):
        yield Match(start + lead, start + lead + len(name))


@rule_function("commlint.unacknowledged_problem.v1")
def unacknowledged_problem(
    doc: Doc, ctx: RuleContext, *, acknowledgement_words: Sequence[str]
) -> Iterator[Match]:
    """A message about the reader's problem with no word of apology, thanks or understanding.

    The kind says the message is about a problem (the rule's `kinds`); for a `general`
    message, a problem word from the rule's lexicon must share a statement with "you" or
    "your" (the reader's problem, not the writer's: "your laptop is broken", not "I get an
    error"). A question about the problem ("which error do you get?") is still finding out
    what it is, not a reply about it.
    """
    acknowledged = frozenset(acknowledgement_words)
    if any(t.lower_ in acknowledged or t.lemma_.lower() in acknowledged for t in doc):
        return
    if ctx.kind is MessageKind.GENERAL and not any(
        _tells_reader(span.sent if doc.has_annotation("SENT_START") else doc[:])
        for span in lexicon_spans(doc, ctx.words)
    ):
        return
    yield Match(0, 0)


def _tells_reader(sent: Span) -> bool:
    """A statement (not a question) that mentions the reader."""
    return not sent.text.rstrip().endswith("?") and any(
        t.lower_ in {"you", "your", "you're", "yours"} for t in sent
    )
