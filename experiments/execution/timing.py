"""Elapsed time and cores of each run, for the manifest.

Each run (one scenario x replication) measures its wall-clock and CPU seconds in the
process that runs it and records the cores it could use: one, since every simulation
process limits BLAS to one thread (docs/PERFORMANCE.md) and the model's loops are not
parallel. ``cpu_seconds / elapsed_seconds`` near 1 means the run had its core to itself.
The batch manifest lists every run's timing (``runs``) with the local processes or Dask
workers used (``jobs``, ``scheduler``) and the machine's logical cores.
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

from outputs.files import FileError, read_json

CORES_PER_RUN = 1  # one BLAS thread per simulation process, no parallel loops
TIMING_DIR = "timing"  # <results>/timing/<run>.json, apart from runs/ (timings vary)


class Stopwatch:
    """Wall-clock and CPU time of the calling process since construction."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def stop(self) -> dict:
        return {
            "elapsed_seconds": round(time.perf_counter() - self.wall, 4),
            "cpu_seconds": round(time.process_time() - self.cpu, 4),
            "cores": CORES_PER_RUN,
            "host": platform.node(),
        }


def run_timings(
    runs: Path, names: dict[str, tuple[str, int]], jobs: int, scheduler: str | None
) -> dict:
    """The manifest's timing entries from the ``<stem>.json`` files in ``runs`` (the
    timing directory; runs without one, e.g. from an older version, are left out)."""
    rows = []
    for stem, (scenario, rep) in names.items():
        file = runs / f"{stem}.json"
        try:  # timings are not results: an unreadable one is left out
            doc = read_json(file, within=runs) if file.is_file() else None
        except FileError:
            doc = None
        numbers = ("elapsed_seconds", "cpu_seconds")
        if isinstance(doc, dict) and all(isinstance(doc.get(k), int | float) for k in numbers):
            rows.append({"scenario": scenario, "replication": rep, **doc})
    return {
        "runs": rows,
        "execution": {
            "jobs": jobs,
            "scheduler": scheduler,
            "machine_cores": os.cpu_count(),
            "total_elapsed_seconds": round(sum(r["elapsed_seconds"] for r in rows), 3),
            "total_cpu_seconds": round(sum(r["cpu_seconds"] for r in rows), 3),
        },
    }
