"""`commlint audit --engine dask`: the same audit, run by Dask on a cluster or a LocalCluster.

The client cuts each input into parts of `part_rows` records (`Source.parts`: byte offsets in
CSV and JSONL, rows in Parquet, files in a folder of `.eml`) and submits one task per part,
a bounded number at a time. A worker reads its part of the input itself (so every worker must
see the inputs at the path given), checks it with its process's Linter (`worker_linter`, loaded
once per worker process by a worker plugin) and sends back only the result lines. The client
writes each part's results and errors under a name made from the input and the part
(`PartStore`), so a resumed audit skips finished parts, and a task Dask retries after a worker
died is written once. This module needs the `dask` extra; import it after `require_dask()`.
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TextIO

from distributed import Client, Future, KilledWorker, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from commlint import __version__
from commlint.audit.progress import progress_for
from commlint.audit.readers import Part, ReadOptions, Source, expand_inputs, open_source
from commlint.audit.runner import AuditOptions, AuditStats, Checker, Outcome, error_line
from commlint.audit.store import PartStore, out_lock
from commlint.audit.worker import worker_linter
from commlint.errors import CommlintError, InputError
from commlint.message_files import STDIN
from commlint.report import MessageKind

OUT_FORMATS = ("jsonl", "parquet")


@dataclass(frozen=True)
class DaskOptions:
    scheduler: str | None = None  # an existing cluster's scheduler; None: a LocalCluster
    workers: int = 2  # the LocalCluster's worker processes, one thread each
    part_rows: int = 1000  # records per part (per task)
    out_format: str = "jsonl"  # results as JSON lines or Parquet


@dataclass(frozen=True)
class Task:
    """One part to check: everything a worker needs, and nothing large."""

    name: str
    path: str
    fmt: str
    read: ReadOptions
    part: Part
    config: str  # the Config as JSON: the key of the worker's Linter
    kind: MessageKind | None
    batch_size: int


def part_name(index: int, path: str, number: int) -> str:
    """`0002-replies.csv-000013`: input number, file name, part number; sorts in input order."""
    name = "".join(c if c.isalnum() or c in "._-" else "_" for c in Path(path).name)
    return f"{index:04d}-{name[:80]}-{number:06d}"


def check_part(task: Task) -> list[Outcome]:
    """Run on a worker: read one part and check it; unreadable rows become errors."""
    source = open_source(task.path, task.fmt, task.read)
    checker = Checker(worker_linter(task.config), task.kind, task.batch_size)
    outcomes: list[Outcome] = []
    chunk = []
    for row in source.part_rows(task.part):
        if row.error is not None:
            outcomes.append((True, error_line(row, row.error)))
            continue
        chunk.append(row)
        if len(chunk) == 2 * task.batch_size:
            outcomes += checker.check(chunk)
            chunk = []
    return outcomes + checker.check(chunk) if chunk else outcomes


class LinterPlugin(WorkerPlugin):
    """Loads the worker's Linter when the worker starts (and again in a restarted worker)."""

    def __init__(self, config: str) -> None:
        self.config = config

    def setup(self, worker: object) -> None:
        worker_linter(self.config)


@contextmanager
def _client(options: DaskOptions) -> Iterator[Client]:
    if options.scheduler is None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=options.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    try:
        client = Client(options.scheduler, timeout="30s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise CommlintError(
            f"cannot reach the Dask scheduler at {options.scheduler}: {exc}"
        ) from None
    with client:
        yield client


def _sources(options: AuditOptions) -> list[Source]:
    paths = expand_inputs(options.inputs, options.fmt)
    if STDIN in paths:
        raise InputError("Dask workers cannot read stdin; pass files", path=STDIN)
    sources = [open_source(path, options.fmt, options.read) for path in paths]
    for source in sources:
        source.check()
    return sources


def run_dask_audit(
    options: AuditOptions, dask: DaskOptions, stream: TextIO = sys.stderr
) -> AuditStats:
    """Check every part not yet done on a Dask cluster; returns the counts."""
    sources = _sources(options)
    manifest = {
        "commlint": __version__,
        **options.manifest(),
        "engine": "dask",
        "part_rows": dask.part_rows,
        "out_format": dask.out_format,
    }
    config = options.config.model_dump_json()
    with out_lock(options.out):
        store = PartStore(options.out, manifest, resume=options.resume, fmt=dask.out_format)
        tasks = [
            Task(
                part_name(index, source.path, part.number),
                source.path,
                source.fmt,
                options.read,
                part,
                config,
                options.kind,
                options.batch_size,
            )
            for index, source in enumerate(sources)
            for part in source.parts(dask.part_rows)
        ]
        stats = AuditStats(skipped=sum(store.rows(t.name) for t in tasks if t.name in store.done))
        todo = [task for task in tasks if task.name not in store.done]
        counts = [task.part.count for task in todo]
        total = None if None in counts else stats.skipped + sum(c or 0 for c in counts)
        progress = progress_for(total, stats.skipped, stream)
        try:
            with _client(dask) as client:
                _run(client, todo, config, store, stats, progress.update)
        finally:
            progress.close()
    return stats


def _run(
    client: Client,
    todo: list[Task],
    config: str,
    store: PartStore,
    stats: AuditStats,
    update: Callable[[int, int], None],
) -> None:
    """Submit the parts, at most two per worker thread in flight, and write each as it ends."""
    client.register_plugin(LinterPlugin(config), name="commlint-linter")
    window = max(2, 2 * sum(client.nthreads().values()))  # type: ignore[no-untyped-call]
    run = uuid.uuid4().hex[:8]
    pending = iter(todo)
    tasks: dict[str, Task] = {}

    def submit(task: Task) -> Future[list[Outcome]]:
        future = client.submit(check_part, task, key=f"commlint-{run}-{task.name}", pure=False)
        tasks[str(future.key)] = task
        return future

    running = as_completed([submit(task) for task in islice(pending, window)])  # type: ignore[no-untyped-call]
    for future in running:
        task = tasks.pop(str(future.key))
        try:
            outcomes: list[Outcome] = future.result()  # a CommlintError from a worker ends it
        except KilledWorker:
            raise CommlintError(
                f"part {task.name} of {task.path} killed every worker that took it (out of "
                "memory?); what was done is saved: run again with --resume, or with a smaller "
                "--part-rows"
            ) from None
        future.release()
        errors = [line for is_error, line in outcomes if is_error]
        store.write(task.name, [line for is_error, line in outcomes if not is_error], errors)
        stats.checked += len(outcomes) - len(errors)
        stats.errors += len(errors)
        update(len(outcomes), len(errors))
        for task in islice(pending, 1):
            running.add(submit(task))  # type: ignore[no-untyped-call]
