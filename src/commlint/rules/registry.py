"""The registry of Python rule functions, for rules that data cannot express.

A rule file of kind `python` names a function by a dotted, versioned name
(`commlint.shouting.v1`). Functions register with the `rule_function` decorator, or from another
package through the `commlint.rules` entry-point group (`name = "package.module:function"`).

A function receives the analysed `Doc`, a `RuleContext` and the rule's `params` as keyword
arguments, and yields `Match`es.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import NamedTuple

from commlint.report import MessageKind

ENTRY_POINT_GROUP = "commlint.rules"


class Match(NamedTuple):
    """A character span a rule matched, with optional replacement texts and message values."""

    start: int
    end: int
    replacements: tuple[str, ...] = ()
    value: str | None = None


@dataclass(frozen=True)
class RuleContext:
    """What a rule may consult besides the text."""

    kind: MessageKind
    allow_words: frozenset[str]
    """The configured allow-words (product, team and people names)."""
    words: frozenset[str]
    """Every entry of the lexicons the rule file lists under `lexicons`."""
    terms: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    """The same lexicons by name, each entry with its replacements."""


RuleFunction = Callable[..., Iterable[Match]]
_FUNCTIONS: dict[str, RuleFunction] = {}
_entry_points_loaded = False


def rule_function(name: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under a dotted, versioned name."""

    def register(func: RuleFunction) -> RuleFunction:
        if name in _FUNCTIONS and _FUNCTIONS[name] is not func:
            raise ValueError(f"rule function {name!r} is already registered")
        _FUNCTIONS[name] = func
        return func

    return register


def _load_entry_points() -> None:
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        func = ep.load()
        if callable(func) and ep.name not in _FUNCTIONS:
            _FUNCTIONS[ep.name] = func


def get_rule_function(name: str) -> RuleFunction | None:
    """The function registered under `name`, looking in entry points if need be."""
    from commlint.rules import functions  # noqa: F401  (registers the built-in functions)

    if name not in _FUNCTIONS:
        _load_entry_points()
    return _FUNCTIONS.get(name)
