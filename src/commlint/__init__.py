"""commlint: lint the messages IT and support staff send, before they are sent.

>>> import commlint
>>> report = commlint.check("Hi Dana, the shared drive is back. Thanks for reporting it.")
>>> report.score  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from commlint.config import Config, load_config
from commlint.errors import CommlintError, ConfigError, InputError, PipelineError, RuleError
from commlint.guard import MessageRejected, guard
from commlint.report import (
    Dimension,
    DimensionScore,
    Finding,
    MessageKind,
    Report,
    Severity,
    Strength,
)
from commlint.rules.registry import Match, RuleContext, rule_function

if TYPE_CHECKING:
    from commlint.linter import Linter, check

_LAZY = {"Linter", "check"}

__all__ = [
    "CommlintError",
    "Config",
    "ConfigError",
    "Dimension",
    "DimensionScore",
    "Finding",
    "InputError",
    "Linter",
    "Match",
    "MessageKind",
    "MessageRejected",
    "PipelineError",
    "Report",
    "RuleContext",
    "RuleError",
    "Severity",
    "Strength",
    "__version__",
    "check",
    "guard",
    "load_config",
    "rule_function",
]


def __getattr__(name: str) -> Any:
    """Import the Linter (and with it spaCy) only when it is first used.

    `commlint --help`, config errors and the service client stay fast this way.
    """
    if name in _LAZY:
        from commlint import linter

        return getattr(linter, name)
    raise AttributeError(f"module 'commlint' has no attribute {name!r}")
