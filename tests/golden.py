"""Golden outputs: the full monthly history of a few scenarios, stored from a reference
version of the engine so that optimisations can be checked to be bit-identical.

Regenerate (only when the model's behaviour is meant to change, or on a machine with
other numpy, numba or scipy versions or another architecture):
``python tests/golden.py`` writes tests/data/golden_history.npz.
``python tests/golden.py --dump FILE --seeds 3`` writes the histories and the process's
dispatch settings to FILE instead (tests/test_dispatch.py).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
GOLDEN = HERE / "data" / "golden_history.npz"

# (scenario, extra overrides): every programme, the registry rules, savings groups, crises.
CASES = {
    "combined": [],
    "blt_crisis": [],
    "savings": ["programmes.savings.groups=true"],
    "registry_on_demand": [],
    "kube": [],
    "registry_continuous": ["registry.updating=continuous"],
}
SCENARIO_FILE = {"registry_continuous": "registry_on_demand"}
SEEDS = (3, 17)
HOUSEHOLDS, MONTHS = 3000, 36
# A burn-in long enough for every stock and the pawnshop's forfeits to be exercised (the
# golden cases check that the engine's arithmetic is unchanged, not the steady state).
BURN_IN_MONTHS = 36


def case_params(case: str):
    from experiments.scenario import load_scenario

    path = HERE.parent / "scenarios" / f"{SCENARIO_FILE.get(case, case)}.toml"
    sets = [f"run.households={HOUSEHOLDS}", f"run.months={MONTHS}"]
    sets += [f"run.burn_in_months={BURN_IN_MONTHS}", *CASES[case]]
    return load_scenario(path, sets)


def history_arrays(case: str, seed: int) -> dict[str, np.ndarray]:
    """The run's history as one float64 array per metric (key ``case/seed/metric``)."""
    from model.model import ArrayModel

    model = ArrayModel(case_params(case), seed=seed)
    model.run()
    keys = list(model.history[0])
    out = {}
    for k in keys:
        out[f"{case}/{seed}/{k}"] = np.array([row[k] for row in model.history], dtype=float)
    final = {
        "savings": model.state.savings,
        "debt": model.state.debt,
        "assets": model.state.assets,
        "enrolled": model.state.enrolled,
        "consumption": model.consumption,
    }
    for k, a in final.items():
        digest = hashlib.sha256(np.ascontiguousarray(a).tobytes()).digest()
        out[f"{case}/{seed}/final_{k}_sha256"] = np.frombuffer(digest, dtype=np.uint8)
    return out


def fingerprint() -> str:
    """What may legitimately change the histories: the versions of numpy (random
    streams), numba (compiled kernels) and scipy, and the architecture. Nothing about
    the CPU's vector width, BLAS kernel or C library: measures/numerics.py makes results
    independent of those (tests/test_dispatch.py checks it)."""
    import json
    import platform

    import numba
    import scipy

    return json.dumps(
        {
            "numpy": np.__version__,
            "numba": numba.__version__,
            "scipy": scipy.__version__,
            "machine": platform.machine(),
        },
        sort_keys=True,
    )


def fingerprint_difference(stored: str) -> str | None:
    """One line saying how this machine differs from the one that stored ``stored``
    (None when it does not)."""
    import json

    here, there = json.loads(fingerprint()), json.loads(stored)
    diff = [f"{k} {there.get(k)} there, {v} here" for k, v in here.items() if there.get(k) != v]
    return "; ".join(diff) or None


def runtime() -> dict:
    """The dispatch settings in effect in this process: numpy's enabled SIMD targets,
    the BLAS kernel (OpenBLAS core type) and numba's target CPU."""
    import numba
    from numba.core.registry import cpu_target
    from numpy._core._multiarray_umath import __cpu_features__
    from threadpoolctl import threadpool_info

    return {
        "numpy_features": sorted(k for k, v in __cpu_features__.items() if v),
        "blas_cores": sorted({str(i.get("architecture")) for i in threadpool_info()}),
        "numba_cpu": str(numba.config.CPU_NAME or ""),
        "numba_target_cpu": str(cpu_target.target_context.codegen().magic_tuple()[1]),
    }


FINGERPRINT_KEY = "__fingerprint"


RUNTIME_KEY = "__runtime"


def dump(path: Path, seeds: tuple[int, ...]) -> None:
    """Write every case's history at ``seeds``, the Student-t interval half-widths of
    the result tables and this process's dispatch settings (for tests/test_dispatch.py)."""
    import json

    from measures.intervals import t_half_width

    arrays = {RUNTIME_KEY: np.frombuffer(json.dumps(runtime()).encode(), dtype=np.uint8)}
    for case in CASES:
        for seed in seeds:
            arrays.update(history_arrays(case, seed))
    # the tables' Student-t intervals (2-200 replications of sd 1)
    arrays["intervals/t_half_width"] = t_half_width(1.0, np.arange(2, 201))
    np.savez(path, **arrays)


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dump", type=Path, help="write histories here, not the reference")
    parser.add_argument("--seeds", default=",".join(map(str, SEEDS)))
    args = parser.parse_args(argv)
    seeds = tuple(int(s) for s in args.seeds.split(","))
    if args.dump:
        dump(args.dump, seeds)
        return
    arrays = {FINGERPRINT_KEY: np.frombuffer(fingerprint().encode(), dtype=np.uint8)}
    for case in CASES:
        for seed in seeds:
            arrays.update(history_arrays(case, seed))
    GOLDEN.parent.mkdir(exist_ok=True)
    np.savez_compressed(GOLDEN, **arrays)
    print(f"wrote {len(arrays)} arrays to {GOLDEN}")


if __name__ == "__main__":
    main()
