"""Worker processes die with the batch that started them.

A batch on ``--jobs J`` runs its tasks in worker processes forked from a fork server.
If the batch is killed (``kill -9``, an out-of-memory kill, a closed terminal), nothing
of it may keep running:

- the fork server asks the kernel for SIGKILL when the batch process dies (Linux
  ``prctl(PR_SET_PDEATHSIG)``; armed when this module is preloaded into it);
- each worker asks for SIGKILL when the fork server dies (same call) and also runs a
  watchdog thread that ends it within about a second once the batch process is gone
  (every platform);
- multiprocessing's resource tracker ends by itself once all of them are gone.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

BATCH_PID_ENV = "JARING_BATCH_PID"  # pid of the batch process, read by the fork server
PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def kill_me_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def watch(pid: int, interval: float = WATCH_SECONDS) -> threading.Thread:
    """A daemon thread that ends this process as soon as process ``pid`` is gone."""

    def loop() -> None:
        while alive(pid):
            time.sleep(interval)
        os._exit(1)

    thread = threading.Thread(target=loop, name=f"jaring-watch-{pid}", daemon=True)
    thread.start()
    return thread


def worker_init(batch_pid: int) -> None:
    """Initializer of every pool worker: die with the fork server and the batch."""
    kill_me_with_parent()
    if not alive(batch_pid):
        os._exit(1)
    watch(batch_pid)


def announce_batch() -> int:
    """Record this process as the batch process for a fork server started from it."""
    os.environ[BATCH_PID_ENV] = str(os.getpid())
    return os.getpid()


def _arm_fork_server() -> None:
    """Runs when this module is preloaded into the fork server (a ``python -c`` child of
    the batch process): SIGKILL it when the batch process dies."""
    batch = os.environ.get(BATCH_PID_ENV)
    in_fork_server = sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules
    if in_fork_server and batch == str(os.getppid()):
        kill_me_with_parent()
        if not alive(int(batch)):
            os._exit(1)


_arm_fork_server()
