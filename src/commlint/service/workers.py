"""Check workers: processes that each hold one `Linter`, and a pool the app can await.

A check runs in a worker process, never in the app process, so a check that runs too long can
be abandoned for real: the pool kills that worker, answers 503, and starts a fresh one, and the
other workers keep serving. A thread could not be stopped that way. A worker that dies (killed,
crashed, out of memory) is replaced too, and a check it was running is retried once on another.

spaCy keeps every new word it sees, so a worker's memory grows with the distinct text it checks.
The pool recycles a worker after `recycle_after` checks or once it has grown `recycle_growth`
bytes past its size when ready: the replacement loads first and the old worker keeps serving
until it is in, so recycling never refuses a request.

Workers start with the `spawn` method (a clean interpreter), because forking a process that
runs an event loop and threads is unsafe.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import signal
from collections import deque
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

import psutil

from commlint.config import Config
from commlint.errors import CommlintError, ConfigError
from commlint.service.settings import DEFAULT_RECYCLE_AFTER, DEFAULT_RECYCLE_GROWTH

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
    fix: bool = False  # apply the safe fixes and answer with the fixed text (`POST /v1/fix`)


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
    """Check one job and return the report as JSON; raises `Invalid` for bad input.

    Every `CommlintError` from reading or checking the message is the message's fault: it
    becomes `Invalid("text")`, a 422, never a 500.
    """
    from commlint.extract import extract

    try:
        message = extract(job.text.encode(), job.fmt, source=job.source)
        report = linter.check(message, job.kind, source=job.source)
    except CommlintError as exc:
        raise Invalid("text", exc.message) from None
    if job.select or job.ignore or job.config is not None:
        report = _narrow(report, linter, job)
    return report.model_dump_json()


def fix_job(linter: Linter, job: Job) -> str:
    """Apply the safe fixes to the job's text; answers a `FixResponse` as JSON."""
    from commlint.fixes import fix_message
    from commlint.service.models import FixResponse

    try:
        result = fix_message(linter, job.text.encode(), job.fmt, source=job.source, kind=job.kind)
    except CommlintError as exc:
        raise Invalid("text", exc.message) from None
    not_fixed = [*result.refused]
    not_fixed += [
        f"{e.line}:{e.column}: {e.rule}: not fixed: it would bring a new finding"
        for e in result.dropped
    ]
    return FixResponse(
        text=result.data.decode("utf-8", errors="replace"),
        fixed=len({(e.rule, e.line, e.column) for e in result.applied}),
        not_fixed=list(dict.fromkeys(not_fixed)),
    ).model_dump_json()


def rule_catalogue(linter: Linter) -> list[dict[str, Any]]:
    """What `GET /v1/rules` lists: the rules that run, with their documentation."""
    from commlint.rules.docs import render_rule

    return [
        {
            "id": rule.id,
            "pack": rule.pack,
            "dimension": rule.dimension.value if rule.dimension is not None else None,
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
            conn.send(("ok", (fix_job if job.fix else check_job)(linter, job)))
        except Invalid as exc:
            conn.send(("invalid", (exc.field, exc.message)))
        except Exception as exc:  # a bug in a rule: answer 500, keep serving
            conn.send(("error", type(exc).__name__))  # never the message: it may quote the text


# ---------------------------------------------------------------- in the app process


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    ready_rss: int
    """Resident bytes once loaded and warmed up: the base that `recycle_growth` is added to."""
    rss: int = 0
    """Resident bytes after its last check."""
    checks: int = 0
    retiring: bool = False
    """A replacement is loading; this worker keeps serving until it is in."""
    retired: bool = False
    """The replacement is in: stop this worker as soon as it is idle."""

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
        worker = cls(process, parent, 0)
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
        worker.ready_rss = worker.rss = worker.resident()
        return worker, payload

    def resident(self) -> int:
        """The worker's resident memory in bytes (0 once it has exited)."""
        try:
            return int(psutil.Process(self.process.pid).memory_info().rss)
        except psutil.Error:
            return 0

    def exchange(self, job: Job) -> tuple[str, Any]:
        """Send a job and wait for its answer, then measure the worker (blocking; run it in a
        thread)."""
        try:
            self.conn.send(job)
            status, payload = self.conn.recv()
        except (EOFError, OSError):
            return "lost", None
        self.rss = self.resident()
        return status, payload

    def stop(self) -> None:
        """Kill and reap the process. The pipe closes with the last reference to it: a thread
        abandoned at the time limit may still be reading it."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


@dataclass
class WorkerPool:
    """`size` workers; `check` waits for a free one, with a time limit, and keeps the pool at
    `size` through time-outs, crashes and recycling."""

    config: Config
    size: int
    timeout: float
    recycle_after: int = DEFAULT_RECYCLE_AFTER
    """Checks after which a worker is replaced."""
    recycle_growth: int = DEFAULT_RECYCLE_GROWTH * 1024 * 1024
    """Bytes a worker may grow past its size when ready before it is replaced."""
    rules: list[dict[str, Any]] = field(default_factory=list)
    _workers: set[_Worker] = field(default_factory=set, init=False)
    """Every running worker: loaded, busy or idle, retiring or retired."""
    _idle: deque[_Worker] = field(default_factory=deque, init=False)
    _waiters: deque[asyncio.Future[_Worker]] = field(default_factory=deque, init=False)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set, init=False)
    _threads: ThreadPoolExecutor = field(init=False)
    _closed: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        # One thread waits on each busy worker (retired ones included); a killed worker's
        # thread ends at once (EOF).
        self._threads = ThreadPoolExecutor(self.size * 2, thread_name_prefix="commlint-wait")

    @property
    def live(self) -> int:
        """Workers with a loaded pipeline that take new checks (busy or idle)."""
        return sum(not worker.retired for worker in self._workers)

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
                self._adopt(item[0])
                self.rules = item[1]
        if errors:
            await self.close()
            raise errors[0]

    async def check(self, job: Job) -> str:
        """The report JSON for `job`. Raises `Invalid`, `Unavailable`, or `RuntimeError` for
        a bug in a rule.

        A worker that dies during the check is replaced and the check retried once on another,
        so a killed or crashed worker costs no request while another is free; a second death
        is taken to be the message's doing and answered 503.
        """
        deadline = asyncio.get_running_loop().time() + self.timeout
        for _attempt in range(2):
            worker = await self._acquire(deadline)
            status, payload = await self._exchange(worker, job)
            if status != "lost":
                break
        if status == "ok":
            return str(payload)
        if status == "invalid":
            raise Invalid(*payload)
        if status == "lost":
            raise Unavailable("the worker stopped during the check (restarting); try again")
        raise RuntimeError(f"a rule failed: {payload}")

    async def _acquire(self, deadline: float) -> _Worker:
        """A free, running worker; waits for one until `deadline`, but answers at once when
        no worker is loaded (all are restarting), since waiting would only delay the 503."""
        while True:
            if self._idle:
                worker = self._idle.popleft()
            elif not self.live:
                raise Unavailable("no worker is ready (restarting after a failure); try again")
            else:
                worker = await self._wait(deadline)
            if worker.process.is_alive():
                return worker
            self._lost(worker, "exited while idle")

    async def _wait(self, deadline: float) -> _Worker:
        waiter: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout_at(deadline):
                return await waiter
        except TimeoutError:
            raise Unavailable("every worker is busy; try again") from None
        except BaseException:  # cancelled: a worker handed over just now goes back
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._release(waiter.result())
            raise
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    async def _exchange(self, worker: _Worker, job: Job) -> tuple[str, Any]:
        loop = asyncio.get_running_loop()
        try:
            status, payload = await asyncio.wait_for(
                loop.run_in_executor(self._threads, worker.exchange, job), self.timeout
            )
        except TimeoutError:
            self._lost(worker, f"ran past the {self.timeout:g} s limit")
            raise Unavailable(f"the check ran past the {self.timeout:g} s limit") from None
        except BaseException:  # cancelled: it may still be working, so replace it
            self._lost(worker, "was abandoned during a check")
            raise
        if status == "lost":
            self._lost(worker, "stopped during a check")
            return status, payload
        worker.checks += 1
        grown = worker.rss - worker.ready_rss
        if not worker.retiring and (
            worker.checks >= self.recycle_after or grown > self.recycle_growth
        ):
            log.info(
                "recycling worker %s after %d checks (grown %d MiB)",
                worker.process.pid,
                worker.checks,
                grown >> 20,
            )
            worker.retiring = True
            self._background(self._replace(worker))
        self._release(worker)
        return status, payload

    def _release(self, worker: _Worker) -> None:
        """Hand a worker that answered to the first waiting check, or put it back as idle."""
        if worker.retired:
            self._stop(worker)
            return
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    def _adopt(self, worker: _Worker) -> None:
        """Take a loaded worker into the pool, and notice at once if it dies while idle."""
        self._workers.add(worker)
        with contextlib.suppress(NotImplementedError):  # else noticed when next picked
            asyncio.get_running_loop().add_reader(worker.process.sentinel, self._exited, worker)
        self._release(worker)

    def _exited(self, worker: _Worker) -> None:
        """A worker's process ended. A busy one is handled by its check, which reads EOF."""
        asyncio.get_running_loop().remove_reader(worker.process.sentinel)
        if worker in self._idle:
            self._lost(worker, "exited while idle")

    def _stop(self, worker: _Worker) -> None:
        """Take a worker out of the pool and stop it (in the background)."""
        self._workers.discard(worker)
        if worker in self._idle:
            self._idle.remove(worker)
        with contextlib.suppress(NotImplementedError):
            asyncio.get_running_loop().remove_reader(worker.process.sentinel)
        worker.process.kill()
        self._background(asyncio.to_thread(worker.stop))

    def _lost(self, worker: _Worker, why: str) -> None:
        """A worker died or was abandoned: stop it and, unless one is already loading for it,
        start a replacement. Called again for the same worker, it does nothing."""
        if worker not in self._workers:
            return
        self._stop(worker)
        log.warning("worker %s %s; starting a replacement", worker.process.pid, why)
        if not worker.retiring:
            self._background(self._replace(None))

    async def _replace(self, old: _Worker | None) -> None:
        """Load a new worker, retrying while it fails; then retire `old`, if given."""
        config_json = self.config.model_dump_json()
        while not self._closed:
            try:
                worker, _ = await asyncio.to_thread(_Worker.spawn, config_json)
            except ServiceStartError as exc:
                log.error("replacement worker failed to start: %s", exc)
                await asyncio.sleep(RESPAWN_DELAY)
                continue
            if self._closed:
                await asyncio.to_thread(worker.stop)
                return
            self._adopt(worker)
            if old is not None and old in self._workers:
                old.retired = True
                if old in self._idle:
                    self._stop(old)
            return

    def _background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        """Stop every worker, cancel pending replacements and refuse waiting checks."""
        self._closed = True
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_exception(Unavailable("the service is stopping"))
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for worker in list(self._workers):
            self._stop(worker)
        for task in list(self._tasks):
            await task
        self._threads.shutdown(wait=False, cancel_futures=True)
