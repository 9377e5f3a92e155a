"""Where runs execute: in this process, on a local process pool, or on a Dask cluster.

All three are ``concurrent.futures`` executors, so batches and sensitivity analyses
share one code path (:func:`experiments.execution.tasks.run_tasks`):

- ``jobs=1`` and no scheduler: :class:`InProcessExecutor` (runs each task when submitted);
- ``jobs>1``: :class:`concurrent.futures.ProcessPoolExecutor` with ``jobs`` processes;
- ``scheduler=ADDRESS``: ``dask.distributed.Client(ADDRESS).get_executor()`` (an existing
  Dask scheduler, e.g. one started by dask-jobqueue on an HPC cluster);
- ``scheduler="local"``: a Dask ``LocalCluster`` of ``jobs`` single-threaded workers.

Results never depend on where a task ran: every task carries its own seed. Local
workers and their fork server die with the process that started them
(experiments.execution.lifeline), so a killed batch leaves nothing running.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context

from experiments.execution import lifeline
from experiments.execution.threads import limit_blas_threads
from experiments.scenario import ScenarioError

MAX_JOBS = 1024
ADDRESS = re.compile(
    r"^(?:(?:tcp|tls|ws|wss|ucx)://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$"
)


def check_scheduler(scheduler: str) -> None:
    """``local``, a scheduler address ``[tcp://]host:port`` or a Dask in-process cluster's
    ``inproc://`` address (checked before connecting:
    dask's own errors for a malformed address are tracebacks)."""
    if scheduler == "local" or re.match(r"^inproc://\S+$", scheduler):  # in-process cluster
        return
    match = ADDRESS.match(scheduler)
    if match is None or not 0 < int(match.group(1)) < 65536:
        raise ScenarioError(
            "--scheduler",
            "",
            f"expected 'local' or an address like tcp://host:8786, got {scheduler!r}",
        )


def start_worker(batch_pid: int) -> None:
    """Initializer of every local worker: die with the batch (experiments.execution.lifeline) and
    use one BLAS thread (experiments.execution.threads)."""
    lifeline.worker_init(batch_pid)
    limit_blas_threads()


def start_local_dask_worker() -> None:
    """Run on each worker of a local Dask cluster: one BLAS thread, and no warning per
    cancelled task when an interrupted batch cancels what is still queued."""
    limit_blas_threads()
    logging.getLogger("distributed.worker.state_machine").setLevel(logging.ERROR)


class WorkerLost(RuntimeError):
    """A worker process died in the middle of a task (killed, out of memory). The runs
    that finished are saved; the same command resumes from them."""

    def __init__(self, message: str = "a worker process died; rerun the same command to resume"):
        super().__init__(message)


class InProcessExecutor(Executor):
    """Runs each task in this process when it is submitted (``--jobs 1``)."""

    def submit(self, fn: Callable, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller via the future
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            future.set_exception(exc)
        return future


@dataclass
class Pool:
    """An open executor and how many tasks to keep in flight on it."""

    executor: Executor
    in_flight: int
    description: str


def check_jobs(jobs: int) -> None:
    if not 1 <= jobs <= MAX_JOBS:
        raise ScenarioError("--jobs", "", f"must be between 1 and {MAX_JOBS}, got {jobs}")


@contextmanager
def open_pool(
    jobs: int = 1, scheduler: str | None = None, connect_timeout: str = "20s"
) -> Iterator[Pool]:
    """Open the executor for ``jobs`` local processes or a Dask ``scheduler``; close it
    on exit (a cluster started here is shut down, an existing one is left running)."""
    check_jobs(jobs)
    if scheduler is not None:
        check_scheduler(scheduler)
        with _dask_pool(jobs, scheduler, connect_timeout) as pool:
            yield pool
        return
    if jobs == 1:
        yield Pool(InProcessExecutor(), 1, "1 process")
        return
    batch = lifeline.announce_batch()
    executor = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=worker_context(),
        initializer=start_worker,
        initargs=(batch,),
    )
    try:
        yield Pool(executor, 2 * jobs, f"{jobs} local processes")
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _dask_pool(jobs: int, scheduler: str, connect_timeout: str) -> Iterator[Pool]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ScenarioError(
            "--scheduler", "", "needs Dask, an optional extra: pip install -e '.[dask]'"
        ) from None
    cluster = None
    if scheduler == "local":
        # Ctrl-C reaches every process of the terminal's group: the workers started here
        # ignore it (inherited, as an ignored signal survives exec) and this process
        # shuts them down, so an interrupt is one line, not each worker's traceback.
        main = threading.current_thread() is threading.main_thread()  # signals: main only
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        try:
            cluster = LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
            )
        finally:
            if main:
                signal.signal(signal.SIGINT, previous)
        address = cluster.scheduler_address
    else:
        address = scheduler
    try:
        client = Client(address, timeout=connect_timeout, set_as_default=False)
        if cluster is not None:  # workers we started: one BLAS thread each, quiet
            client.run(start_local_dask_worker)
    except (OSError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise ScenarioError(
            "--scheduler", address, f"cannot reach the Dask scheduler: {exc}"
        ) from None
    try:
        workers = max(sum(client.nthreads().values()), 1)
        where = "a local Dask cluster" if cluster is not None else f"Dask scheduler {address}"
        yield Pool(client.get_executor(pure=False), 2 * workers, f"{where} ({workers} workers)")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def worker_context():
    """Workers start from a fork server that has imported the model once (a few seconds,
    once per batch). Forking the caller directly would be faster but is unsafe once it
    runs threads (numerical libraries, Parquet writing, a notebook, a Dask client)."""
    ctx = get_context("forkserver")
    ctx.set_forkserver_preload(
        ["experiments.execution.lifeline", "experiments.runner", "experiments.sensitivity_model"]
    )
    return ctx
