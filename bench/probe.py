"""Measurements that need a fresh process: the cold-start split and peak memory.

`python -m bench.probe split FILE` checks FILE the way `commlint check FILE` does and prints, as
JSON, how long each phase took. The phases are timed by wrapping the functions the Linter calls
(looked up in `commlint.linter` at call time), so the split follows the real code path.

`python -m bench.probe memory FILE...` builds a default Linter, checks the files and prints the
peak resident memory of the process.

`python -m bench.probe run COMMAND...` runs a command and prints its wall time, peak resident
memory, exit code and output. Linux carries a process's peak RSS over `fork` and `exec`, so a
child started by the (large) harness would report the harness's size; started from this small
process, it reports its own.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Phases, in the order they run, and the `commlint.linter` attribute each one times.
PHASES = {
    "pipeline load": "load_pipeline",
    "rule loading": "load_rules",
    "rule compilation": "RuleEngine",
    "counts and readability": "measure",
}


def _timed(func: Callable[..., Any], totals: dict[str, float], phase: str) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            totals[phase] += time.perf_counter() - start

    return wrapper


def split(path: Path) -> dict[str, float]:
    """Seconds spent importing, loading, compiling and checking one message, from cold."""
    totals: dict[str, float] = defaultdict(float)
    start = time.perf_counter()
    import commlint.linter as linter_module
    from commlint.cli.check import with_overrides  # noqa: F401  (what the CLI imports)
    from commlint.config import Config
    from commlint.extract.plain import read_message

    totals["imports"] = time.perf_counter() - start
    engine = linter_module.RuleEngine
    for phase, name in PHASES.items():
        setattr(linter_module, name, _timed(getattr(linter_module, name), totals, phase))
    start = time.perf_counter()
    linter = linter_module.Linter(Config())
    built = time.perf_counter() - start
    run = _timed(engine.run, totals, "rules")
    setattr(engine, "run", run)  # noqa: B010  (patching the class the wrapper came from)
    start = time.perf_counter()
    nlp = linter.pipeline.nlp
    tagged = _timed(type(nlp).__call__, totals, "tagging and parsing")
    setattr(type(nlp), "__call__", tagged)  # noqa: B010
    linter.check(read_message(str(path), max_chars=linter.config.max_chars), source=str(path))
    checked = time.perf_counter() - start
    load_phases = ("pipeline load", "rule loading", "rule compilation")
    totals["linter setup (other)"] = built - sum(totals[p] for p in load_phases)
    check_phases = ("counts and readability", "rules", "tagging and parsing")
    totals["check (other)"] = checked - sum(totals[p] for p in check_phases)
    return dict(totals)


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports `ru_maxrss` in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory(paths: list[Path]) -> dict[str, float]:
    from commlint import Config, Linter

    linter = Linter(Config())
    reports = list(linter.check_many(p.read_text(encoding="utf-8") for p in paths))
    return {"peak_rss_mb": peak_rss_mb(), "messages": len(reports)}


def run(argv: list[str]) -> dict[str, Any]:
    start = time.perf_counter()
    child = subprocess.run(argv, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "peak_rss_mb": peak,
        "returncode": child.returncode,
        "stdout": child.stdout,
    }


def main(argv: list[str]) -> int:
    from commlint.errors import CommlintError

    mode, *rest = argv
    if mode == "run":
        print(json.dumps(run(rest)))
        return 0
    paths = [Path(f) for f in rest]
    try:
        result = split(paths[0]) if mode == "split" else memory(paths)
    except CommlintError as exc:
        print(f"bench.probe: error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
