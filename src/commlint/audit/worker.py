"""One Linter per process and configuration, loaded once and reused by every task after.

`worker_linter(config)` is what audit workers (the process pool of `audit/runner.py`, Dask
workers) and the DataFrame functions call: the spaCy pipeline loads and the rules compile the
first time a process needs a configuration, never once per chunk, part or task.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from commlint.config import Config
from commlint.extras import require_extra

if TYPE_CHECKING:
    from commlint.linter import Linter


def worker_linter(config: Config | str) -> Linter:
    """This process's Linter for `config` (a `Config` or its JSON), built on first use."""
    return _linter(config if isinstance(config, str) else config.model_dump_json())


@lru_cache(maxsize=4)
def _linter(config_json: str) -> Linter:
    from commlint.linter import Linter

    return Linter(Config.model_validate_json(config_json))


def linters_loaded() -> int:
    """How many Linters this process has built (tests check that each worker builds one)."""
    return _linter.cache_info().misses


def require_dask(what: str = "--engine dask") -> None:
    """Fail in one line, naming the extra to install, when Dask or its companions are absent."""
    require_extra("dask", what)
