"""Refuse token patterns whose matching time grows faster than the message.

spaCy's `Matcher` follows every way a pattern can match from every token, without merging
them: `[{IS_ALPHA: true, OP: "+"}]` yields a match for every pair of words in a run of words
(20 s and 2 million matches on 2,000 words), and `[{OP: "*"}, {OP: "*"}, {LOWER: zebra}]` tries
every split of every run (minutes, without a single match). A pattern passes when the ways it
can match from one token are bounded by a constant, or, for a repeat without bound, by the
run of words it repeats over, and when those runs cannot overlap:

- `+`, `*` and `{n,}` only on a token that names its words (`ORTH`, `TEXT`, `LOWER`, `NORM` or
  `LEMMA`, as a string or an `IN` list): a run of such words is as long as the writer made it,
  but only one repeat can be in it at a time;
- each of them after an *anchor*, a required token that names words none of which it repeats
  over, so the runs that start at two anchors never overlap; and no two of them, between two
  anchors, repeat over the same word;
- the bounded choices (`?`, `{n,m}`) multiply to at most `MAX_CHOICES` per start;
- one exception: after a required token that must start a sentence (`IS_SENT_START: true`),
  one unbounded token that cannot (`IS_SENT_START: false`) may repeat over any words ("Why
  ... ?"): only one match can start per sentence, and it ends where the sentence does.

That makes the work on a message proportional to its length. Standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["MAX_CHOICES", "pattern_problem"]

MAX_CHOICES = 1_024  # ways a pattern may match from one token; the built-in rules need 192
_WORD_KEYS = ("ORTH", "TEXT", "LOWER", "NORM", "LEMMA")
_UNBOUNDED = math.inf
_ANY_WORDS = frozenset({"\x00any word"})  # what a repeat kept inside a sentence repeats over


def _repeats(op: object) -> tuple[int, float] | None:
    """The least and most times a token with this `OP` matches; None for an unknown OP
    (spaCy's own validation names it)."""
    fixed = {None: (1, 1), "!": (1, 1), "?": (0, 1), "*": (0, _UNBOUNDED), "+": (1, _UNBOUNDED)}
    if op in fixed:
        return fixed[op]
    if not (isinstance(op, str) and op.startswith("{") and op.endswith("}")):
        return None
    low, comma, high = op[1:-1].partition(",")
    try:
        least = int(low) if low else 0
        most: float = int(high) if high else (_UNBOUNDED if comma else least)
    except ValueError:
        return None
    return least, most


def _words(token: Mapping[str, Any]) -> frozenset[str] | None:
    """The words a token can match (lower-cased), or None when it does not name them."""
    if token.get("OP") == "!":
        return None
    for key in _WORD_KEYS:
        value = token.get(key)
        if isinstance(value, str):
            return frozenset({value.lower()})
        if isinstance(value, Mapping) and isinstance(value.get("IN"), list):
            return frozenset(str(word).lower() for word in value["IN"])
    return None


def pattern_problem(pattern: Sequence[Mapping[str, Any]]) -> tuple[int, str] | None:
    """The index of the first token that makes `pattern` slow, and why; None if it is safe."""
    anchor: frozenset[str] | None = None
    runs: list[frozenset[str]] = []  # what the unbounded tokens since the anchor repeat over
    choices = 1.0
    sentence_anchor = False  # a required token before this one starts a sentence
    sentence_runs = 0  # unbounded tokens kept inside that sentence
    for i, token in enumerate(pattern):
        repeats = _repeats(token.get("OP"))
        if repeats is None:
            continue
        least, most = repeats
        words = _words(token)
        if most == _UNBOUNDED:
            op = token.get("OP")
            if sentence_anchor and token.get("IS_SENT_START") is False and not sentence_runs:
                sentence_runs += 1
                runs.append(_ANY_WORDS)
                continue
            if words is None:
                return i, (
                    f"OP {op!r} on a token that does not name its words repeats over any run "
                    "of words, so matching takes time with the square of the message; name "
                    'the words (LOWER, IN) or bound the repeat (OP: "{1,8}")'
                )
            if anchor is None or anchor & words:
                return i, (
                    f"OP {op!r} needs a required token before it that names other words "
                    "(an anchor); without one, matching takes time with the square of the "
                    "message"
                )
            if any(run is _ANY_WORDS or run & words for run in runs):
                return i, (
                    f"OP {op!r} repeats over words an earlier repeat in the same stretch "
                    "also repeats over; put a required token between them"
                )
            runs.append(words)
        elif (least, most) == (1, 1) and words is not None:
            anchor, runs = words, []
            sentence_anchor = sentence_anchor or token.get("IS_SENT_START") is True
        else:
            choices *= most - least + 1
            if choices > MAX_CHOICES:
                return i, (
                    f"the optional and bounded tokens up to here can match in over "
                    f"{MAX_CHOICES:,} ways from each word; use fewer or tighter bounds"
                )
    return None
