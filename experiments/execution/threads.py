"""One BLAS thread per simulation process, set where processes start.

The model's few BLAS calls (the registry's least-squares proxy-means test, dot products
in the Gini and FGT measures) are small: with several threads they spend far longer
waking and synchronising threads than computing (docs/PERFORMANCE.md), and a threaded
dot product sums in an order that depends on the number of cores, so the last bits of
results would depend on the machine. Parallelism comes from running replications in
separate processes (``run --jobs``).

Called by the command line (``run.py``), the worker processes of a local pool and of a
local Dask cluster, and the tests; the browser page's server is started with the
environment variables below.
"""

from __future__ import annotations

# For processes started by us that load numpy afresh (the browser page's server).
BLAS_ENV = {"OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def limit_blas_threads() -> None:
    """Limit the BLAS library numpy has loaded to one thread in this process."""
    import numpy  # noqa: F401  (loads numpy's BLAS, so that the limit below reaches it)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
