"""Global sensitivity analysis with SALib: sample, evaluate (resumably, in parallel),
analyse, write.

The pipeline takes any evaluation function ``values -> {output: number}`` (the model, via
:class:`experiments.sensitivity_model.ScenarioEvaluation`, or a test function with known
indices), so the same code is checked against analytic results. A results directory holds
``manifest.json``, ``sample.csv`` (``sample`` + one column per parameter),
``outputs.csv`` (``sample`` + one column per output) and by method ``sobol_indices.csv``
and ``sobol_s2.csv``, ``morris_indices.csv`` or ``fast_indices.csv``. Evaluations are
written under ``runs/`` as they finish, each with a marker recording its digest, so an
interrupted analysis resumes and a changed or cut evaluation file is evaluated again. An
output that is constant over the sample has no indices (a warning says so). The manifest
records the size and sha256 of every file it lists under ``"files"``.
"""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from experiments.execution.executors import check_jobs, check_scheduler, open_pool
from experiments.execution.tasks import (
    Progress,
    RunStore,
    Task,
    claim_directory,
    run_tasks,
    write_bytes_atomic,
)
from experiments.runner import csv_bytes, git_commit, read_run_csv, versions
from experiments.scenario import ScenarioError
from experiments.sensitivity_spec import SensitivitySpec
from outputs.digests import digest_bytes

METHODS = ("sobol", "morris", "fast")
FAST_M = 4  # FAST interference factor (SALib default); N must exceed 4 M^2
MORRIS_LEVELS = 4  # Morris grid levels (SALib default)
RESAMPLES = 100  # bootstrap resamples for the confidence intervals (SALib default)
CONF_LEVEL = 0.95
MAX_SAMPLES = 2**20  # base sample size N (Sobol evaluates N(2D+2) points)

Evaluate = Callable[[Sequence[float]], dict[str, float]]


def check_sample_size(method: str, samples: int, spec: SensitivitySpec) -> list[str]:
    """Warnings about ``samples`` for ``method``; impossible sizes raise ScenarioError."""
    if method not in METHODS:
        raise ScenarioError("--method", method, f"must be one of {', '.join(METHODS)}")
    if not 2 <= samples <= MAX_SAMPLES:
        raise ScenarioError("--samples", "", f"must be between 2 and {MAX_SAMPLES}, got {samples}")
    notes = []
    if method == "sobol" and samples & (samples - 1):
        lower = 1 << (samples.bit_length() - 1)
        notes.append(
            f"Sobol sampling needs N a power of two for its convergence properties; "
            f"got {samples} (use {lower} or {lower * 2})"
        )
    if method == "fast" and samples <= 4 * FAST_M**2:
        raise ScenarioError("--samples", "", f"FAST needs N > {4 * FAST_M**2}, got {samples}")
    if method == "morris":
        if any(p.dist != "unif" for p in spec.parameters):
            raise ScenarioError("--method", "morris", "Morris needs uniform (unif) parameters")
        if samples < 10:
            notes.append(f"Morris with {samples} trajectories gives rough rankings (use >= 10)")
    return notes


def draw_sample(method: str, problem: dict, samples: int, seed: int) -> np.ndarray:
    """The SALib sample for ``method`` (rows are sample points)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sample-size advice is given by check_sample_size
        if method == "sobol":
            from SALib.sample import sobol

            return sobol.sample(problem, samples, calc_second_order=True, seed=seed)
        if method == "morris":
            from SALib.sample import morris

            return morris.sample(problem, samples, num_levels=MORRIS_LEVELS, seed=seed)
        from SALib.sample import fast_sampler

        return fast_sampler.sample(problem, samples, M=FAST_M, seed=seed)


def analyse(
    method: str, problem: dict, x: np.ndarray, y: np.ndarray, seed: int
) -> dict[str, pd.DataFrame]:
    """Indices of one output ``y`` as tables: {"indices": ..., "s2": ... (Sobol)}."""
    names = problem["names"]
    kw = {"num_resamples": RESAMPLES, "conf_level": CONF_LEVEL, "seed": seed}
    if method == "sobol":
        from SALib.analyze import sobol

        si = sobol.analyze(problem, y, calc_second_order=True, **kw)
        first = pd.DataFrame(
            {"parameter": names, **{k: si[k] for k in ("S1", "S1_conf", "ST", "ST_conf")}}
        )
        pairs = list(combinations(range(len(names)), 2))
        second = pd.DataFrame(
            {
                "parameter_1": [names[i] for i, _ in pairs],
                "parameter_2": [names[j] for _, j in pairs],
                "S2": [si["S2"][i, j] for i, j in pairs],
                "S2_conf": [si["S2_conf"][i, j] for i, j in pairs],
            }
        )
        return {"indices": first, "s2": second}
    if method == "morris":
        from SALib.analyze import morris

        si = morris.analyze(problem, x, y, num_levels=MORRIS_LEVELS, **kw)
        cols = ("mu", "mu_star", "mu_star_conf", "sigma")
        return {"indices": pd.DataFrame({"parameter": names, **{k: si[k] for k in cols}})}
    from SALib.analyze import fast

    si = fast.analyze(problem, y, M=FAST_M, **kw)
    cols = ("S1", "S1_conf", "ST", "ST_conf")
    return {"indices": pd.DataFrame({"parameter": names, **{k: si[k] for k in cols}})}


def evaluate_rows(evaluate: Evaluate, start: int, rows: np.ndarray) -> pd.DataFrame:
    """Evaluate consecutive sample points ``start, start+1, ...`` (a task; runs in a worker)."""
    records = [{"sample": start + i, **evaluate(row)} for i, row in enumerate(rows)]
    return pd.DataFrame(records)


INDEX_COLUMNS = {
    ("sobol", "indices"): ["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"],
    ("sobol", "s2"): ["output", "parameter_1", "parameter_2", "S2", "S2_conf"],
    ("morris", "indices"): ["output", "parameter", "mu", "mu_star", "mu_star_conf", "sigma"],
    ("fast", "indices"): ["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"],
}


def index_files(method: str) -> dict[str, str]:
    if method == "sobol":
        return {"indices": "sobol_indices.csv", "s2": "sobol_s2.csv"}
    return {"indices": f"{method}_indices.csv"}


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def run_sensitivity(
    spec: SensitivitySpec,
    evaluate: Evaluate,
    out_dir: str | Path,
    *,
    method: str = "sobol",
    samples: int = 256,
    seed: int = 0,
    jobs: int = 1,
    scheduler: str | None = None,
    chunk: int = 1,
    quiet: bool = True,
    overwrite: bool = False,
    identity: dict[str, Any] | None = None,
    manifest_extra: dict[str, Any] | None = None,
) -> dict[str, pd.DataFrame]:
    """Sample, evaluate ``chunk`` points per task (resuming), analyse and write the files.

    Returns {"sample", "outputs", "indices"[, "s2"]} as DataFrames; ``identity`` (what the
    evaluation runs, e.g. the resolved scenarios) is part of the experiment fingerprint.
    """
    for note in check_sample_size(method, samples, spec):
        warn(note)
    if chunk < 1:
        raise ScenarioError("chunk", "", "must be at least 1")
    check_jobs(jobs)
    if scheduler is not None:
        check_scheduler(scheduler)
    problem = spec.problem()
    x = draw_sample(method, problem, samples, seed)
    out = Path(out_dir)
    ident = {
        "kind": "sensitivity",
        "method": method,
        "samples": samples,
        "seed": seed,
        "problem": problem,
        "outputs": list(spec.outputs),
        "chunk": chunk,
        **(identity or {}),
    }
    runs = claim_directory(out, ident, overwrite, git_commit())
    (out / "manifest.json").unlink(missing_ok=True)  # written again when complete
    files: dict[str, bytes] = {}
    sample = pd.DataFrame(x, columns=problem["names"])
    sample.insert(0, "sample", np.arange(len(x)))
    files["sample.csv"] = csv_bytes(sample)
    write_bytes_atomic(out / "sample.csv", files["sample.csv"])

    store = RunStore(runs, lambda name: [f"{name}.csv"])
    starts = list(range(0, len(x), chunk))
    key = {s: f"samples_{s:07d}" for s in starts}
    todo = set(store.pending([key[s] for s in starts], warn))
    tasks = [
        Task(key[s], evaluate_rows, (evaluate, s, x[s : s + chunk]))
        for s in starts
        if key[s] in todo
    ]

    def save(name: str, result: pd.DataFrame) -> None:
        store.save(name, {f"{name}.csv": csv_bytes(result)})

    if tasks:
        with open_pool(jobs, scheduler) as pool:
            bar = Progress(len(starts), len(starts) - len(tasks), "evaluations", quiet)
            run_tasks(tasks, pool, save, bar)

    parts = [read_run_csv(store.read(key[s], f"{key[s]}.csv")) for s in starts]
    outputs = pd.concat(parts, ignore_index=True)[["sample", *spec.outputs]]
    files["outputs.csv"] = csv_bytes(outputs)
    write_bytes_atomic(out / "outputs.csv", files["outputs.csv"])

    tables: dict[str, list[pd.DataFrame]] = {k: [] for k in index_files(method)}
    for name in spec.outputs:
        y = outputs[name].to_numpy(dtype=float)
        if not np.all(np.isfinite(y)):
            warn(
                f"output {name} is undefined at {int(np.sum(~np.isfinite(y)))} sample points; "
                "its indices are left empty"
            )
            continue
        if np.ptp(y) == 0:
            warn(f"output {name} is constant over the sample ({y[0]:g}): no indices")
            continue
        for kind, table in analyse(method, problem, x, y, seed).items():
            table.insert(0, "output", name)
            tables[kind].append(table)
    result = {"sample": sample, "outputs": outputs}
    for kind, file in index_files(method).items():
        frames = tables[kind]
        table = (
            pd.concat(frames, ignore_index=True)
            if frames
            else pd.DataFrame(columns=INDEX_COLUMNS[(method, kind)])
        )
        files[file] = csv_bytes(table)
        write_bytes_atomic(out / file, files[file])
        result[kind] = table
    manifest = {
        "kind": "sensitivity",
        "method": method,
        "samples": samples,
        "evaluations": len(x),
        "seed": seed,
        "parameters": [p.to_dict() for p in spec.parameters],
        "outputs": list(spec.outputs),
        "vs": None,
        **(manifest_extra or {}),
        "files": {name: digest_bytes(data) for name, data in files.items()},
        "versions": versions(),
        "git_commit": git_commit(),
    }
    text = json.dumps(manifest, indent=2, default=str) + "\n"
    write_bytes_atomic(out / "manifest.json", text.encode("utf-8"))
    return result
