"""Time commlint against proselint and the bare spaCy pipeline, on the same texts, in one run.

    python -m bench                 # full run (a few minutes), writes bench/results.md and .json
    python -m bench --doc           # also replaces the results section of docs/performance.md
    python -m bench --quick         # a tiny run that only checks the harness works

Every throughput figure is the median over `--rounds` rounds; within a round the systems take
turns, so load from other work on the machine spreads over all of them. Words are
whitespace-separated words, counted the same way for every system.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from bench.corpora import (
    LATENCY_MESSAGE,
    ROOT,
    Corpus,
    agent_replies,
    expand,
    long_emails,
    project_messages,
)

DOC = ROOT / "docs" / "performance.md"
DOC_BEGIN, DOC_END = "<!-- BEGIN bench results -->", "<!-- END bench results -->"
BATCH_SIZE = 64
COMMLINT = "commlint"
PIPELINE = "spaCy pipeline alone"
BLANK = "spacy.blank + sentencizer"
PROSELINT = "proselint"
TARGETS = {
    "rule_overhead": 1.25,
    "warm_p50_ms": 15.0,
    "cold_cli_s": 1.5,
    "peak_rss_mb": 400.0,
    "batch_vs_proselint": 0.5,
}


# -- the systems timed ---------------------------------------------------------------------------


def proselint_lint(text: str) -> int:
    """Lint one text with proselint's default checks (its Python API); the number of results."""
    from proselint.checks import __register__
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    registry = CheckRegistry()
    if not registry.checks:
        registry.register_many(__register__)
    return len(LintFile("<bench>", text).lint())


def _proselint_batch(texts: list[str], n_process: int) -> None:
    if n_process == 1:
        for text in texts:
            proselint_lint(text)
        return
    with Pool(n_process) as pool:
        for _ in pool.imap(proselint_lint, texts, chunksize=16):
            pass


@dataclass
class Systems:
    """Everything loaded once: the Linter, its pipeline, and a blank pipeline."""

    linter: Any
    blank: Any

    @classmethod
    def load(cls) -> Systems:
        import spacy

        from commlint import Config, Linter

        blank = spacy.blank("en")
        blank.add_pipe("sentencizer")
        return cls(Linter(Config()), blank)

    def batch(self) -> dict[str, Callable[[list[str], int], None]]:
        """Each system's way to process a list of texts with `n_process` processes."""

        def pipe(nlp: Any) -> Callable[[list[str], int], None]:
            def run(texts: list[str], n_process: int) -> None:
                for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=n_process):
                    pass

            return run

        def commlint(texts: list[str], n_process: int) -> None:
            for _ in self.linter.check_many(texts, batch_size=BATCH_SIZE, n_process=n_process):
                pass

        return {
            COMMLINT: commlint,
            PIPELINE: pipe(self.linter.pipeline.nlp),
            BLANK: pipe(self.blank),
            PROSELINT: _proselint_batch,
        }

    def single(self) -> dict[str, Callable[[str], object]]:
        """Each system's way to process one text, for latency."""
        return {
            COMMLINT: self.linter.check,
            PIPELINE: self.linter.pipeline.nlp,
            PROSELINT: proselint_lint,
        }


# -- measuring -----------------------------------------------------------------------------------


def seconds_per_pass(run: Callable[[], None], min_seconds: float) -> float:
    """Run until at least `min_seconds` have passed (at least once); the mean time of one run."""
    passes = 0
    start = time.perf_counter()
    while True:
        run()
        passes += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return elapsed / passes


@dataclass(frozen=True)
class Throughput:
    corpus: str
    system: str
    processes: int
    messages: int
    words: int
    seconds: float

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds

    @property
    def messages_per_s(self) -> float:
        return self.messages / self.seconds


def throughput(
    systems: Systems,
    corpora: Sequence[Corpus],
    processes: Sequence[int],
    rounds: int,
    min_seconds: float,
) -> list[Throughput]:
    """Median seconds per corpus pass for every system, corpus and process count."""
    runners = systems.batch()
    for corpus in corpora:  # warm-up: lazy loads (word lists, syllables) happen outside timing
        for run in runners.values():
            run(corpus.texts[:8], 1)
    samples: dict[tuple[str, str, int], list[float]] = defaultdict(list)
    for round_no in range(rounds):
        for corpus in corpora:
            for name, run in runners.items():
                for n in processes:
                    _progress(f"round {round_no + 1}/{rounds}: {corpus.name}, {name}, n={n}")
                    texts = corpus.texts
                    seconds = seconds_per_pass(lambda: run(texts, n), min_seconds)  # noqa: B023
                    samples[corpus.name, name, n].append(seconds)
    sizes = {c.name: (len(c.texts), c.words) for c in corpora}
    return [
        Throughput(corpus, system, n, *sizes[corpus], statistics.median(times))
        for (corpus, system, n), times in samples.items()
    ]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency(systems: Systems, runs: int) -> dict[str, Any]:
    """Warm p50/p95 of one message (the 100-word message, made unique by a reference line)."""
    base = LATENCY_MESSAGE.read_text(encoding="utf-8").rstrip()
    texts = [f"{base}\n\nReference: INC{100000 + i}\n" for i in range(runs + 10)]
    timings: dict[str, list[float]] = defaultdict(list)
    single = systems.single()
    for text in texts[:10]:  # warm-up
        for run in single.values():
            run(text)
    for text in texts[10:]:
        for name, run in single.items():  # interleaved, so machine load hits all alike
            start = time.perf_counter()
            run(text)
            timings[name].append(time.perf_counter() - start)
    return {
        "words": len(texts[10].split()),
        "runs": runs,
        "ms": {
            name: {"p50": 1000 * _percentile(t, 0.5), "p95": 1000 * _percentile(t, 0.95)}
            for name, t in timings.items()
        },
    }


def _run_process(argv: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and stdout of one command, run by `bench.probe run`."""
    launcher = [sys.executable, "-m", "bench.probe", "run"]
    done = subprocess.run([*launcher, *argv], cwd=ROOT, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    if result["returncode"] not in (0, 1):  # 1 is a message that did not pass: still a full run
        raise RuntimeError(f"{' '.join(argv)} exited with {result['returncode']}")
    return result["seconds"], result["peak_rss_mb"], result["stdout"]


def _script(name: str) -> list[str]:
    """A console script installed next to this Python, else `python -m name`."""
    path = Path(sys.executable).with_name(name)
    return [str(path)] if path.exists() else [sys.executable, "-m", name]


def cold(runs: int) -> dict[str, Any]:
    """Whole-process runs of `commlint check` and `proselint check`, and commlint's split."""
    message = str(LATENCY_MESSAGE.relative_to(ROOT))
    commands = {
        "python start": [sys.executable, "-c", "pass"],
        COMMLINT: [*_script("commlint"), "check", message],
        PROSELINT: [*_script("proselint"), "check", message],
        "split": [sys.executable, "-m", "bench.probe", "split", message],
    }
    walls: dict[str, list[float]] = defaultdict(list)
    rss: dict[str, list[float]] = defaultdict(list)
    phases: dict[str, list[float]] = defaultdict(list)
    for i in range(runs):
        for name, argv in commands.items():
            _progress(f"cold {i + 1}/{runs}: {name}")
            seconds, peak, out = _run_process(argv)
            walls[name].append(seconds)
            rss[name].append(peak)
            if name == "split":
                for phase, value in json.loads(out).items():
                    phases[phase].append(value)
    return {
        "runs": runs,
        "seconds": {name: statistics.median(v) for name, v in walls.items()},
        "peak_rss_mb": {name: statistics.median(v) for name, v in rss.items()},
        "split": {phase: statistics.median(v) for phase, v in phases.items()},
    }


def linter_memory(corpus: Corpus) -> float:
    """Peak RSS (MB) of a fresh process that builds a Linter and checks the long emails."""
    paths = sorted((ROOT / corpus.source).glob("*.txt"))
    _, _, out = _run_process([sys.executable, "-m", "bench.probe", "memory", *map(str, paths)])
    return float(json.loads(out)["peak_rss_mb"])


def _progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# -- reporting -----------------------------------------------------------------------------------


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def summarise(results: dict[str, Any]) -> dict[str, Any]:
    """The figures the targets are judged on, derived from the raw results."""
    rows = [Throughput(**row) for row in results["throughput"]]
    by = {(r.corpus, r.system, r.processes): r for r in rows}
    overhead = {
        corpus: by[corpus, COMMLINT, 1].seconds / by[corpus, PIPELINE, 1].seconds
        for corpus, system, n in by
        if system == COMMLINT and n == 1 and (corpus, PIPELINE, 1) in by
    }
    most = max(n for _, _, n in by)
    versus = {
        corpus: by[corpus, COMMLINT, most].words_per_s / by[corpus, PROSELINT, most].words_per_s
        for corpus, system, n in by
        if system == COMMLINT and n == most and (corpus, PROSELINT, most) in by
    }
    ms = results["latency"]["ms"]
    cold_runs = results["cold"]
    return {
        "rule_overhead": overhead,
        "batch_processes": most,
        "batch_vs_proselint": versus,
        "warm_p50_ms": ms[COMMLINT]["p50"],
        "cold_cli_s": cold_runs["seconds"][COMMLINT],
        "peak_rss_mb": max(cold_runs["peak_rss_mb"][COMMLINT], results["linter_peak_rss_mb"]),
    }


def render(results: dict[str, Any]) -> str:
    """The results as Markdown tables."""
    env = results["environment"]
    summary = summarise(results)
    lines = [
        f"Run of `{env['command']}` on {env['date']}: Python {env['python']}, spaCy "
        f"{env['spacy']}, proselint {env['proselint']}, {env['cpus']} CPUs (one BLAS thread per "
        "process), load average "
        f"{env['load_before']} before and {env['load_after']} after; {env['rules']} rules on "
        f"`{env['pipeline']}`. Medians of {env['rounds']} rounds.",
        "",
        "**Throughput** (batch size 64; `ratio` is words/s over proselint's on the same corpus "
        "and process count)",
        "",
    ]
    rows = sorted(
        (Throughput(**row) for row in results["throughput"]),
        key=lambda r: (
            r.corpus,
            r.processes,
            [COMMLINT, PIPELINE, BLANK, PROSELINT].index(r.system),
        ),
    )
    peer = {(r.corpus, r.processes): r.words_per_s for r in rows if r.system == PROSELINT}
    lines += _table(
        ["corpus", "system", "processes", "messages", "words", "messages/s", "words/s", "ratio"],
        [
            [
                r.corpus,
                r.system,
                r.processes,
                r.messages,
                r.words,
                f"{r.messages_per_s:,.0f}",
                f"{r.words_per_s:,.0f}",
                f"{r.words_per_s / peer[r.corpus, r.processes]:.2f}"
                if (r.corpus, r.processes) in peer
                else "",
            ]
            for r in rows
        ],
    )
    lat = results["latency"]
    peer_ms = lat["ms"][PROSELINT]["p50"]
    lines += [
        "",
        f"**Warm latency** of one {lat['words']}-word message, {lat['runs']} runs (ms)",
        "",
        *_table(
            ["system", "p50", "p95", "p50 / proselint's"],
            [
                [name, f"{v['p50']:.1f}", f"{v['p95']:.1f}", f"{v['p50'] / peer_ms:.1f}"]
                for name, v in lat["ms"].items()
            ],
        ),
    ]
    cold_runs = results["cold"]
    seconds = cold_runs["seconds"]
    lines += [
        "",
        f"**Cold start**, whole process on the same message, median of {cold_runs['runs']} runs",
        "",
        *_table(
            ["command", "seconds", "peak RSS MB", "seconds / proselint's"],
            [
                [
                    name,
                    f"{seconds[name]:.2f}",
                    f"{cold_runs['peak_rss_mb'][name]:.0f}",
                    f"{seconds[name] / seconds[PROSELINT]:.1f}",
                ]
                for name in ("python start", COMMLINT, PROSELINT)
            ],
        ),
        "",
        "Where the time of `commlint check` goes (median seconds, one fresh process each; the "
        "remainder of the whole-process time is interpreter start and exit, argument parsing "
        "and output):",
        "",
        *_table(["phase", "seconds"], [[p, f"{s:.3f}"] for p, s in cold_runs["split"].items()]),
        "",
        f"Peak RSS of a process that builds a Linter and checks the long emails: "
        f"{results['linter_peak_rss_mb']:.0f} MB.",
        "",
        "**Targets**",
        "",
    ]
    overhead = max(summary["rule_overhead"].values(), default=float("nan"))
    versus = min(summary["batch_vs_proselint"].values(), default=float("nan"))
    checks = [
        ("rule overhead (commlint / pipeline time, worst corpus)", overhead, "<=", "rule_overhead"),
        ("warm p50 latency, ms", summary["warm_p50_ms"], "<=", "warm_p50_ms"),
        ("cold `commlint check`, s", summary["cold_cli_s"], "<=", "cold_cli_s"),
        ("peak memory (CLI, Linter), MB", summary["peak_rss_mb"], "<=", "peak_rss_mb"),
        (
            f"batch words/s vs proselint, {summary['batch_processes']} processes, worst corpus",
            versus,
            ">=",
            "batch_vs_proselint",
        ),
    ]
    lines += _table(
        ["target", "goal", "measured", "met"],
        [
            [
                name,
                f"{op} {TARGETS[key]:g}",
                f"{value:.2f}",
                "yes" if (value <= TARGETS[key] if op == "<=" else value >= TARGETS[key]) else "no",
            ]
            for name, value, op, key in checks
        ],
    )
    return "\n".join(lines) + "\n"


def write_doc(markdown: str, doc: Path = DOC) -> None:
    """Put the results between the bench markers of docs/performance.md."""
    text = doc.read_text(encoding="utf-8")
    if DOC_BEGIN not in text or DOC_END not in text:
        raise SystemExit(f"bench: {doc} has no {DOC_BEGIN} ... {DOC_END} section")
    head, rest = text.split(DOC_BEGIN, 1)
    doc.write_text(f"{head}{DOC_BEGIN}\n{markdown}{DOC_END}{rest.split(DOC_END, 1)[1]}", "utf-8")


# -- command line --------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=24000, help="words per corpus per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--min-seconds", type=float, default=0.5, help="shortest timed pass")
    parser.add_argument("--latency-runs", type=int, default=200)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--processes", default="1,2", help="comma-separated process counts")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--doc", action="store_true", help="update docs/performance.md")
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("COMMLINT_SHARED", ROOT.parent / "shared")) / "corpora",
        help="the shared corpora folder (twitter_care is skipped when absent)",
    )
    parser.add_argument("--quick", action="store_true", help="a tiny run to test the harness")
    return parser


def _measure(args: argparse.Namespace, corpora: list[Corpus]) -> dict[str, Any]:
    import proselint.version
    import spacy

    load_before = os.getloadavg()[0]
    _progress("loading the Linter and pipelines")
    systems = Systems.load()
    processes = [int(n) for n in args.processes.split(",")]
    results: dict[str, Any] = {
        "throughput": [
            asdict(t)
            for t in throughput(systems, corpora, processes, args.rounds, args.min_seconds)
        ],
        "latency": latency(systems, args.latency_runs),
        "cold": cold(args.cold_runs),
        "linter_peak_rss_mb": linter_memory(long_emails()),
    }
    results["environment"] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "proselint": proselint.version.__version__,
        "cpus": os.cpu_count(),
        "blas_threads_per_process": 1,
        "load_before": f"{load_before:.1f}",
        "load_after": f"{os.getloadavg()[0]:.1f}",
        "rules": len(systems.linter.rules),
        "pipeline": systems.linter.pipeline.name,
        "rounds": args.rounds,
        "corpora": {c.name: {"source": c.source, "messages": len(c.texts)} for c in corpora},
    }
    return results


def main(argv: Sequence[str] | None = None) -> int:
    from commlint.errors import CommlintError
    from commlint.nlp.blas import one_blas_thread

    args = _parser().parse_args(argv)
    if args.quick:
        args.words, args.rounds, args.min_seconds = 300, 1, 0.0
        args.latency_runs, args.cold_runs = 5, 1
    found = [project_messages(), agent_replies(args.shared), long_emails()]
    corpora = [expand(c, args.words) for c in found if c is not None and c.texts]
    try:
        with one_blas_thread():  # per-core figures: no system gets a second core for its BLAS
            results = _measure(args, corpora)
    except (CommlintError, RuntimeError) as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 2
    command = ["python -m bench", *(sys.argv[1:] if argv is None else argv)]
    results["environment"]["command"] = " ".join(command)
    results["summary"] = summarise(results)
    markdown = render(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    if args.doc:
        write_doc(markdown)
    print(markdown)
    return 0
