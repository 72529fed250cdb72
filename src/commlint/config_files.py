"""Finding and reading config files: `.commlint.toml`, or `[tool.commlint]` in pyproject.toml.

Standard library only: the quick pre-send path reads the settings it passes on to a service
from here, and `commlint.config` validates the same table with pydantic.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from commlint.errors import ConfigError

CONFIG_FILES = (".commlint.toml", "pyproject.toml")


def _toml_error(exc: tomllib.TOMLDecodeError, path: Path) -> ConfigError:
    """tomllib puts the place in the message: `Invalid value (at line 1, column 13)`."""
    message, _, where = str(exc).partition(" (at line ")
    line_text = where.split(",")[0]
    line = int(line_text) if line_text.isdigit() else None
    return ConfigError(f"invalid TOML: {message}", path=path, line=line)


def _section(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("commlint")
        return section if isinstance(section, dict) else None
    return data


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", path=path) from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(exc, path) from None


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
            if name == "pyproject.toml":
                _, data = _read(path)
                if _section(path, data) is None:
                    continue
            return path
    return None
