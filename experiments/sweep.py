"""Parameter sweeps: a grid or a Latin hypercube of parameter values, each point run as a
scenario (and, with a baseline, as a paired baseline with the same values and seeds).

The points run through the batch runner (:func:`experiments.runner.run_batch`), so
replications, ``--jobs``, Dask and resuming work exactly as for ``run``; every point's
values go through the same validation as ``--set``. The results directory holds
``manifest.json`` (``"kind": "sweep"``), ``sweep_points.csv`` and the tidy long tables
``sweep_timeseries.csv`` (one row per point x replication x month),
``sweep_summary.csv`` (per point x replication) and, with a baseline,
``sweep_effects.csv`` (scenario minus baseline per point x replication), each with the
swept values as columns named by their dotted parameter names (docs/OUTPUTS.md).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from experiments.comparison import metric_columns
from experiments.execution.tasks import write_atomic
from experiments.runner import read_run_csv, run_batch
from experiments.scenario import ScenarioError, load_raw, params_from_dict, read_value
from experiments.sensitivity_spec import find_spec
from model.parameters import Params
from model.sections import parameter_label
from outputs.digests import digest_bytes
from outputs.files import read_json

POINT_SEP = "__s"  # scenario name of point i inside the batch: <name>__s<i>


def _value(text: str, source: str, key: str):
    if not text.strip():
        raise ScenarioError(source, key, "empty value")
    return read_value(text, source, key)


def parse_grid(items: Sequence[str]) -> list[tuple[str, list]]:
    """``--grid key=v1,v2,...`` texts as (dotted name, values)."""
    out = []
    for text in items:
        if "=" not in text:
            raise ScenarioError("--grid", text, "expected dotted.key=value1,value2,...")
        key, raw = (s.strip() for s in text.split("=", 1))
        values = [_value(v, "--grid", key) for v in raw.split(",")]
        if len(set(map(repr, values))) != len(values):
            raise ScenarioError("--grid", key, "a value is listed twice")
        out.append((key, values))
    names = [k for k, _ in out]
    if len(set(names)) != len(names):
        raise ScenarioError("--grid", "", "a parameter is listed twice")
    return out


def parse_ranges(items: Sequence[str]) -> list[tuple[str, float, float]]:
    """``--param key=low,high`` texts as (dotted name, low, high) of numeric parameters."""
    out = []
    for text in items:
        if "=" not in text or text.count(",") != 1:
            raise ScenarioError("--param", text, "expected dotted.key=low,high")
        key, raw = (s.strip() for s in text.split("=", 1))
        low, high = (_value(v, "--param", key) for v in raw.split(","))
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high)):
            raise ScenarioError("--param", key, "low and high must be numbers")
        if low >= high:
            raise ScenarioError("--param", key, "low must be below high")
        out.append((key, float(low), float(high)))
    if len({k for k, _, _ in out}) != len(out):
        raise ScenarioError("--param", "", "a parameter is listed twice")
    return out


def grid_points(grid: list[tuple[str, list]]) -> pd.DataFrame:
    """Every combination of the grid values (the last key varies fastest)."""
    names = [k for k, _ in grid]
    rows = list(itertools.product(*(v for _, v in grid)))
    return pd.DataFrame(rows, columns=names)


def lhs_points(ranges: list[tuple[str, float, float]], n: int, seed: int) -> pd.DataFrame:
    """``n`` Latin-hypercube points (scipy.stats.qmc) in the given ranges; whole-number
    parameters are rounded."""
    from scipy.stats import qmc

    if n < 2:
        raise ScenarioError("--lhs", "", f"needs at least 2 points, got {n}")
    unit = qmc.LatinHypercube(d=len(ranges), seed=seed).random(n)
    values = qmc.scale(unit, [r[1] for r in ranges], [r[2] for r in ranges])
    df = pd.DataFrame(values, columns=[r[0] for r in ranges])
    for name, _, _ in ranges:
        if _spec_kind(name) is int:
            df[name] = df[name].round().astype(int)
    return df


def _spec_kind(name: str) -> type:
    try:
        return find_spec(name).kind
    except (KeyError, IndexError):
        raise ScenarioError("--param", name, "unknown parameter") from None


def point_params(
    path: str | Path, points: pd.DataFrame, sets: Sequence[str], source: str
) -> list[Params]:
    """One validated scenario per point (the point's values as ``--set`` overrides)."""
    out = []
    for i, row in points.iterrows():
        over = [*sets, *(f"{k}={_toml(v)}" for k, v in row.items())]
        try:
            params = params_from_dict(load_raw(path, over), str(path))
        except ScenarioError as exc:
            raise ScenarioError(source, exc.key, f"point {i}: {exc.problem}") from None
        out.append(dataclasses.replace(params, name=f"{params.name}{POINT_SEP}{i:04d}"))
    return out


def _toml(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, np.integer):
        return str(int(v))
    if isinstance(v, np.floating | float):
        return repr(float(v))
    return str(v)


def _split(df: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """Batch rows -> tidy rows: scenario name, sample number and swept values first."""
    parts = df["scenario"].str.rsplit(POINT_SEP, n=1, expand=True)
    df = df.drop(columns="scenario")
    df.insert(0, "scenario", parts[0])
    df.insert(1, "sample", parts[1].astype(int))
    df = df.merge(points.rename_axis("sample").reset_index(), on="sample", how="left")
    first = ["scenario", "sample", *points.columns]
    return df[[*first, *[c for c in df.columns if c not in first]]]


def effects(summary: pd.DataFrame, scenario: str, baseline: str, swept: list[str]) -> pd.DataFrame:
    """Per point x replication: scenario minus baseline of every summary metric
    (programme spending a run lacks counts as 0)."""
    keys = ["sample", "replication"]
    metrics = [c for c in metric_columns(summary) if c not in (*keys, "seed", *swept)]
    s = summary[summary["scenario"] == scenario].set_index(keys)
    b = summary[summary["scenario"] == baseline].set_index(keys)
    sm, bm = s[metrics].copy(), b.loc[s.index, metrics].copy()
    spend = [c for c in metrics if c.endswith("_spending_total")]
    sm[spend] = sm[spend].fillna(0.0)
    bm[spend] = bm[spend].fillna(0.0)
    diff = (sm - bm).dropna(axis=1, how="all")
    front = s[[*swept, "seed"]]
    out = pd.concat([front, diff], axis=1).reset_index()
    out.insert(0, "baseline", baseline)
    out.insert(0, "scenario", scenario)
    return out[["scenario", "baseline", "sample", *swept, "replication", "seed", *diff.columns]]


def run_sweep(
    scenario: str | Path,
    points: pd.DataFrame,
    *,
    vs: str | Path | None = None,
    sets: Sequence[str] = (),
    replications: int = 1,
    out: str | Path = "results/sweep",
    jobs: int = 1,
    scheduler: str | None = None,
    quiet: bool = True,
    overwrite: bool = False,
    command: str = "",
    design: dict | None = None,
    allow_large: bool = False,
) -> dict[str, Path]:
    """Run every point (and its paired baseline) x replications and write the tidy
    tables; returns their paths (``allow_large``: as for experiments.runner.run_batch)."""
    if points.empty:
        raise ScenarioError("sweep", "", "no points to run")
    out = Path(out)
    scen = point_params(scenario, points, sets, str(scenario))
    base = point_params(vs, points, sets, str(vs)) if vs is not None else []
    names = {p.name.rsplit(POINT_SEP, 1)[0] for p in scen}
    if base and names & {p.name.rsplit(POINT_SEP, 1)[0] for p in base}:
        raise ScenarioError(
            str(vs), "name", "the baseline must have another name than the scenario"
        )
    paths = run_batch(
        [*scen, *base],
        replications,
        out,
        command,
        jobs=jobs,
        scheduler=scheduler,
        quiet=quiet,
        overwrite=overwrite,
        allow_large=allow_large,
    )
    batch_manifest = read_json(paths["manifest"], within=out)
    ts = _split(read_run_csv(paths["timeseries"]), points)
    summary = _split(read_run_csv(paths["summary"]), points)
    for kind in ("timeseries", "summary", "scenario_summary", "paired_differences"):
        paths.pop(kind).unlink()
    swept = list(points.columns)
    result = {
        "points": out / "sweep_points.csv",
        "timeseries": out / "sweep_timeseries.csv",
        "summary": out / "sweep_summary.csv",
    }
    written = {
        "points": points.rename_axis("sample").reset_index().to_csv(index=False),
        "timeseries": ts.to_csv(index=False),
        "summary": summary.to_csv(index=False),
    }
    if base:
        result["effects"] = out / "sweep_effects.csv"
        eff = effects(
            summary,
            scen[0].name.rsplit(POINT_SEP, 1)[0],
            base[0].name.rsplit(POINT_SEP, 1)[0],
            swept,
        )
        written["effects"] = eff.to_csv(index=False)
    digests = {}
    for kind, text in written.items():
        write_atomic(result[kind], text)
        digests[result[kind].name] = digest_bytes(text.encode("utf-8"))
    manifest = {
        **batch_manifest,
        "kind": "sweep",
        "scenario": str(scenario),
        "vs": str(vs) if vs is not None else None,
        "design": design or {},
        "points": len(points),
        "files": digests,  # the sweep's own files (the batch's combined files are gone)
        "parameters": [
            {"name": n, "label": parameter_label(n), "unit": find_spec(n).unit} for n in swept
        ],
    }
    write_atomic(paths["manifest"], json.dumps(manifest, indent=2, default=str))
    result["manifest"] = paths["manifest"]
    return result
