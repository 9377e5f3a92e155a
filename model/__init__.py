"""The simulation (pure: no file I/O).

Importing the package limits the BLAS library that numpy uses (OpenBLAS in the
PyPI wheels) to one thread in this process. The model's few BLAS calls (the
registry's least-squares proxy-means test, dot products in the Gini and FGT
measures) are small: with several threads they spend far longer waking and
synchronising threads than computing (docs/PERFORMANCE.md), and a threaded dot
product sums in an order that depends on the number of cores, so the last bits of
results would depend on the machine. Parallelism comes from running replications in
separate processes (``run --jobs``).
"""

import numpy  # noqa: F401  (loads numpy's BLAS, so that the limit below reaches it)
from threadpoolctl import threadpool_limits

threadpool_limits(limits=1, user_api="blas")
