"""The audit run: stream rows from the inputs, check them in batches, append what comes out.

Rows flow in input order through `Linter.check_many` in chunks. With `jobs` > 1 each worker
process holds its own Linter and runs the whole check (spaCy and the rules), so both cores do
all the work and the parent only reads input and writes lines; a bounded number of chunks is in
flight, so memory stays flat however large the archive.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from itertools import chain, islice
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from commlint import __version__
from commlint.audit.progress import progress_for
from commlint.audit.readers import ReadOptions, Row, Source, expand_inputs, open_source
from commlint.audit.store import Store, out_lock
from commlint.audit.worker import worker_linter
from commlint.config import Config
from commlint.errors import CommlintError, InputError
from commlint.extract import Extracted, validate_text
from commlint.report import Dimension, MessageKind

if TYPE_CHECKING:
    from commlint.linter import Linter
    from commlint.report import Report

Outcome = tuple[bool, str]  # (is an error, the JSON line to append)


@dataclass(frozen=True)
class AuditOptions:
    inputs: list[str]
    out: Path
    fmt: str | None = None
    read: ReadOptions = field(default_factory=ReadOptions)
    kind: MessageKind | None = None
    config: Config = field(default_factory=Config)
    jobs: int = 1
    batch_size: int = 64
    resume: bool = False

    def manifest(self) -> dict[str, object]:
        """What must not change between a run and its resume."""
        return {
            "inputs": self.inputs,
            "format": self.fmt,
            "columns": asdict(self.read.columns),
            "encoding": self.read.encoding,
            "fallback_encoding": self.read.fallback_encoding,
            "kind": self.kind.value if self.kind else None,
            "config": self.config.model_dump(mode="json"),
        }


@dataclass
class AuditStats:
    checked: int = 0
    errors: int = 0
    skipped: int = 0


def error_line(row: Row, reason: str) -> str:
    record = {"source": row.source, "line": row.line, "id": row.id, "reason": reason}
    return json.dumps(record, ensure_ascii=False) + "\n"


def result_line(row: Row, report: Report) -> str:
    """Everything a reviewer needs about one message, the message included."""
    record: dict[str, object] = {
        "source": row.source,
        "line": row.line,
        "id": row.id,
        "group": row.group,
        "date": row.date,
    }
    if row.date_raw is not None:
        record["date_raw"] = row.date_raw
    dimensions = {d.value: getattr(report.dimensions, d.value) for d in Dimension}
    record |= {
        "kind": report.kind.value,
        "score": report.score,
        "band": report.band.value,
        "verdict": report.verdict.value,
        "reasons": report.reasons,
        "passed": report.passed,
        # a dimension the message's kind does not call for (and no finding costs points) is
        # null, so that it counts in no average
        "dimensions": {name: d.score if d.applies else None for name, d in dimensions.items()},
        "findings": [f.model_dump(mode="json") for f in report.findings],
        "strengths": [s.model_dump(mode="json") for s in report.strengths],
        "text": row.text,
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


class Checker:
    """Checks chunks of rows with one Linter; a row that breaks the linter becomes an error."""

    def __init__(self, linter: Linter, kind: MessageKind | None, batch_size: int) -> None:
        self.linter = linter
        self.kind = kind
        self.batch_size = batch_size

    def check(self, rows: list[Row]) -> list[Outcome]:
        outcomes: list[Outcome | None] = [None] * len(rows)
        valid: list[int] = []
        for index, row in enumerate(rows):
            try:
                validate_text(row.text or "", self.linter.config.max_chars)
                valid.append(index)
            except InputError as exc:
                outcomes[index] = (True, error_line(row, exc.message))
        messages = [rows[i].extracted or rows[i].text or "" for i in valid]
        try:
            reports: list[Report | str] = list(
                self.linter.check_many(messages, kind=self.kind, batch_size=self.batch_size)
            )
        except Exception:  # find the row that broke the batch; the others still get checked
            reports = [self._one(message) for message in messages]
        for index, report in zip(valid, reports, strict=True):
            row = rows[index]
            if isinstance(report, str):
                outcomes[index] = (True, error_line(row, report))
            else:
                outcomes[index] = (False, result_line(row, report))
        return [o for o in outcomes if o is not None]

    def _one(self, message: str | Extracted) -> Report | str:
        try:
            return self.linter.check(message, self.kind)
        except InputError as exc:
            return exc.message
        except Exception as exc:  # a bug in a rule must not stop an archive audit
            return f"internal error: {type(exc).__name__}: {exc} (please report it)"


class _WorkerError(Exception):
    """A worker could not build its Linter: (whether it is a bug, the one-line reason)."""


_worker: Checker | _WorkerError | None = None


def _watch(parent: int, stop: EventType) -> None:
    """End this worker when the audit stops early: interrupted, failed, or killed (even by
    SIGKILL, which leaves no one to tell the pool), so no orphan keeps checking."""
    while os.getppid() == parent and not stop.wait(1):
        pass
    os._exit(1)


def _start_worker(
    config_json: str, kind: MessageKind | None, batch_size: int, stop: EventType
) -> None:
    """Build the worker's Linter; keep a failure to report with the first chunk."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    threading.Thread(target=_watch, args=(os.getppid(), stop), daemon=True).start()
    try:
        _worker = Checker(worker_linter(config_json), kind, batch_size)
    except CommlintError as exc:
        _worker = _WorkerError(False, str(exc))
    except Exception as exc:  # reported by the parent as an internal error, not a dead pool
        _worker = _WorkerError(True, f"{type(exc).__name__}: {exc}")


def _work(rows: list[Row]) -> list[Outcome]:
    if isinstance(_worker, Checker):
        return _worker.check(rows)
    raise _worker or _WorkerError(True, "worker not started")


def _chunks(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _checked_in_process(
    options: AuditOptions, chunks: Iterable[list[Row]]
) -> Iterator[list[Outcome]]:
    checker = Checker(worker_linter(options.config), options.kind, options.batch_size)
    for chunk in chunks:
        yield checker.check(chunk)


def _checked_in_pool(options: AuditOptions, chunks: Iterable[list[Row]]) -> Iterator[list[Outcome]]:
    """In input order, with at most two chunks per worker in flight."""
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    pool = ProcessPoolExecutor(
        max_workers=options.jobs,
        mp_context=context,
        initializer=_start_worker,
        initargs=(options.config.model_dump_json(), options.kind, options.batch_size, stop),
    )
    pending: deque[Future[list[Outcome]]] = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(_work, chunk))
            if len(pending) >= 2 * options.jobs:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())
    except BaseException:  # Ctrl+C or an error: stop the workers now, not after their chunks
        stop.set()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result(future: Future[list[Outcome]]) -> list[Outcome]:
    try:
        return future.result()
    except _WorkerError as exc:
        internal, reason = exc.args
        raise (RuntimeError if internal else CommlintError)(reason) from None
    except BrokenProcessPool:
        raise CommlintError(
            "a worker process stopped unexpectedly (out of memory?); "
            "what was done is saved: run again with --resume, or with --jobs 1"
        ) from None


def run_audit(options: AuditOptions, stream: TextIO = sys.stderr) -> AuditStats:
    """Check every row not yet done, appending to the output folder; returns the counts."""
    paths = expand_inputs(options.inputs, options.fmt)
    sources: list[Source] = [open_source(p, options.fmt, options.read) for p in paths]
    for source in sources:
        source.check()
    with out_lock(options.out):
        return _run(options, sources, stream)


def _run(options: AuditOptions, sources: list[Source], stream: TextIO) -> AuditStats:
    store = Store(
        options.out, {"commlint": __version__, **options.manifest()}, resume=options.resume
    )
    stats = AuditStats(skipped=len(store.done))
    counts = [source.count() for source in sources]
    total = None if None in counts else sum(c or 0 for c in counts)
    progress = progress_for(total, len(store.done), stream)

    def pending() -> Iterator[Row]:
        """Rows still to check; unreadable rows go straight to errors.jsonl."""
        for row in chain.from_iterable(source.rows() for source in sources):
            if row.key in store.done:
                continue
            if row.error is not None:
                store.add([], [error_line(row, row.error)])
                stats.errors += 1
                progress.update(1, 1)
                continue
            yield row

    chunks = _chunks(pending(), options.batch_size * 2)
    checked = (
        _checked_in_pool(options, chunks)
        if options.jobs > 1
        else _checked_in_process(options, chunks)
    )
    try:
        for outcomes in checked:
            errors = [line for is_error, line in outcomes if is_error]
            store.add([line for is_error, line in outcomes if not is_error], errors)
            stats.checked += len(outcomes) - len(errors)
            stats.errors += len(errors)
            progress.update(len(outcomes), len(errors))
    finally:
        progress.close()
        store.close()
    return stats
