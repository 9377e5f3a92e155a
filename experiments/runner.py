"""Running scenarios: one simulation, and a batch of scenarios x replications written to
a results directory (manifest.json, timeseries.csv, summary.csv).

Replication r of every scenario uses the same seed (``run.seed + r``), so scenarios in a
batch are paired: they share every random draw that the policy does not change.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import pandas as pd

from model.model import JaringModel
from model.parameters import Params

ID_COLUMNS = ["scenario", "replication", "seed", "month"]
SUMMARY_AVERAGED = (
    "poverty_headcount",
    "poverty_gap",
    "poverty_severity",
    "gini",
    "share_in_debt",
    "debt_trap_share",
    "savings_buffer_share",
    "school_enrolment_poor",
)


def replication_seed(params: Params, replication: int) -> int:
    """Seed of replication ``r``: the same for every scenario of a batch."""
    return int(params.run.seed) + int(replication)


def simulate(params: Params, seed: int) -> tuple[pd.DataFrame, dict[str, float]]:
    """Run one scenario with one seed; return its monthly metrics and run summary."""
    model = JaringModel(params, seed=seed)
    model.run()
    return pd.DataFrame(model.history), model.summary()


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
    row.update(dynamics)
    return row


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("mesa", "numpy", "pandas", "scipy", "SALib", "jaring"):
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


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that readers never see it half-written."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def manifest(scenarios: Sequence[Params], replications: int, command: str) -> dict:
    return {
        "scenarios": [p.to_dict() for p in scenarios],
        "replications": replications,
        "seeds": {p.name: [replication_seed(p, r) for r in range(replications)] for p in scenarios},
        "versions": versions(),
        "git_commit": git_commit(),
        "command": command,
    }


def run_batch(
    scenarios: Sequence[Params],
    replications: int,
    out_dir: str | Path,
    command: str = "",
    progress=None,
) -> dict[str, Path]:
    """Run every scenario x replication and write the result files into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    series, summaries = [], []
    for rep in range(replications):
        for params in scenarios:
            seed = replication_seed(params, rep)
            ts, dyn = simulate(params, seed)
            ts.insert(0, "seed", seed)
            ts.insert(0, "replication", rep)
            ts.insert(0, "scenario", params.name)
            series.append(ts)
            summaries.append(
                {
                    "scenario": params.name,
                    "replication": rep,
                    "seed": seed,
                    **summarise_run(ts, dyn),
                }
            )
            if progress is not None:
                progress(params.name, rep)
    timeseries = pd.concat(series, ignore_index=True)
    summary = pd.DataFrame(summaries)
    paths = {
        "manifest": out / "manifest.json",
        "timeseries": out / "timeseries.csv",
        "summary": out / "summary.csv",
    }
    write_atomic(paths["timeseries"], timeseries.to_csv(index=False))
    write_atomic(paths["summary"], summary.to_csv(index=False))
    write_atomic(
        paths["manifest"], json.dumps(manifest(scenarios, replications, command), indent=2)
    )
    return paths


def command_line() -> str:
    return " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])
