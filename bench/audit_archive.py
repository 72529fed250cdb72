"""Time `commlint audit` on a large archive and record its peak memory (all processes).

    python -m bench.audit_archive                  # 100,000 real agent replies, repeated
    python -m bench.audit_archive --rows 5000      # a shorter run

The archive is the `twitter_care` agent replies (../shared/corpora), cycled to `--rows` rows
with a distinct reference line per copy, written as JSONL in five teams. The
audit runs as a real `commlint audit` process; its memory is the summed resident size of it and
its worker processes, sampled twice a second.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.corpora import ROOT, TWITTER_CARE, agent_replies, expand


def write_archive(shared: Path, rows: int, path: Path) -> None:
    """`rows` agent replies as JSONL, cycled as the other benchmarks cycle them, in 5 teams."""
    corpus = agent_replies(shared)
    assert corpus is not None
    laps = -(-rows // len(corpus.texts))
    # `expand` counts words, and the reference lines it adds to repeats make each lap longer,
    # so ask for twice the words and cut to exactly `rows` messages
    texts = expand(corpus, 2 * laps * corpus.words).texts[:rows]
    if len(texts) != rows:
        raise SystemExit(f"could only build {len(texts):,} of {rows:,} rows")
    with path.open("w", encoding="utf-8") as out:
        for n, text in enumerate(texts):
            out.write(json.dumps({"id": f"r{n}", "team": f"team {n % 5}", "text": text}) + "\n")


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("COMMLINT_SHARED", ROOT.parent / "shared")) / "corpora",
    )
    args = parser.parse_args()
    if not (args.shared / TWITTER_CARE).is_file():
        print(f"skipped: {args.shared / TWITTER_CARE} not found")
        return 0
    with tempfile.TemporaryDirectory(prefix="commlint-audit-bench-") as folder:
        archive, out = Path(folder) / "replies.jsonl", Path(folder) / "out"
        write_archive(args.shared, args.rows, archive)
        command = [sys.executable, "-m", "commlint", "audit", str(archive), "--out", str(out)]
        command += ["--group", "team", "--id", "id", "--jobs", str(args.jobs)]
        start = time.monotonic()
        process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        watched, peak = psutil.Process(process.pid), 0
        while process.poll() is None:
            peak = max(peak, tree_rss(watched))
            time.sleep(0.5)
        seconds = time.monotonic() - start
        _, err = process.communicate()
        results = sum(1 for _ in (out / "results.jsonl").open(encoding="utf-8"))
        size = (out / "results.jsonl").stat().st_size
    print(err.strip().splitlines()[-1] if err.strip() else "")
    print(
        f"rows={args.rows:,} jobs={args.jobs} checked={results:,} wall={seconds:.0f}s "
        f"rate={results / seconds:.0f} msg/s peak_rss={peak / 2**20:.0f} MiB "
        f"results.jsonl={size / 2**20:.0f} MiB cores={os.cpu_count()} "
        f"load_1m_at_end={os.getloadavg()[0]:.1f}"
    )
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
