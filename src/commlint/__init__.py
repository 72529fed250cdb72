"""commlint: lint the messages IT and support staff send, before they are sent.

>>> import commlint
>>> report = commlint.check("Hi Dana, the shared drive is back. Thanks for reporting it.")
>>> report.score  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: the hook's imports are timed

__version__ = "0.1.0"

if TYPE_CHECKING:
    from typing import Any

    from commlint.config import Config, load_config
    from commlint.errors import (
        CommlintError,
        ConfigError,
        InputError,
        PipelineError,
        RuleError,
    )
    from commlint.guard import MessageRejected, guard
    from commlint.linter import Linter, check
    from commlint.report import (
        Dimension,
        DimensionScore,
        Finding,
        MessageKind,
        Report,
        Severity,
        Strength,
        Verdict,
    )
    from commlint.rules.registry import Match, RuleContext, rule_function

# Public name -> the module that defines it. Each loads on first use, so importing commlint (as
# every `commlint` command does) costs nothing until a name is needed: the quick pre-send path
# never loads pydantic or spaCy, and `commlint.check` loads the pipeline only when called.
_HOMES = {
    "CommlintError": "errors",
    "ConfigError": "errors",
    "InputError": "errors",
    "PipelineError": "errors",
    "RuleError": "errors",
    "Config": "config",
    "load_config": "config",
    "MessageRejected": "guard",
    "guard": "guard",
    "Linter": "linter",
    "check": "linter",
    "Dimension": "report",
    "DimensionScore": "report",
    "Finding": "report",
    "MessageKind": "report",
    "Report": "report",
    "Severity": "report",
    "Strength": "report",
    "Verdict": "report",
    "Match": "rules.registry",
    "RuleContext": "rules.registry",
    "rule_function": "rules.registry",
}

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
    "Verdict",
    "__version__",
    "check",
    "guard",
    "load_config",
    "rule_function",
]


def __getattr__(name: str) -> Any:
    """Load a public name from its module the first time it is used."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'commlint' has no attribute {name!r}")
    value = getattr(import_module(f"commlint.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
