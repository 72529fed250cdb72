"""Python rule functions for the tone dimension."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Span
from wordfreq import zipf_frequency

from commlint.rules.registry import Match, RuleContext, rule_function


def _runs(doc: Doc, keep: Callable[[int], bool]) -> Iterator[Span]:
    """Maximal runs of adjacent tokens for which `keep(i)` holds."""
    start: int | None = None
    for i in range(len(doc) + 1):
        if i < len(doc) and keep(i):
            start = i if start is None else start
        elif start is not None:
            yield doc[start:i]
            start = None


@rule_function("commlint.shouting.v1")
def shouting(
    doc: Doc, ctx: RuleContext, *, min_zipf: float = 4.0, min_marks: int = 2
) -> Iterator[Match]:
    """Runs of capitalised everyday words, and runs of `!`/`?` with at least one `!`.

    A capitalised word counts as shouting when its lower-case form is common English (wordfreq
    Zipf >= `min_zipf`: "PLEASE", "NOT") and it is neither in the rule's lexicons (known
    acronyms) nor an allow-word; rare capitalised tokens ("DHCP") are acronyms, which other
    rules judge.
    """
    allowed = ctx.words | ctx.allow_words

    def shouted(i: int) -> bool:
        tok = doc[i]
        return (
            tok.is_alpha
            and tok.is_upper
            and len(tok) > 1
            and tok.text not in allowed
            and zipf_frequency(tok.lower_, "en") >= min_zipf
        )

    for span in _runs(doc, shouted):
        yield Match(span.start_char, span.end_char, (span.text.lower(),))
    for span in _runs(doc, lambda i: doc[i].text in {"!", "?"}):
        if len(span) >= min_marks and "!" in span.text:
            yield Match(span.start_char, span.end_char, ("?" if "?" in span.text else "!",))
