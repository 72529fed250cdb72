"""Time the pre-send hook as a person waiting on Send feels it: the whole process, start to exit.

    python -m bench.hook_latency                 # starts a service, 50 runs of each path
    python -m bench.hook_latency --runs 200
    python -m bench.hook_latency --server http://127.0.0.1:8750   # an already running service

Paths timed, each on the same 150-word message fed on stdin:
- `commlint hook --server URL`: the fast path (target p50 <= 100 ms, p95 <= 200 ms);
- `commlint hook` without a server: loads spaCy and the rules in the process;
- the same POST from a bare interpreter (stdlib only): the floor for any hook process;
- the same POST from this process (no interpreter start): what the service itself takes;
- `python -c pass` and `python -c "import commlint.cli"`: what a hook process pays first.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from bench.service_load import commlint_command, start_service

MESSAGE = """\
Hi Priya,

Thanks for letting us know that the shared calendar stopped syncing on your laptop this
morning. I'm sorry it made you miss the start of the planning meeting; that is the
kind of thing this calendar is meant to prevent.

We found the cause: an update we installed overnight changed a setting on some laptops, and
yours was one of them. Marco from our team will change it back remotely by 2 pm today. You
don't need to restart or do anything while he works; the calendar may close for a minute.

Until then, you can see every meeting in the web calendar at calendar.example.com, which is
not affected.

I'll email you as soon as Marco confirms the fix. If the calendar still looks wrong after 2 pm,
reply to this email or call me on extension 4417 and I will look at it with you.

Best,
Sam
"""
FLOOR = (  # the same request from a bare interpreter: what a hook process cannot go below
    "import http.client, json, sys\n"
    "connection = http.client.HTTPConnection(sys.argv[1], int(sys.argv[2]))\n"
    "body = json.dumps({'text': sys.stdin.read()}).encode()\n"
    "connection.request('POST', '/v1/check', body, {'Content-Type': 'application/json'})\n"
    "connection.getresponse().read()\n"
)
TARGET_P50 = 0.100
TARGET_P95 = 0.200


def _time(command: Sequence[str], runs: int, env: dict[str, str]) -> list[float]:
    """Wall-clock seconds of `runs` complete processes (after one untimed warm-up run)."""
    times: list[float] = []
    for run in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(command, input=MESSAGE.encode(), capture_output=True, env=env, check=False)
        if run:
            times.append(time.perf_counter() - start)
    return times


def _requests(url: str, runs: int) -> list[float]:
    """Wall-clock seconds of `runs` POSTs from this process, a new connection each."""
    parts = urlsplit(url)
    body = json.dumps({"text": MESSAGE}).encode()
    times: list[float] = []
    for run in range(runs + 1):
        start = time.perf_counter()
        connection = http.client.HTTPConnection(str(parts.hostname), parts.port)
        connection.request("POST", "/v1/check", body, {"Content-Type": "application/json"})
        connection.getresponse().read()
        connection.close()
        if run:
            times.append(time.perf_counter() - start)
    return times


def _quantile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def _row(name: str, times: list[float]) -> str:
    p50, p95 = statistics.median(times), _quantile(times, 0.95)
    return (
        f"| {name} | {len(times)} | {p50 * 1000:.0f} | {p95 * 1000:.0f} | {max(times) * 1000:.0f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="timed runs of the fast path")
    parser.add_argument("--local-runs", type=int, default=5, help="timed runs without a server")
    parser.add_argument("--server", help="use this running service instead of starting one")
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if k != "COMMLINT_TOKEN"}
    with tempfile.TemporaryDirectory() as tmp:
        service, url = (
            (None, args.server) if args.server else start_service(Path(tmp), "--workers", "1")
        )
        try:
            fast = _time([*commlint_command(), "hook", "--server", url], args.runs, env)
            python = _time([sys.executable, "-c", "pass"], args.runs, env)
            parts = urlsplit(url)
            floor = _time(
                [sys.executable, "-c", FLOOR, str(parts.hostname), str(parts.port)], args.runs, env
            )
            service_only = _requests(url, args.runs)
            imports = _time([sys.executable, "-c", "import commlint.cli"], args.runs, env)
            local = _time([*commlint_command(), "hook"], args.local_runs, env)
        finally:
            if service is not None:
                service.terminate()
                service.wait(30)
    print(f"hook latency, {len(MESSAGE.split())}-word message, {os.cpu_count()} cores, ms\n")
    print("| path | runs | p50 | p95 | max |\n|---|---|---|---|---|")
    print(_row("`commlint hook --server` (service on loopback)", fast))
    print(_row("`commlint hook` (local: loads spaCy)", local))
    print(_row("stdlib-only POST to the same service (`python -c ...`)", floor))
    print(_row("the same POST from the benchmark process (the service's answer)", service_only))
    print(_row("`python -c pass`", python))
    print(_row("`python -c 'import commlint.cli'`", imports))
    met = statistics.median(fast) <= TARGET_P50 and _quantile(fast, 0.95) <= TARGET_P95
    print(
        f"\ntarget p50 <= {TARGET_P50 * 1000:.0f} ms, p95 <= {TARGET_P95 * 1000:.0f} ms: "
        f"{'met' if met else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
