"""Check workers: processes that each hold one `Linter`, and a pool the app can await.

A check runs in a worker process, never in the app process, so a check that runs too long can
be abandoned for real: the pool kills that worker, answers 503, and starts a fresh one, and the
other workers keep serving. A thread could not be stopped that way.

Workers start with the `spawn` method (a clean interpreter), because forking a process that
runs an event loop and threads is unsafe.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import signal
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from commlint.config import Config
from commlint.errors import CommlintError, ConfigError, InputError

if TYPE_CHECKING:
    from commlint.linter import Linter
    from commlint.report import Report

log = logging.getLogger("commlint.service")

STARTUP_LIMIT = 120.0  # seconds for a worker to load the pipeline and compile the rules
RESPAWN_DELAY = 5.0  # seconds between attempts when a replacement worker fails to start
WARM_UP = "Hi Sam, thanks for your patience. The VPN is fixed; tell me if it drops again."


@dataclass(frozen=True)
class Job:
    """One message to check, as sent to a worker (it must pickle)."""

    text: str
    fmt: str = "text"
    kind: str | None = None
    source: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config: Config | None = None  # the sender's settings: their thresholds give the verdict


class Invalid(CommlintError):
    """The request cannot be checked as sent; `field` names the request field at fault."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class Unavailable(CommlintError):
    """No answer in time: the check was abandoned, or no worker was free."""


class ServiceStartError(CommlintError):
    """A worker could not load the pipeline or the rules (a config or rule error)."""


# ---------------------------------------------------------------- in the worker process


def _narrow(report: Report, linter: Linter, job: Job) -> Report:
    """The report as if only the request's `select`/`ignore` rules had run, with the verdict
    of the sender's thresholds when the request brought its own settings.

    Rules score independently, so dropping a rule's findings and strengths and rescoring gives
    the same report a Linter built with that selection would; building one per request would
    reload the pipeline.
    """
    from commlint.rules.selection import select_rules
    from commlint.scoring import Thresholds, score_message

    running = {rule.id: rule for rule in linter.rules}
    keep = set(running)
    for name, select, ignore in (("select", job.select, ()), ("ignore", (), job.ignore)):
        try:
            keep &= {rule.id for rule in select_rules(running, select, ignore, {})}
        except ConfigError as exc:
            raise Invalid(name, exc.message.removeprefix(f"{name}: ")) from None
    findings = [f for f in report.findings if f.rule in keep]
    strengths = [s for s in report.strengths if s.rule in keep]
    scores = score_message(
        findings, strengths, report.kind, Thresholds.of(job.config or linter.config)
    )
    update = {"findings": findings, "strengths": strengths, **scores.report_fields()}
    return report.model_copy(update=update)


def check_job(linter: Linter, job: Job) -> str:
    """Check one job and return the report as JSON; raises `Invalid` for bad input."""
    from commlint.extract import extract

    try:
        message = extract(job.text.encode(), job.fmt, source=job.source)
        report = linter.check(message, job.kind, source=job.source)
    except InputError as exc:
        raise Invalid("text", exc.message) from None
    if job.select or job.ignore or job.config is not None:
        report = _narrow(report, linter, job)
    return report.model_dump_json()


def rule_catalogue(linter: Linter) -> list[dict[str, Any]]:
    """What `GET /v1/rules` lists: the rules that run, with their documentation."""
    from commlint.rules.docs import render_rule

    return [
        {
            "id": rule.id,
            "dimension": rule.dimension.value,
            "kind": getattr(rule, "kind", ""),
            "polarity": rule.polarity.value,
            "severity": rule.severity.value,
            "weight": rule.weight,
            "description": " ".join(rule.description.split()),
            "rationale": " ".join(rule.rationale.split()),
            "documentation": render_rule(rule),
        }
        for rule in linter.rules
    ]


def _worker_main(conn: Connection, config_json: str) -> None:
    """Load a Linter, say so, then answer jobs until the app closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the app decides when workers stop
    from commlint.linter import Linter
    from commlint.nlp.blas import one_blas_thread

    one_blas_thread()

    try:
        linter = Linter(Config.model_validate_json(config_json))
    except CommlintError as exc:
        conn.send(("error", str(exc)))
        return
    except Exception as exc:  # a bug while loading: one line for the operator, no traceback
        conn.send(("error", f"internal error: {type(exc).__name__}: {exc}"))
        return
    linter.check(WARM_UP)  # first-use loading happens now, not in someone's timed check
    conn.send(("ready", rule_catalogue(linter)))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", check_job(linter, job)))
        except Invalid as exc:
            conn.send(("invalid", (exc.field, exc.message)))
        except Exception as exc:  # a bug in a rule: answer 500, keep serving
            conn.send(("error", type(exc).__name__))  # never the message: it may quote the text


# ---------------------------------------------------------------- in the app process


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection

    @classmethod
    def spawn(cls, config_json: str) -> tuple[_Worker, list[dict[str, Any]]]:
        """Start a worker and wait until its Linter is loaded (blocking; run it in a thread)."""
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(
            target=_worker_main, args=(child, config_json), name="commlint-worker", daemon=True
        )
        process.start()
        child.close()
        worker = cls(process, parent)
        try:
            if not parent.poll(STARTUP_LIMIT):
                raise ServiceStartError(f"a worker did not load within {STARTUP_LIMIT:g} s")
            status, payload = parent.recv()
        except (EOFError, OSError):
            worker.stop()
            raise ServiceStartError("a worker exited while loading the pipeline") from None
        except ServiceStartError:
            worker.stop()
            raise
        if status != "ready":
            worker.stop()
            raise ServiceStartError(str(payload))
        return worker, payload

    def exchange(self, job: Job) -> tuple[str, Any]:
        """Send a job and wait for its answer (blocking; run it in a thread)."""
        try:
            self.conn.send(job)
            status, payload = self.conn.recv()
        except (EOFError, OSError):
            return "lost", None
        return status, payload

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


@dataclass
class WorkerPool:
    """`size` workers behind an idle queue; `check` waits for one, with a time limit."""

    config: Config
    size: int
    timeout: float
    rules: list[dict[str, Any]] = field(default_factory=list)
    _idle: asyncio.Queue[_Worker] = field(init=False)
    _workers: set[_Worker] = field(default_factory=set, init=False)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set, init=False)
    _threads: ThreadPoolExecutor = field(init=False)
    _closed: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self._idle = asyncio.Queue()
        # One thread waits on each busy worker; a killed worker's thread ends at once (EOF).
        self._threads = ThreadPoolExecutor(self.size * 2, thread_name_prefix="commlint-wait")

    @property
    def live(self) -> int:
        """Workers with a loaded pipeline (busy or idle)."""
        return len(self._workers)

    async def start(self) -> None:
        """Start every worker; raises `ServiceStartError` if any cannot load."""
        config_json = self.config.model_dump_json()
        started = await asyncio.gather(
            *(asyncio.to_thread(_Worker.spawn, config_json) for _ in range(self.size)),
            return_exceptions=True,
        )
        errors = [s for s in started if isinstance(s, BaseException)]
        for item in started:
            if not isinstance(item, BaseException):
                self._add(item[0])
                self.rules = item[1]
        if errors:
            await self.close()
            raise errors[0]

    def _add(self, worker: _Worker) -> None:
        self._workers.add(worker)
        self._idle.put_nowait(worker)

    async def check(self, job: Job) -> str:
        """The report JSON for `job`. Raises `Invalid`, `Unavailable`, or `RuntimeError` for
        a bug in a rule."""
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            raise Unavailable("every worker is busy; try again") from None
        loop = asyncio.get_running_loop()
        answered = False
        try:
            status, payload = await asyncio.wait_for(
                loop.run_in_executor(self._threads, worker.exchange, job), self.timeout
            )
            answered = status != "lost"
        except TimeoutError:
            raise Unavailable(f"the check ran past the {self.timeout:g} s limit") from None
        finally:
            if answered:
                self._idle.put_nowait(worker)
            else:  # timed out, cancelled or crashed: it may still be working, so replace it
                self._replace(worker)
        if status == "ok":
            return str(payload)
        if status == "invalid":
            raise Invalid(*payload)
        if status == "lost":
            raise Unavailable("the worker stopped during the check")
        raise RuntimeError(f"a rule failed: {payload}")

    def _replace(self, worker: _Worker) -> None:
        self._workers.discard(worker)
        worker.process.kill()
        log.warning("worker %s stopped; starting a replacement", worker.process.pid)
        task = asyncio.get_running_loop().create_task(self._respawn(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self, old: _Worker) -> None:
        await asyncio.to_thread(old.stop)
        config_json = self.config.model_dump_json()
        while not self._closed:
            try:
                worker, _ = await asyncio.to_thread(_Worker.spawn, config_json)
            except ServiceStartError as exc:
                log.error("replacement worker failed to start: %s", exc)
                await asyncio.sleep(RESPAWN_DELAY)
                continue
            if self._closed:
                worker.stop()
            else:
                self._add(worker)
            return

    async def close(self) -> None:
        """Stop every worker and cancel pending replacements."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        workers, self._workers = list(self._workers), set()
        await asyncio.gather(*(asyncio.to_thread(w.stop) for w in workers))
        self._threads.shutdown(wait=False, cancel_futures=True)
