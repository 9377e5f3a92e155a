"""Running scenarios: one simulation, and a batch of scenarios x replications written to
a results directory (manifest.json, timeseries.csv, summary.csv, scenario_summary.csv,
paired_differences.csv and, with a panel, panel.parquet).

Replication r of every scenario uses the same seed (``run.seed + r``), so scenarios in a
batch are paired: they share every random draw that the policy does not change.

One task is one scenario x replication. Each finished run is written atomically under
``DIR/runs/`` as soon as it finishes (``<scenario>__r<rep>.csv``, its panel, its summary
row ``<scenario>__r<rep>.summary.csv`` and, last, its marker ``<scenario>__r<rep>.done.json``
recording their sizes and sha256 digests); the combined files are assembled at the end
from verified parts only, in a fixed order (scenarios as given, then replications), so
they are identical whatever ran the tasks (``--jobs``, Dask) and whether or not the batch
was interrupted and resumed. Their digests and the package versions go into
``manifest.json`` (written last), which ``report`` and ``run.py verify`` check.
"""

from __future__ import annotations

import io
import json
import platform
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from experiments.comparison import add_paired_response, paired_differences, scenario_summary
from experiments.execution.executors import check_jobs, check_scheduler, open_pool
from experiments.execution.tasks import (
    Progress,
    RunStore,
    Task,
    claim_directory,
    removed_if_failed_empty,
    replace_atomic,
    run_tasks,
    write_atomic,  # noqa: F401 - re-exported (experiments.commands.calibrate uses it)
    write_bytes_atomic,
)
from experiments.execution.timing import TIMING_DIR, run_timings
from experiments.scenario import ScenarioError, check_batch_size
from model.model import ArrayModel
from model.parameters import Params
from model.snapshot import household_snapshot
from outputs.dictionary import AVERAGED
from outputs.digests import digest_bytes, digest_file
from outputs.safe_text import safe_csv

ID_COLUMNS = ["scenario", "replication", "seed", "month"]
# The metrics summarised per run (month 0, final, mean) are declared once, with the
# output columns they produce, in the data dictionary.
SUMMARY_AVERAGED = AVERAGED


def replication_seed(params: Params, replication: int) -> int:
    """Seed of replication ``r``: the same for every scenario of a batch."""
    return int(params.run.seed) + int(replication)


def simulate(params: Params, seed: int) -> tuple[pd.DataFrame, dict[str, float]]:
    """Run one scenario with one seed; return its monthly metrics and run summary."""
    model = ArrayModel(params, seed=seed)
    model.run()
    return pd.DataFrame(model.history), model.summary()


def panel_months(months: int, every: int) -> list[int]:
    """Months written to the household panel: 0, K, 2K, ... and the final month."""
    return sorted({*range(0, months + 1, every), months})


@dataclass
class RunResult:
    """What one scenario x replication produces (returned by a worker)."""

    timeseries: pd.DataFrame
    summary: dict[str, float | int | str]
    panel: pd.DataFrame | None
    timing: dict | None = None  # elapsed and CPU seconds, cores (experiments/execution/timing.py)


def run_one(params: Params, replication: int, panel_every: int | None = None) -> RunResult:
    """Simulate one scenario x replication (a batch task; runs in a worker)."""
    from experiments.execution.timing import Stopwatch

    clock = Stopwatch()
    seed = replication_seed(params, replication)
    ids = {"scenario": params.name, "replication": replication, "seed": seed}
    model = ArrayModel(params, seed=seed)
    months = int(params.run.months)
    wanted = set(panel_months(months, panel_every)) if panel_every else set()
    snaps = []
    received = {p.name: np.zeros(model.state.n) for p in model.programmes}
    since = 0  # months accumulated in ``received`` since the last panel month
    for m in range(months + 1):
        if m > 0:
            model.step()
            for prog in model.programmes:
                received[prog.name] += prog.paid
            since += 1
        if m in wanted:
            snap = household_snapshot(model)
            for name, total in received.items():
                # Instalments (PKH pays quarterly) make one month's receipt a poor
                # measure: the panel also holds the mean monthly amount since the last
                # panel month, like a survey's recall period.
                snap[f"{name}_received_period"] = total / max(since, 1)
                total[:] = 0.0
            since = 0
            snap = pd.DataFrame(snap)
            snap.insert(0, "month", m)
            snaps.append(snap)
    series = pd.DataFrame(model.history)
    for i, (col, value) in enumerate(ids.items()):
        series.insert(i, col, value)
    summary = {**ids, **summarise_run(series, model.summary())}
    panel = None
    if snaps:
        panel = pd.concat(snaps, ignore_index=True)
        for i, (col, value) in enumerate(ids.items()):
            panel.insert(i, col, value)
    return RunResult(series, summary, panel, clock.stop())


def summarise_run(series: pd.DataFrame, dynamics: dict[str, float]) -> dict[str, float]:
    """One summary row: month-0 and final values, means over months 1..M, dynamics."""
    later = series[series["month"] > 0]
    row: dict[str, float] = {}
    for col in SUMMARY_AVERAGED:
        row[f"{col}_month0"] = float(series[col].iloc[0])
        row[f"{col}_final"] = float(series[col].iloc[-1])
        row[f"{col}_mean"] = float(later[col].mean()) if len(later) else float("nan")
    spend = [c for c in series.columns if c.endswith("_spending")]
    for col in spend:
        row[f"{col}_total"] = float(later[col].sum())
    received = float(later["transfers_total"].sum()) if "transfers_total" in later else 0.0
    gain = float(later["consumption_gain_from_transfers"].sum()) if received else 0.0
    # recipients' consumption response per rupiah received, within the month, against
    # the pre-transfer counterfactual (model/budget.py consumption_without_transfers)
    row["consumption_response_within_month"] = gain / received if received > 0 else float("nan")
    row.update(dynamics)
    return row


VERSIONED = ("mesa", "numpy", "numba", "pandas", "pyarrow", "scipy", "SALib", "jaring")
MAX_REPLICATIONS = 10_000


def versions() -> dict[str, str]:
    """Python, machine architecture and the versions of the packages that produce
    results (recorded in manifests: the same versions give the same digests)."""
    out = {"python": platform.python_version(), "machine": platform.machine()}
    for pkg in VERSIONED:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def git_commit() -> str:
    here = Path(__file__).resolve().parent.parent
    try:
        res = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5
        )
        commit = res.stdout.strip() if res.returncode == 0 else "unknown"
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
        return commit + ("+dirty" if dirty and commit != "unknown" else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def manifest(
    scenarios: Sequence[Params],
    replications: int,
    command: str,
    panel_every: int | None = None,
    files: dict[str, dict] | None = None,
) -> dict:
    """What a batch directory holds: resolved scenarios, seeds, months, versions, the
    command and the size and sha256 digest of every combined file (``files``)."""
    return {
        "kind": "batch",
        "scenarios": [p.to_dict() for p in scenarios],
        "replications": replications,
        "seeds": {p.name: [replication_seed(p, r) for r in range(replications)] for p in scenarios},
        "months": {p.name: int(p.run.months) for p in scenarios},
        "panel_every_months": panel_every,
        "files": files or {},
        "versions": versions(),
        "git_commit": git_commit(),
        "command": command,
    }


def run_file_stem(params: Params, replication: int) -> str:
    """File name stem of one run under ``runs/``: ``<scenario>__r<replication>``."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", params.name)
    return f"{slug}__r{replication:04d}"


def read_run_csv(path) -> pd.DataFrame:
    """Read a per-run CSV (a path or bytes) back exactly (floats round-trip; pandas 3
    does so by default)."""
    if isinstance(path, bytes):
        path = io.BytesIO(path)
    if int(pd.__version__.split(".")[0]) >= 3:
        return pd.read_csv(path)
    return pd.read_csv(path, float_precision="round_trip")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A result table as CSV; text cells a spreadsheet would run are neutralised
    (outputs.safe_text)."""
    return safe_csv(frame).encode("utf-8")


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, index=False, engine="pyarrow")
    return buf.getvalue()


class BatchFiles:
    """The per-run files of one batch under ``runs/`` (a :class:`RunStore`: each run's
    files, then its marker with their digests) and how they are combined."""

    def __init__(
        self,
        runs: Path,
        scenarios: Sequence[Params],
        replications: int,
        panel: bool = False,
    ):
        self.runs = runs

        def required(stem: str) -> list[str]:
            names = [f"{stem}.csv", f"{stem}.summary.csv"]
            return [*names, f"{stem}.panel.parquet"] if panel else names

        self.store = RunStore(runs, required)
        self.order = [run_file_stem(p, r) for p in scenarios for r in range(replications)]
        stems = [run_file_stem(p, 0) for p in scenarios]
        if len(set(stems)) != len(stems):
            raise ScenarioError(
                "scenarios", "name", "scenario names must differ in letters and digits"
            )

    def save(self, stem: str, result: RunResult) -> None:
        """Write one finished run; its marker (with the files' digests) goes last."""
        files = {f"{stem}.csv": csv_bytes(result.timeseries)}
        if result.panel is not None:
            files[f"{stem}.panel.parquet"] = parquet_bytes(result.panel)
        files[f"{stem}.summary.csv"] = csv_bytes(pd.DataFrame([result.summary]))
        if result.timing is not None:  # kept apart from the results (it varies run to run)
            timing = self.runs.parent / TIMING_DIR
            timing.mkdir(exist_ok=True)
            write_atomic(timing / f"{stem}.json", json.dumps(result.timing))
        self.store.save(stem, files)

    def combine(self, suffix: str) -> pd.DataFrame:
        """The per-run CSVs ``<stem><suffix>`` stacked, each checked against its marker."""
        frames = [read_run_csv(self.store.read(stem, f"{stem}{suffix}")) for stem in self.order]
        return pd.concat(frames, ignore_index=True)

    def write_panel(self, path: Path) -> None:
        """Stream the per-run panels into one Parquet file (one row group per run), under
        the union of their columns (a programme a scenario lacks is null there); each
        part is checked against its run's marker first."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        def part(stem: str) -> pa.BufferReader:
            return pa.BufferReader(self.store.read(stem, f"{stem}.panel.parquet"))

        schemas = [pq.read_schema(part(stem)).remove_metadata() for stem in self.order]
        schema = pa.unify_schemas(schemas)
        from outputs.export import with_field_metadata  # unit, label, definition

        schema = with_field_metadata(schema, "panel.parquet")

        def write(tmp: Path) -> None:
            with pq.ParquetWriter(tmp, schema) as writer:
                for stem in self.order:
                    table = pq.read_table(part(stem)).replace_schema_metadata(None)
                    missing = [c for c in schema.names if c not in table.column_names]
                    for name in missing:
                        table = table.append_column(
                            schema.field(name), pa.nulls(len(table), schema.field(name).type)
                        )
                    writer.write_table(table.select(schema.names).cast(schema))

        replace_atomic(path, write)


def run_batch(
    scenarios: Sequence[Params],
    replications: int,
    out_dir: str | Path,
    command: str = "",
    progress: Callable[[str, int], None] | None = None,
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    panel_every: int | None = None,
    quiet: bool = True,
    overwrite: bool = False,
    allow_large: bool = False,
) -> dict[str, Path]:
    """Run every scenario x replication (resuming what ``out_dir`` already holds) on
    ``jobs`` local processes or a Dask ``scheduler`` and write the result files.

    ``panel_every`` (months) also writes ``panel.parquet``; ``progress(scenario, rep)``
    is called as each run is saved; ``quiet=False`` shows a progress bar on a terminal.
    More runs or household-months than experiments.scenario.LARGE_LIMITS are refused
    unless ``allow_large``.
    """
    if not 1 <= replications <= MAX_REPLICATIONS:
        raise ScenarioError(
            "--replications", "", f"must be between 1 and {MAX_REPLICATIONS}, got {replications}"
        )
    if panel_every is not None and panel_every < 1:
        raise ScenarioError("--panel-every", "", "must be at least 1 month")
    check_jobs(jobs)
    if scheduler is not None:
        check_scheduler(scheduler)
    check_batch_size(scenarios, replications, allow_large)
    out = Path(out_dir)
    with removed_if_failed_empty(out):
        return _run_batch(
            scenarios, replications, out, command, progress, jobs, scheduler, panel_every,
            quiet, overwrite,
        )  # fmt: skip


def _run_batch(
    scenarios: Sequence[Params],
    replications: int,
    out: Path,
    command: str,
    progress: Callable[[str, int], None] | None,
    jobs: int,
    scheduler: str | None,
    panel_every: int | None,
    quiet: bool,
    overwrite: bool,
) -> dict[str, Path]:
    identity = {
        "kind": "batch",
        "scenarios": [p.to_dict() for p in scenarios],
        "replications": replications,
        "panel_every_months": panel_every,
    }
    files = BatchFiles(
        claim_directory(out, identity, overwrite, git_commit()),
        scenarios,
        replications,
        panel=panel_every is not None,
    )
    man_path = out / "manifest.json"
    try:  # results being (re)computed have no manifest until they are complete
        man_path.unlink(missing_ok=True)
    except OSError as exc:
        raise ScenarioError(str(man_path), "", f"cannot remove ({exc.strerror})") from None
    names = {run_file_stem(p, r): (p.name, r) for p in scenarios for r in range(replications)}
    args = {
        run_file_stem(p, r): (p, r, panel_every) for p in scenarios for r in range(replications)
    }
    todo = files.store.pending(files.order, lambda note: print(f"warning: {note}", file=sys.stderr))
    tasks = [Task(stem, run_one, args[stem]) for stem in todo]

    def save(stem: str, result: RunResult) -> None:
        files.save(stem, result)
        if progress is not None:
            progress(*names[stem])

    total = len(files.order)
    if tasks:
        with open_pool(jobs, scheduler) as pool:
            if not quiet and len(tasks) < total:
                print(
                    f"resuming: {total - len(tasks)} of {total} runs already done", file=sys.stderr
                )
            bar = Progress(total, total - len(tasks), "runs", quiet)
            run_tasks(tasks, pool, save, bar)

    timeseries = files.combine(".csv")
    summary = files.combine(".summary.csv")
    order = [p.name for p in scenarios]
    summary = add_paired_response(summary, timeseries, order)
    paths = {
        "manifest": out / "manifest.json",
        "timeseries": out / "timeseries.csv",
        "summary": out / "summary.csv",
        "scenario_summary": out / "scenario_summary.csv",
        "paired_differences": out / "paired_differences.csv",
    }
    combined = {
        "timeseries": csv_bytes(timeseries),
        "summary": csv_bytes(summary),
        "scenario_summary": csv_bytes(scenario_summary(summary, order)),
        "paired_differences": csv_bytes(paired_differences(summary, order)),
    }
    digests = {}
    for kind, data in combined.items():
        write_bytes_atomic(paths[kind], data)
        digests[paths[kind].name] = digest_bytes(data)
    if panel_every is not None:
        paths["panel"] = out / "panel.parquet"
        files.write_panel(paths["panel"])
        digests[paths["panel"].name] = digest_file(paths["panel"])
    doc = {
        **manifest(scenarios, replications, command, panel_every, digests),
        **run_timings(out / TIMING_DIR, names, jobs, scheduler),
    }
    write_bytes_atomic(paths["manifest"], (json.dumps(doc, indent=2) + "\n").encode("utf-8"))
    return paths


def command_line() -> str:
    return " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])
