"""Hostile inputs: CPU seconds and peak memory of one check, by input shape and size.

    python -m bench.hostile                 # every shape at 1k, 10k and 100k characters
    python -m bench.hostile --doc           # also replaces the table in docs/reliability.md
    python -m bench.hostile --quick         # two shapes at 1k and 10k: shows the harness works

Each shape is a kind of text a sender can produce that once cost time in the square of its
length (long runs without whitespace, many lines or paragraphs, many commands, a Subject of
encoded words). Each is checked through four entry points:

- `api`: `Linter.check` in a fresh process; CPU seconds of the check alone, and the process's
  peak resident memory less its size before the check;
- `check` and `hook`: the whole `commlint check` / `commlint hook` process (start-up included),
  CPU seconds and peak resident memory from the operating system's accounting of that child;
- `service`: one `POST /v1/check` to a running `commlint serve --workers 1`; CPU seconds of
  its worker processes, and their resident memory after the request.

A cost that grows linearly grows about tenfold from 10k to 100k characters (less where a fixed
start-up cost dominates); the table shows that factor for each row. Every figure is one run on
a shared machine: the load average is printed with the results.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.corpora import ROOT
from bench.service_load import commlint_command, start_service

DOC = ROOT / "docs" / "reliability.md"
DOC_BEGIN, DOC_END = "<!-- BEGIN hostile results -->", "<!-- END hostile results -->"
SIZES = (1_000, 10_000, 100_000)
ENTRY_POINTS = ("api", "check", "hook", "service")
PROSE = (
    "Hi Dana, the shared drive on floor 3 is back. I'm sorry it was down for most of the "
    "morning. We restarted the file server at 10:40 and checked every share; your reports "
    "folder opens again. If anything still looks wrong, reply here or call me on ext. 4410, "
    "and I'll look at it before 5 pm today.\n\n"
)


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _encoded_subject(n: int) -> str:
    """An email whose Subject is made of RFC 2047 encoded words (about n characters)."""
    word = "=?utf-8?b?" + base64.b64encode("café ".encode()).decode() + "?="
    words = max(1, (n - 200) // (len(word) + 1))
    return (
        "From: a@example.com\r\nTo: b@example.com\r\nSubject: "
        + " ".join([word] * words)
        + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHi Dana, the printer is fixed.\r\n"
    )


SHAPES: dict[str, tuple[Callable[[int], str], str]] = {
    "emoji without spaces": (_repeat("\U0001f600"), "text"),
    "`%` without spaces": (_repeat("%"), "text"),
    "brackets without spaces": (_repeat("(["), "text"),
    "quotes without spaces": (_repeat('"'), "text"),
    "`。` without spaces": (_repeat("。"), "text"),
    "`&amp;` without spaces": (_repeat("&amp;"), "text"),
    "`word` + blank line": (_repeat("word\n\n"), "text"),
    "`ok` + line break": (_repeat("ok\n"), "text"),
    "commands": (_repeat("Restart it. Click here. Send the log. "), "text"),
    "questions never closed": (_repeat("why me\nso what you\n"), "text"),
    "support prose": (_repeat(PROSE), "text"),
    "one long word": (_repeat("a"), "text"),
    "Subject of encoded words": (_encoded_subject, "eml"),
}


# -- one measurement each ------------------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_api(shape: str, size: int) -> dict[str, object]:
    """In this (fresh) process: build a Linter, then time one check of the shape."""
    from commlint import Config, Linter, extract

    make, fmt = SHAPES[shape]
    data = make(size).encode()
    linter = Linter(Config(max_chars=10 * max(SIZES)))
    linter.check("Hi Dana, the printer is fixed.")
    before = _rss_mb()
    cpu = time.process_time()
    try:
        linter.check(extract.extract(data, fmt, source=f"input.{fmt}"))
        outcome = "report"
    except Exception as exc:  # a documented error is an outcome too; the table names it
        outcome = type(exc).__name__
    return {"cpu": time.process_time() - cpu, "mb": max(0.0, _rss_mb() - before), "out": outcome}


def _child(command: list[str]) -> dict[str, object]:
    """Run a whole process; its CPU seconds and peak memory from its own accounting."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "cpu": usage.ru_utime + usage.ru_stime,
        "mb": usage.ru_maxrss / 1024,
        "out": f"exit {process.returncode}",
    }


def _service_worker_cpu(pid: int) -> tuple[float, float]:
    import psutil

    children = psutil.Process(pid).children(recursive=True)
    cpu = sum(sum(c.cpu_times()[:2]) for c in children)
    mb = max((c.memory_info().rss / 2**20 for c in children), default=0.0)
    return cpu, mb


def run(shapes: list[str], sizes: tuple[int, ...]) -> dict[str, dict[str, dict[int, dict]]]:
    """results[shape][entry point][size] = {"cpu": s, "mb": MB, "out": outcome}."""
    import httpx

    results: dict[str, dict[str, dict[int, dict]]] = {
        s: {e: {} for e in ENTRY_POINTS} for s in shapes
    }
    commlint = commlint_command()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        config = work / "commlint.toml"
        config.write_text(f"max_chars = {10 * max(SIZES)}\n", encoding="utf-8")
        server, url = start_service(work, "--workers", "1", "--config", str(config))
        try:
            for shape in shapes:
                make, fmt = SHAPES[shape]
                for size in sizes:
                    text = make(size)
                    path = work / f"input.{'eml' if fmt == 'eml' else 'txt'}"
                    path.write_text(text, encoding="utf-8")
                    row = results[shape]
                    row["api"][size] = json.loads(
                        subprocess.run(
                            [sys.executable, "-m", "bench.hostile", "--one", shape, str(size)],
                            capture_output=True,
                            text=True,
                            check=True,
                            cwd=ROOT,
                        ).stdout.splitlines()[-1]
                    )
                    row["check"][size] = _child(
                        [*commlint, "check", "--config", str(config), str(path)]
                    )
                    row["hook"][size] = _child(
                        [*commlint, "hook", "--config", str(config), str(path)]
                    )
                    cpu_before, _ = _service_worker_cpu(server.pid)
                    answer = httpx.post(
                        f"{url.rstrip('/')}/v1/check",
                        json={"text": text, "format": fmt},
                        timeout=120,
                    )
                    cpu_after, mb = _service_worker_cpu(server.pid)
                    row["service"][size] = {
                        "cpu": cpu_after - cpu_before,
                        "mb": mb,
                        "out": f"HTTP {answer.status_code}",
                    }
                    print(
                        f"{shape:28} {size:>7}",
                        "  ".join(
                            f"{e} {row[e][size]['cpu']:.2f}s {row[e][size]['mb']:.0f}MB"
                            for e in ENTRY_POINTS
                        ),
                        flush=True,
                    )
        finally:
            server.terminate()
            server.wait(timeout=30)
    return results


# -- the table -----------------------------------------------------------------------------------


def table(results: dict[str, dict[str, dict[int, dict]]], sizes: tuple[int, ...], load: str) -> str:
    small, large = sizes[-2], sizes[-1]
    head = " | ".join(
        f"{e} CPU s ({', '.join(f'{s // 1000}k' for s in sizes)})" for e in ENTRY_POINTS
    )
    lines = [
        f"One run of `python -m bench.hostile`; load average before and after: {load}.",
        f"Growth is CPU at {large // 1000}k over CPU at {small // 1000}k characters (linear: "
        "about 10, less where start-up dominates). Memory is the peak at the largest size, MB;",
        "for the service, the largest worker after the request (a worker that grew past its",
        "memory budget has been replaced by then, hence the small figures).",
        "",
        f"| shape | {head} | API growth | peak MB (api / check / hook / service) | outcome |",
        "|---|" + "---|" * (len(ENTRY_POINTS) + 3),
    ]
    for shape, row in results.items():
        cells = [" / ".join(f"{row[e][s]['cpu']:.2f}" for s in sizes) for e in ENTRY_POINTS]
        api = row["api"]
        growth = api[large]["cpu"] / max(api[small]["cpu"], 0.01)
        memory = " / ".join(f"{row[e][large]['mb']:.0f}" for e in ENTRY_POINTS)
        outcome = ", ".join(sorted({str(row[e][large]["out"]) for e in ENTRY_POINTS}))
        lines.append(f"| {shape} | {' | '.join(cells)} | {growth:.1f} | {memory} | {outcome} |")
    return "\n".join(lines) + "\n"


def _load() -> str:
    return (
        " ".join(Path("/proc/loadavg").read_text().split()[:3])
        if Path("/proc/loadavg").exists()
        else "n/a"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.hostile", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="two shapes at 1k and 10k characters")
    parser.add_argument(
        "--doc", action="store_true", help="replace the table in docs/reliability.md"
    )
    parser.add_argument("--one", nargs=2, metavar=("SHAPE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_api(args.one[0], int(args.one[1]))))
        return 0
    shapes = ["emoji without spaces", "`word` + blank line"] if args.quick else list(SHAPES)
    sizes = SIZES[:2] if args.quick else SIZES
    before = _load()
    results = run(shapes, sizes)
    text = table(results, sizes, f"{before} / {_load()}")
    print(text)
    out = ROOT / "bench" / ("hostile-quick.md" if args.quick else "hostile.md")
    out.write_text(text, encoding="utf-8")
    if args.doc:
        doc = DOC.read_text(encoding="utf-8")
        start, end = doc.index(DOC_BEGIN) + len(DOC_BEGIN), doc.index(DOC_END)
        DOC.write_text(doc[:start] + "\n" + text + doc[end:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
