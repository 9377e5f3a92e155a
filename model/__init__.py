"""The simulation (pure: no file I/O). Importing it has no side effects.

Processes that run simulations limit numpy's BLAS library to one thread where they
start (``experiments.execution.threads.limit_blas_threads``: the command line, the worker
processes, the browser page's server and the tests): the model's few BLAS calls are
small, and a threaded dot product sums in an order that depends on the number of cores
(docs/PERFORMANCE.md).
"""
