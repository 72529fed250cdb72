"""One BLAS thread per worker process (commlint.nlp.blas)."""

from __future__ import annotations

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
