"""Scaling of `commlint audit`: the single-machine audit against `--engine dask`, 1 and 2 workers.

    python -m bench.audit_dask                 # 20,000 real agent replies, 3 interleaved rounds
    python -m bench.audit_dask --quick         # 200 replies, 1 round: shows the harness works
    python -m bench.audit_dask --json out.json # also write the figures as JSON

The archive is the `twitter_care` agent replies (../shared/corpora), cycled to `--rows` rows
with a distinct reference line per copy (as `bench.audit_archive` builds it), as JSONL. Each
run is a real `commlint audit` process into a fresh folder, timed from start to exit (so
pipeline loading and cluster start are in the figure); the four set-ups take turns within each
round and each figure is the median over the rounds. Peak memory per worker is the largest
resident size of one checking process (the audit process itself with `--jobs 1`, otherwise the
worker processes), sampled twice a second. The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.audit_archive import write_archive
from bench.corpora import ROOT, TWITTER_CARE

SETUPS = {  # name -> (processes that check, options)
    "audit --jobs 1": (1, ["--jobs", "1"]),
    "dask, 1 worker": (1, ["--engine", "dask", "--workers", "1"]),
    "audit --jobs 2": (2, ["--jobs", "2"]),
    "dask, 2 workers": (2, ["--engine", "dask", "--workers", "2"]),
}


def _workers(root: psutil.Process) -> list[psutil.Process]:
    """The processes that check: spawned workers, or the audit process itself."""
    spawned = []
    for child in root.children(recursive=True):
        try:
            if "spawn_main" in " ".join(child.cmdline()):
                spawned.append(child)
        except psutil.Error:
            continue
    return spawned or [root]


def run_once(archive: Path, out: Path, options: list[str]) -> tuple[float, int, int]:
    """(wall seconds, rows done, peak resident bytes of one checking process)."""
    command = [sys.executable, "-m", "commlint", "audit", str(archive), "--out", str(out)]
    command += ["--id", "id", "--group", "team", *options]
    start = time.monotonic()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    root, peak = psutil.Process(process.pid), 0
    try:
        while process.poll() is None:
            for worker in _workers(root):
                try:
                    peak = max(peak, worker.memory_info().rss)
                except psutil.Error:
                    continue
            time.sleep(0.5)
    except BaseException:  # Ctrl+C: stop the audit too (its workers follow it)
        process.kill()
        raise
    seconds = time.monotonic() - start
    _, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {err.strip()[-500:]}")
    done = sum(
        1
        for path in [*out.glob("*.jsonl"), *out.glob("results/*.jsonl"), *out.glob("errors/*")]
        for _ in path.open(encoding="utf-8")
    )
    return seconds, done, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="200 rows, 1 round")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("COMMLINT_SHARED", ROOT.parent / "shared")) / "corpora",
    )
    args = parser.parse_args()
    rows, rounds = (200, 1) if args.quick else (args.rows, args.rounds)
    if not (args.shared / TWITTER_CARE).is_file():
        print(f"skipped: {args.shared / TWITTER_CARE} not found")
        return 0
    load_before = os.getloadavg()
    runs: dict[str, list[tuple[float, int, int]]] = {name: [] for name in SETUPS}
    with tempfile.TemporaryDirectory(prefix="commlint-dask-bench-") as folder:
        archive = Path(folder) / "replies.jsonl"
        write_archive(args.shared, rows, archive)
        for round_ in range(rounds):
            for number, (name, (_, options)) in enumerate(SETUPS.items()):
                out = Path(folder) / f"out-{round_}-{number}"
                runs[name].append(run_once(archive, out, options))
                seconds, done, peak = runs[name][-1]
                print(
                    f"round {round_ + 1}: {name}: {done:,} rows in {seconds:.1f} s, "
                    f"peak {peak / 2**20:.0f} MiB per worker, "
                    f"load {os.getloadavg()[0]:.1f}",
                    file=sys.stderr,
                )
    load_after = os.getloadavg()
    figures = {}
    for name, (processes, _) in SETUPS.items():
        seconds = statistics.median(run[0] for run in runs[name])
        figures[name] = {
            "processes": processes,
            "rows": runs[name][0][1],
            "seconds": round(seconds, 1),
            "msg_per_s": round(rows / seconds, 1),
            "msg_per_s_per_process": round(rows / seconds / processes, 1),
            "peak_mib_per_worker": round(max(run[2] for run in runs[name]) / 2**20),
        }
    for plain, dask in (
        ("audit --jobs 1", "dask, 1 worker"),
        ("audit --jobs 2", "dask, 2 workers"),
    ):
        overhead = figures[dask]["seconds"] / figures[plain]["seconds"] - 1
        figures[dask]["overhead_pct"] = round(100 * overhead, 1)
    print(f"| set-up | rows | wall (median of {rounds}) | msg/s | msg/s per process | "
          "Dask overhead | peak per worker |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for name, row in figures.items():
        overhead = f"{row['overhead_pct']:+.1f}%" if "overhead_pct" in row else ""
        print(
            f"| {name} | {row['rows']:,} | {row['seconds']:.1f} s | {row['msg_per_s']:.1f} | "
            f"{row['msg_per_s_per_process']:.1f} | {overhead} | {row['peak_mib_per_worker']} MiB |"
        )
    print(
        f"cores={os.cpu_count()} load average before={load_before[0]:.2f} "
        f"after={load_after[0]:.2f} (1 min), {load_after[1]:.2f} (5 min)"
    )
    if args.json:
        meta = {
            "rows": rows,
            "rounds": rounds,
            "load_before": load_before,
            "load_after": load_after,
        }
        args.json.write_text(json.dumps({**meta, "setups": figures}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
