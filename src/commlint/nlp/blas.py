"""One BLAS thread per worker process, so that parallel workers do not fight over the cores.

The pipeline's matrix products run in numpy's BLAS (OpenBLAS), which starts a thread per core
for a large product. One process alone gains a little from that; several worker processes
(the service's, an audit's, `check_many(n_process=...)`) each starting a thread per core
oversubscribe the machine and run slower than one thread each (docs/pipeline.md, Speed).
Building a `Linter` sets the limit for its process, once numpy is loaded (before that the
call does nothing).
"""

from __future__ import annotations

from threadpoolctl import threadpool_limits


def one_blas_thread() -> threadpool_limits:
    """Limit BLAS to one thread from now on; as a context manager, only inside the block."""
    return threadpool_limits(limits=1, user_api="blas")
