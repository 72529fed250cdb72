"""Finding and reading config files: `.commlint.toml`, or `[tool.commlint]` in pyproject.toml.

Standard library only: the quick pre-send path reads the settings it passes on to a service
from here, and `commlint.config` validates the same table with pydantic. `tomllib` (and the
`typing` it imports, some 10 ms together) loads only when a file has commlint settings to parse:
a pyproject.toml that never mentions commlint is passed over unparsed.
"""

from __future__ import annotations

from pathlib import Path

from commlint.errors import ConfigError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see the docstring)
if TYPE_CHECKING:
    import tomllib
    from typing import Any

PYPROJECT = "pyproject.toml"
CONFIG_FILES = (".commlint.toml", PYPROJECT)
_DEEP = 100  # nesting deeper than any real config, for `_too_deep_line`
DEFAULT_GATE_TIMEOUT = 20.0  # seconds a `hook` or `sendmail` check may take


def _toml_error(exc: tomllib.TOMLDecodeError, path: Path) -> ConfigError:
    """tomllib puts the place in the message: `Invalid value (at line 1, column 13)`."""
    message, _, where = str(exc).partition(" (at line ")
    line_text = where.split(",")[0]
    line = int(line_text) if line_text.isdigit() else None
    return ConfigError(f"invalid TOML: {message}", path=path, line=line)


def _section(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    """The commlint table: `[tool.commlint]` in a pyproject.toml, the top level elsewhere, or
    `[tool.commlint]` in any file that holds nothing else (a table copied from a pyproject)."""
    tool = data.get("tool")
    section = tool.get("commlint") if isinstance(tool, dict) else None
    if path.name == PYPROJECT or (set(data) == {"tool"} and isinstance(section, dict)):
        return section if isinstance(section, dict) else None
    return data


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", path=path) from None


def _too_deep_line(text: str) -> int | None:
    """The line where brackets and braces first nest `_DEEP` levels (quotes not considered:
    only for naming the place of a file that nests too deeply)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for char in line:
            depth += (char in "[{") - (char in "]}")
            if depth >= _DEEP:
                return number
    return None


def _parse(text: str, path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(exc, path) from None
    except RecursionError:  # tomllib recurses once per level of nested arrays and tables
        problem = "invalid TOML: arrays or inline tables nested too deeply"
        raise ConfigError(problem, path=path, line=_too_deep_line(text)) from None


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    text = _text(path)
    return text, _parse(text, path)


def read_section(path: Path) -> tuple[str, dict[str, Any]]:
    """The text of a config file and its commlint settings table (not yet validated)."""
    text, data = _read(path)
    section = _section(path, data)
    if section is None:
        raise ConfigError("no [tool.commlint] section", path=path)
    return text, section


def find_config(start: Path) -> Path | None:
    """The nearest `.commlint.toml` (or pyproject.toml with `[tool.commlint]`) from `start` up."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in [folder, *folder.parents]:
        for name in CONFIG_FILES:
            path = candidate / name
            if not path.is_file():
                continue
            if name == PYPROJECT:
                text = _text(path)
                if "commlint" not in text or _section(path, _parse(text, path)) is None:
                    continue
            return path
    return None
