"""A bounded load test of `commlint serve` on loopback: throughput, latency, errors, memory.

    python -m bench.service_load                          # 16 clients for 30 s, workers = cores
    python -m bench.service_load --clients 4 --seconds 10 --workers 1

It starts a real service, then `--clients` async HTTP clients (httpx) each post the project's
own messages (`corpora/`, `examples/`) to `/v1/check` one after another for `--seconds`.
Every answer that is not 200 counts as an error. Memory is the resident size of each check
worker and of the app process, sampled every half second; the peak is reported. The clients
share the machine with the service, so on a small machine they take some of its CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil

from bench.corpora import project_messages


def commlint_command() -> list[str]:
    """The installed console script, as users and hooks run it; else the module."""
    script = shutil.which("commlint", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "commlint"]


def start_service(workdir: Path, *options: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start `commlint serve --port 0` and wait until it prints its address."""
    log = workdir / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*commlint_command(), "serve", "--port", "0", *options],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    for _ in range(1800):
        found = re.search(r"serving on (http://\S+)", log.read_text())
        if found:
            return process, found.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    raise SystemExit(f"commlint serve did not start:\n{log.read_text()}")


class Memory:
    """Peak resident size of the app process and of its largest worker, sampled."""

    def __init__(self, pid: int) -> None:
        self.app = psutil.Process(pid)
        self.app_peak = 0
        self.worker_peak = 0
        self.workers = 0

    def sample(self) -> None:
        workers = [p for p in self.app.children() if "spawn_main" in " ".join(p.cmdline())]
        self.workers = len(workers)
        self.app_peak = max(self.app_peak, self.app.memory_info().rss)
        for worker in workers:
            try:
                self.worker_peak = max(self.worker_peak, worker.memory_info().rss)
            except psutil.NoSuchProcess:
                continue


async def _client(
    url: str, texts: list[str], offset: int, until: float, latencies: list[float]
) -> int:
    errors = 0
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        n = offset
        while time.perf_counter() < until:
            start = time.perf_counter()
            try:
                response = await client.post("/v1/check", json={"text": texts[n % len(texts)]})
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - start)
            errors += not ok
            n += 1
    return errors


async def _load(url: str, clients: int, seconds: float, memory: Memory) -> tuple[list[float], int]:
    texts = project_messages().texts
    latencies: list[float] = []
    until = time.perf_counter() + seconds

    async def watch() -> None:
        while time.perf_counter() < until:
            memory.sample()
            await asyncio.sleep(0.5)

    watcher = asyncio.create_task(watch())
    errors = await asyncio.gather(
        *(_client(url, texts, i * 7, until, latencies) for i in range(clients))
    )
    await watcher
    return latencies, sum(errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, help="check workers (default: the service's)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        workers = ["--workers", str(args.workers)] if args.workers else []
        service, url = start_service(Path(tmp), "--log-level", "warning", *workers)
        try:
            memory = Memory(service.pid)
            started = time.perf_counter()
            latencies, errors = asyncio.run(_load(url, args.clients, args.seconds, memory))
            elapsed = time.perf_counter() - started
        finally:
            service.terminate()
            service.wait(30)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    mib = 1024 * 1024
    print(
        f"{args.clients} clients, {args.seconds:g} s, {memory.workers} workers, "
        f"{psutil.cpu_count()} cores\n"
    )
    print(
        "| requests | errors | throughput (msg/s) | p50 ms | p95 ms | p99 ms | "
        "worker RSS peak MiB | app RSS peak MiB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {len(latencies)} | {errors} | {len(latencies) / elapsed:.1f} | "
        f"{statistics.median(latencies) * 1000:.0f} | {cuts[94] * 1000:.0f} | "
        f"{cuts[98] * 1000:.0f} | {memory.worker_peak / mib:.0f} | {memory.app_peak / mib:.0f} |"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
