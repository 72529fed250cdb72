"""Memoise an analysis of a Doc for the life of that Doc.

Several rules ask the same question of one message ("what are its next steps?", "its time
expressions?"); the answer is worked out once. The cache is keyed on the Doc object itself
(weakly), so it goes when the Doc goes and never travels with it, as `Doc.user_data` would.
Results are shared between callers and must not be changed: return tuples.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar
from weakref import WeakKeyDictionary

from spacy.tokens import Doc

P = ParamSpec("P")
R = TypeVar("R")

_answers: WeakKeyDictionary[Doc, dict[Hashable, object]] = WeakKeyDictionary()


def per_doc(func: Callable[Concatenate[Doc, P], R]) -> Callable[Concatenate[Doc, P], R]:
    """`func(doc, *args)` computed once per Doc and hashable `args`."""

    @wraps(func)
    def memoised(doc: Doc, /, *args: P.args, **kwargs: P.kwargs) -> R:
        answers = _answers.setdefault(doc, {})
        key = (func, args, tuple(sorted(kwargs.items())))
        if key not in answers:
            answers[key] = func(doc, *args, **kwargs)
        return answers[key]  # type: ignore[return-value]

    return memoised


@per_doc
def text_of(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token's text again at each read."""
    return doc.text
