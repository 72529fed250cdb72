"""Error types. Every error commlint raises on purpose derives from `CommlintError`.

Their `str()` is the one-line message shown to users: `file:line: what is wrong`.
"""

from __future__ import annotations

from pathlib import Path


class CommlintError(Exception):
    """Base class: a problem the user can fix, reported in one line."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        super().__init__(self.__str__())

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with the file, line and column (errors travel back from worker processes)."""
        return _restore, (type(self), self.args, self.__dict__)

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
            if self.column is not None:
                where = f"{where}:{self.column}"
        return f"{where}: {self.message}" if where else self.message


class InputError(CommlintError):
    """The message to check cannot be read: empty, binary, too large, badly encoded."""


class RuleError(CommlintError):
    """A rule or lexicon file is malformed."""


class ConfigError(CommlintError):
    """A configuration file or option is malformed."""


class PipelineError(CommlintError):
    """The configured spaCy pipeline cannot be loaded."""


class MissingExtraError(CommlintError):
    """A command needs an optional extra that is not installed (`pip install 'commlint[X]'`)."""


def _restore(
    cls: type[CommlintError], args: tuple[object, ...], state: dict[str, object]
) -> CommlintError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error
