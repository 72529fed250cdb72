"""A soak test of `commlint serve`: memory per worker over many distinct messages, and recovery
from a check killed at the time limit.

    python -m bench.service_soak                     # 2,000 requests, 2 workers, the defaults
    python -m bench.service_soak --requests 300 --recycle-growth 16

It starts a real service on loopback (the test suite's, with its token and the `tone.slow` test
rule, so it needs `pip install -e ".[test]"`), then:

1. **soak**: `--clients` clients post `--requests` messages of `--words` words never seen
   before (made-up words: spaCy keeps each new one, which is what makes workers grow). The
   resident size of every worker is sampled; the table gives the largest worker before, its
   peak and the largest after, and how many workers were recycled.
2. **recovery**: one check that never ends (`tone.slow`) runs into the time limit while a
   client keeps posting ordinary messages until the killed worker's replacement is loaded.
   With two workers or more, none of those may be refused.

Every answer that is not 200 (except the time-limited one, 503) counts as an error.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import string
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
from tests.service.conftest import SLOW_PHRASE, TOKEN, start_server, stop_server

MIB = 1024 * 1024
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


def distinct_messages(count: int, words: int, seed: int = 20) -> list[str]:
    """`count` support replies, each with `words` made-up words no other message has."""
    rng = random.Random(seed)
    seen: set[str] = set()

    def word() -> str:
        while True:
            made_up = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 10)))
            if made_up not in seen:
                seen.add(made_up)
                return made_up

    return [
        f"Hi Sam, thanks for waiting. {' '.join(word() for _ in range(words))}. "
        "I will update you by 3 pm today."
        for _ in range(count)
    ]


def workers(app_pid: int) -> list[psutil.Process]:
    """The service's running check workers."""
    found = []
    for child in psutil.Process(app_pid).children():
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "spawn_main" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue
    return found


def resident(processes: list[psutil.Process]) -> dict[int, int]:
    """Resident bytes by pid, for the processes still running."""
    sizes = {}
    for process in processes:
        try:
            sizes[process.pid] = process.memory_info().rss
        except psutil.Error:
            continue
    return sizes


@dataclass
class Sampler:
    """Samples every worker's resident size in a thread: the peak of each pid."""

    app_pid: int
    peaks: dict[int, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> Sampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            for pid, size in resident(workers(self.app_pid)).items():
                self.peaks[pid] = max(self.peaks.get(pid, 0), size)


@dataclass
class Soak:
    """What one run of `soak` saw."""

    statuses: Counter[int]
    seconds: float
    before: dict[int, int]
    after: dict[int, int]
    peaks: dict[int, int]

    @property
    def recycled(self) -> int:
        """Workers that were replaced (every pid seen, less the ones still running)."""
        return len((set(self.peaks) | set(self.before)) - set(self.after))


async def _post_all(url: str, texts: list[str], clients: int) -> Counter[int]:
    statuses: Counter[int] = Counter()
    queue = list(reversed(texts))

    async def client() -> None:
        async with httpx.AsyncClient(base_url=url, headers=HEADERS, timeout=60) as http:
            while queue:
                text = queue.pop()
                try:
                    response = await http.post("/v1/check", json={"text": text})
                    statuses[response.status_code] += 1
                except httpx.HTTPError:
                    statuses[0] += 1

    await asyncio.gather(*(client() for _ in range(clients)))
    return statuses


def settle(app_pid: int, size: int) -> None:
    """Wait until exactly `size` workers run: replacements still loading are in."""
    for _ in range(3000):
        if len(workers(app_pid)) == size:
            return
        time.sleep(0.1)
    raise SystemExit(f"the service did not settle at {size} workers")


def soak(url: str, app_pid: int, size: int, texts: list[str], clients: int) -> Soak:
    """Post every text, `clients` at a time, sampling the workers' memory throughout; the
    memory after is measured once recycling has settled."""
    before = resident(workers(app_pid))
    started = time.perf_counter()
    with Sampler(app_pid) as sampler:
        statuses = asyncio.run(_post_all(url, texts, clients))
        seconds = time.perf_counter() - started
        settle(app_pid, size)
    return Soak(statuses, seconds, before, resident(workers(app_pid)), sampler.peaks)


@dataclass
class Recovery:
    slow_status: int
    seconds: float
    """From sending the time-limited check until the pool is whole again."""
    statuses: Counter[int]
    """Answers to the ordinary messages posted meanwhile."""


def recover(url: str, app_pid: int, size: int, text: str) -> Recovery:
    """Run a check into the time limit while posting `text` until the pool is whole again."""
    original = {p.pid for p in workers(app_pid)}
    statuses: Counter[int] = Counter()
    slow: list[int] = []

    def hit_the_limit() -> None:
        with httpx.Client(base_url=url, headers=HEADERS, timeout=120) as http:
            slow.append(http.post("/v1/check", json={"text": f"Sam, {SLOW_PHRASE}."}).status_code)

    started = time.perf_counter()
    limited = threading.Thread(target=hit_the_limit)
    limited.start()
    with httpx.Client(base_url=url, headers=HEADERS, timeout=120) as http:
        while time.perf_counter() - started < 600:
            statuses[http.post("/v1/check", json={"text": text}).status_code] += 1
            replaced = not original <= {p.pid for p in workers(app_pid)}
            loaded = http.get("/healthz").json()["workers"]
            if not limited.is_alive() and replaced and loaded == size:
                break
    limited.join()
    return Recovery(slow[0], time.perf_counter() - started, statuses)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--words", type=int, default=100, help="made-up words per message")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0, help="the service's time limit")
    parser.add_argument("--recycle-after", type=int, help="the service's (default: its own)")
    parser.add_argument("--recycle-growth", type=int, help="MiB (default: the service's own)")
    args = parser.parse_args()

    options = ["--workers", str(args.workers), "--timeout", str(args.timeout)]
    for name in ("recycle_after", "recycle_growth"):
        if getattr(args, name) is not None:
            options += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    texts = distinct_messages(args.requests, args.words)
    with open("/proc/loadavg") as loadavg:
        load_before = loadavg.read().split()[:3]
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp), "--log-level", "warning", *options)
        try:
            run = soak(server.url, server.process.pid, args.workers, texts, args.clients)
            recovery = recover(server.url, server.process.pid, args.workers, texts[0])
        finally:
            stop_server(server)
    with open("/proc/loadavg") as loadavg:
        load_after = loadavg.read().split()[:3]

    print(
        f"{args.requests} requests of {args.words} new words, {args.clients} clients, "
        f"{args.workers} workers, {psutil.cpu_count()} cores, service options: "
        f"{' '.join(options)}; load average {' '.join(load_before)} before, "
        f"{' '.join(load_after)} after\n"
    )
    print(
        "| requests | errors | msg/s | largest worker before MiB | peak MiB | "
        "largest after MiB | workers recycled |"
    )
    print("|---|---|---|---|---|---|---|")
    errors = run.statuses.total() - run.statuses[200]
    print(
        f"| {run.statuses.total()} | {errors} | {run.statuses.total() / run.seconds:.1f} | "
        f"{max(run.before.values()) / MIB:.0f} | {max(run.peaks.values()) / MIB:.0f} | "
        f"{max(run.after.values()) / MIB:.0f} | {run.recycled} |"
    )
    refused = recovery.statuses.total() - recovery.statuses[200]
    print(
        f"\nrecovery: the time-limited check answered {recovery.slow_status}; the pool was "
        f"whole again after {recovery.seconds:.1f} s; meanwhile {recovery.statuses.total()} "
        f"requests, {refused} refused"
    )
    return 1 if errors or refused or recovery.slow_status != 503 else 0


if __name__ == "__main__":
    sys.exit(main())
