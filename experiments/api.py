"""Python interface for notebooks: run a batch or a sensitivity analysis and get pandas
DataFrames back (the same files are written as by ``run.py``)::

    from experiments import api
    res = api.run_batch(["scenarios/baseline.toml", "scenarios/pkh.toml"],
                        replications=10, households=5000, jobs=2)
    res["paired_differences"].query("metric == 'poverty_gap_mean'")

    si = api.sensitivity("scenarios/sensitivity_pkh.toml", vs="scenarios/baseline.toml",
                         method="morris", samples=10, households=2000, months=36)
    si["indices"]
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from experiments.runner import read_run_csv
from experiments.runner import run_batch as _run_batch
from experiments.scenario import (
    Override,
    ScenarioError,
    check_scenario_size,
    load_raw,
    params_from_dict,
    read_toml,
    scenario_warnings,
)
from experiments.sensitivity_model import reported_columns, scenario_sensitivity
from experiments.sensitivity_spec import check_outputs, parse_spec
from model.parameters import Params


def overrides(
    households: int | None,
    months: int | None,
    seed: int | None,
    sets: Sequence[str | Override],
    flag: str = "--",
) -> list[str | Override]:
    """Overrides from keyword arguments: ``sets`` (``dotted.key=value``, source ``--set``)
    and the ``run`` flags, each named in errors as ``--households`` etc. (``flag`` is the
    prefix: ``"--"`` on the command line, ``""`` for keyword arguments)."""
    out: list[str | Override] = list(sets)
    for key, value in (("households", households), ("months", months), ("seed", seed)):
        if value is not None:
            out.append(Override(f"run.{key}", value, f"{flag}{key}"))
    return out


def load_scenario_files(
    paths: Sequence[str | Path],
    sets: Sequence[str | Override],
    warn=None,
    allow_large: bool = False,
) -> list[Params]:
    """Load scenario files with overrides applied (validated); names must differ.
    ``warn(message)`` receives notes on valid but doubtful settings.

    The one check shared by ``run``, ``validate`` and ``plan``: a ``[sensitivity]`` table
    a file holds is checked too (as ``sensitivity`` would), and households and months
    above :data:`experiments.scenario.LARGE_LIMITS` are refused unless ``allow_large``."""
    out = [params_from_dict(load_raw(p, list(sets)), str(p)) for p in paths]
    for path, params in zip(paths, out, strict=True):
        check_sensitivity_table(str(path), params)
        check_scenario_size(params, str(path), allow_large)
    if warn is not None:
        for path, params in zip(paths, out, strict=True):
            for note in scenario_warnings(params, str(path)):
                warn(note)
    names = [p.name for p in out]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise ScenarioError(str(paths[0]), "name", f"scenario names repeat: {sorted(dupes)}")
    return out


def check_sensitivity_table(path: str, params: Params) -> None:
    """A ``[sensitivity]`` table in the file is checked as ``sensitivity`` would (names,
    distributions, outputs), so a bad one is an error wherever the file is used."""
    table = read_toml(Path(path)).get("sensitivity")
    if table is None:
        return
    spec = parse_spec(table, path, params.to_dict(), has_baseline=True)
    check_outputs(path, spec.outputs, reported_columns(params))


def _out_dir(out: str | Path | None, prefix: str) -> Path:
    return Path(out) if out is not None else Path(tempfile.mkdtemp(prefix=prefix))


def run_batch(
    scenarios: Sequence[str | Path],
    replications: int = 1,
    *,
    households: int | None = None,
    months: int | None = None,
    seed: int | None = None,
    sets: Sequence[str] = (),
    out: str | Path | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    panel_every: int | None = None,
    overwrite: bool = False,
    allow_large: bool = False,
) -> dict[str, pd.DataFrame]:
    """Run scenario files x replications (paired seeds); return the result tables:
    ``timeseries``, ``summary``, ``scenario_summary``, ``paired_differences`` (and
    ``panel`` with ``panel_every``). ``out`` defaults to a new temporary directory.
    ``allow_large`` lifts the caps on sizes (experiments.scenario.LARGE_LIMITS)."""
    params = load_scenario_files(
        scenarios, overrides(households, months, seed, sets, ""), allow_large=allow_large
    )
    paths = _run_batch(
        params,
        replications,
        _out_dir(out, "jaring-batch-"),
        "experiments.api.run_batch",
        jobs=jobs,
        scheduler=scheduler,
        panel_every=panel_every,
        overwrite=overwrite,
        allow_large=allow_large,
    )
    tables = {k: read_run_csv(p) for k, p in paths.items() if p.suffix == ".csv"}
    if "panel" in paths:
        tables["panel"] = pd.read_parquet(paths["panel"])
    return tables


def sensitivity(
    scenario: str | Path,
    method: str = "sobol",
    samples: int = 256,
    *,
    vs: str | Path | None = None,
    spec: str | Path | None = None,
    households: int | None = None,
    months: int | None = None,
    seed: int | None = None,
    sets: Sequence[str] = (),
    replications: int = 1,
    out: str | Path | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    overwrite: bool = False,
) -> dict[str, pd.DataFrame]:
    """Sensitivity analysis of a scenario file; returns ``indices`` (and ``s2`` for
    Sobol), ``sample`` and ``outputs`` as DataFrames. See ``run.py sensitivity``."""
    return scenario_sensitivity(
        scenario,
        method=method,
        samples=samples,
        vs=vs,
        spec_file=spec,
        overrides=overrides(households, months, seed, sets, ""),
        replications=replications,
        out=_out_dir(out, "jaring-sensitivity-"),
        jobs=jobs,
        scheduler=scheduler,
        overwrite=overwrite,
        command="experiments.api.sensitivity",
    )
