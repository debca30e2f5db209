"""numpy's BLAS pinned to one thread in app servers and workers (issue 19).

Each gunicorn worker and each job worker is already one process per core; a BLAS pool of its own
in each would fight the others for the same cores (`evaluate` 30 × 20 × 9 with 10,000 samples under
a busy core, docs/benchmarks.md). Done at app start (`create_app`, which the worker's
`flask jobs worker` also calls), not when scoring/ is imported: the engine stays a pure library.

threadpoolctl limits a BLAS library that is loaded, and the app starts without numpy
(tests/procurement/test_app.py): when numpy is already loaded the limit is set through threadpoolctl;
otherwise through the variables the BLAS libraries read when numpy loads them (OpenBLAS, the one
numpy's wheels ship, MKL and OpenMP builds). tests/procurement/test_threads.py reads the result
back with threadpoolctl in both cases.
"""

from __future__ import annotations

import os
import sys

VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")


def pin_blas(threads: int) -> None:
    """Limit numpy's BLAS to `threads` threads for the rest of the process; 0 leaves the default."""
    if threads <= 0:
        return
    for name in VARIABLES:  # read when the library loads (and by the processes this one starts)
        os.environ[name] = str(threads)
    if "numpy" in sys.modules:  # already loaded: limit it in place
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=threads, user_api="blas")
