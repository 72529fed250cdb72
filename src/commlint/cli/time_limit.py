"""Run a function in a child process and stop it at a time limit: the gates' watchdog.

A signal handler or a watchdog thread cannot stop spaCy: its compiled loops hold the
interpreter until they return. A forked child can always be killed, and whatever it had loaded
or allocated goes with it. Standard library only; the child is forked before spaCy is imported
by the caller, so forking costs a few milliseconds.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
from collections.abc import Callable
from time import monotonic
from typing import TypeVar, cast

T = TypeVar("T")

__all__ = ["ChildFailed", "TimeLimitExceeded", "call_with_time_limit"]


class TimeLimitExceeded(Exception):
    """The function did not return within the limit; its process was killed."""


class ChildFailed(Exception):
    """The child process ended without an answer (killed by a signal, out of memory)."""


def _child(func: Callable[[], T], write: int) -> None:
    """Run `func` and send back its result or its exception, pickled."""
    try:
        outcome: tuple[str, object] = ("ok", func())
    except BaseException as exc:  # everything goes back to the parent
        outcome = ("raise", exc)
    try:
        payload = pickle.dumps(outcome)
    except Exception as exc:  # an exception or result that cannot be pickled
        error = outcome[1] if outcome[0] == "raise" else exc
        payload = pickle.dumps(("raise", RuntimeError(f"{type(error).__name__}: {error}")))
    view = memoryview(payload)
    while view:
        view = view[os.write(write, view) :]


def _read_until(read: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while True:
        remaining = deadline - monotonic()
        if remaining <= 0 or not select.select([read], [], [], remaining)[0]:
            raise TimeLimitExceeded
        chunk = os.read(read, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def call_with_time_limit(func: Callable[[], T], seconds: float) -> T:
    """`func()`, run in a forked child; its exception is raised here.

    Raises `TimeLimitExceeded` (the child is killed) past `seconds`, and `ChildFailed` when the
    child dies without answering. Without `os.fork` (Windows), `func` runs here, unbounded.
    """
    if not hasattr(os, "fork"):
        return func()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        status = 1
        try:
            os.close(read)
            _child(func, write)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    answered = False
    try:
        payload = _read_until(read, monotonic() + seconds)
        answered = True
    finally:
        os.close(read)
        if not answered:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if not payload:
        how = (
            f"was killed by signal {os.WTERMSIG(status)}"
            if os.WIFSIGNALED(status)
            else f"exited with status {os.waitstatus_to_exitcode(status)}"
        )
        raise ChildFailed(f"the check process {how} without an answer")
    try:
        kind, value = pickle.loads(payload)  # our own child's answer
    except Exception as exc:  # cut short: the child died while writing it
        raise ChildFailed(f"the check process sent a broken answer ({exc})") from None
    if kind == "raise":
        raise value
    return cast(T, value)
