"""What every subcommand shares: exit codes, config discovery and option parsing.

Nothing here imports spaCy, so `commlint --help` and config errors stay fast.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from commlint.config import Config, find_config, load_config

EXIT_OK, EXIT_FAILED, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


def csv_list(value: str) -> list[str]:
    """Parse a comma-separated option value."""
    return [part.strip() for part in value.split(",") if part.strip()]


N = TypeVar("N", int, float)


def above_zero(kind: Callable[[str], N]) -> Callable[[str], N]:
    """An argparse `type` for a number that must be above 0."""

    def parse(value: str) -> N:
        number = kind(value)
        if number <= 0:
            raise argparse.ArgumentTypeError(f"must be above 0, not {value}")
        return number

    return parse


def config_parent() -> argparse.ArgumentParser:
    """A parent parser with `--config`, shared by the subcommands that read one."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--config", type=Path, help="config file (overrides discovery)")
    return parent


def resolve_config(explicit: Path | None, near: Path) -> Config:
    """The explicit config file, else the nearest one above `near`, else the defaults."""
    if explicit is not None:
        return load_config(explicit)
    found = find_config(near)
    return load_config(found) if found else Config()
