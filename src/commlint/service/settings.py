"""How the service runs: address, workers, limits, auth and CORS, with safe defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from commlint.config import Config

TOKEN_ENV = "COMMLINT_TOKEN"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8750
DEFAULT_MAX_BODY = 256 * 1024
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BATCH = 50
DEFAULT_READ_TIMEOUT = 15.0
DEFAULT_KEEP_ALIVE = 5
DEFAULT_RECYCLE_AFTER = 10_000
DEFAULT_RECYCLE_GROWTH = 128


def default_workers() -> int:
    """One worker per core the process may use: checks are CPU-bound."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def token_from_env() -> str | None:
    """The bearer token from `COMMLINT_TOKEN`; unset or empty means no auth."""
    return os.environ.get(TOKEN_ENV) or None


@dataclass(frozen=True)
class Settings:
    """Everything `create_app` needs. The defaults are the safe ones: loopback only, no CORS."""

    config: Config = field(default_factory=Config)
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    workers: int = field(default_factory=default_workers)
    max_body: int = DEFAULT_MAX_BODY
    """Largest request body accepted, in bytes; larger bodies get 413."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds a check may run (and wait for a free worker) before it is abandoned with 503."""
    max_batch: int = DEFAULT_MAX_BATCH
    read_timeout: float = DEFAULT_READ_TIMEOUT
    """Seconds a client has to send a request's head, and again its body: a connection still
    sending its head is closed, a body still arriving is answered 408."""
    keep_alive: int = DEFAULT_KEEP_ALIVE
    """Seconds an idle keep-alive connection stays open between requests."""
    recycle_after: int = DEFAULT_RECYCLE_AFTER
    """Checks after which a worker is replaced by a fresh one."""
    recycle_growth: int = DEFAULT_RECYCLE_GROWTH
    """MiB a worker may grow past its size when it was ready before it is replaced: spaCy keeps
    every new word it sees (its string store and caches), so memory grows with distinct text."""
    cors_origins: tuple[str, ...] = ()
    token: str | None = None
