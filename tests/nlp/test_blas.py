"""One BLAS thread per worker process (commlint.nlp.blas)."""

from __future__ import annotations

import pytest
from threadpoolctl import threadpool_info

from commlint.nlp.blas import one_blas_thread


def _blas_threads() -> set[int]:
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_blas_one_thread_inside_the_block_only() -> None:
    import numpy  # noqa: F401  (loads the BLAS library threadpoolctl reads)

    before = _blas_threads()
    assert before
    with one_blas_thread():
        assert _blas_threads() == {1}
    assert _blas_threads() == before


def test_blas_one_thread_in_force_after_a_linter_is_built() -> None:
    """In a fresh process (numpy loaded first, as by a caller), building a Linter leaves BLAS
    at one thread for every check that follows."""
    import os
    import subprocess
    import sys

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: BLAS already has one thread")
    script = (
        "import numpy\n"
        "from threadpoolctl import threadpool_info\n"
        "def threads(): return sorted({p['num_threads'] for p in threadpool_info()"
        " if p['user_api'] == 'blas'})\n"
        "before = threads()\n"
        "from commlint import Config, Linter\n"
        "Linter(Config(pipeline='blank'))\n"
        "print(before, threads())\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout.split("] [")
    assert out[0] != "[1", "BLAS had one thread before the Linter: the test shows nothing"
    assert out[1].strip() == "1]"
