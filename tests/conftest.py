"""Shared fixtures. The pipeline loads once per session (a Linter per config)."""

from __future__ import annotations

from pathlib import Path

import pytest

from commlint import Config, Linter

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def linter() -> Linter:
    """The default Linter: every built-in rule, the default pipeline."""
    return Linter(Config())


@pytest.fixture(scope="session")
def blank_linter() -> Linter:
    """A Linter on the blank pipeline (tokens and sentences only)."""
    return Linter(Config(pipeline="blank"))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
