"""Check messages in worker processes, each with a whole Linter of its own.

Only messages go to a worker and only Reports (about 2 KiB pickled) come back: parsing, rules
and scoring all run in the worker, so the parent does almost nothing and N workers give close
to N times the throughput. Sending only spaCy to the workers (`nlp.pipe(n_process=...)`)
serialises every Doc back and leaves all the rules in the parent, which caps the speed-up near
1.1x (docs/performance.md).

Where the platform can fork, workers inherit the parent's loaded Linter (no reload, memory
shared copy-on-write); elsewhere each worker builds one from the parent's config, once.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult, Pool
from typing import TYPE_CHECKING

from commlint.config import Config
from commlint.errors import CommlintError
from commlint.extract import Extracted
from commlint.report import MessageKind, Report

if TYPE_CHECKING:
    from commlint.linter import Linter

Outcome = Report | CommlintError
_LINTER: Linter | None = None  # the Linter of this worker process


def _inherit(linter: Linter) -> None:
    """A forked worker keeps the parent's Linter, and with it the one-thread BLAS limit."""
    global _LINTER
    _LINTER = linter


def _build(config: Config) -> None:
    from commlint.linter import Linter

    _inherit(Linter(config))


def _check_chunk(chunk: list[Extracted], kind: MessageKind | str | None) -> list[Outcome]:
    """One chunk in a worker: a Report or the message's own error, for each message."""
    if _LINTER is None:
        raise RuntimeError("a commlint worker started without a Linter")
    outcomes: list[Outcome] = []
    for extracted in chunk:
        try:
            outcomes.append(_LINTER.check(extracted, kind))
        except CommlintError as exc:
            outcomes.append(exc)
    return outcomes


def _pool(linter: Linter, n_process: int) -> Pool:
    if "fork" in multiprocessing.get_all_start_methods():
        fork = multiprocessing.get_context("fork")
        return fork.Pool(n_process, initializer=_inherit, initargs=(linter,))
    spawn = multiprocessing.get_context("spawn")  # pragma: no cover - no fork on this platform
    return spawn.Pool(n_process, initializer=_build, initargs=(linter.config,))


def check_in_workers(
    linter: Linter,
    messages: Iterable[Extracted],
    *,
    kind: MessageKind | str | None,
    n_process: int,
    chunk_size: int,
) -> Iterator[Outcome]:
    """Outcomes in input order, from `n_process` worker processes.

    At most two chunks per worker are in flight, so a long or endless stream is read as it is
    checked, not all at once.
    """
    pool = _pool(linter, n_process)
    stream = iter(messages)
    in_flight: deque[AsyncResult[list[Outcome]]] = deque()
    try:
        while True:
            while len(in_flight) < 2 * n_process:
                chunk = list(islice(stream, chunk_size))
                if not chunk:
                    break
                in_flight.append(pool.apply_async(_check_chunk, (chunk, kind)))
            if not in_flight:
                break
            yield from in_flight.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
