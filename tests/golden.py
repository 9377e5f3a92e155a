"""Golden outputs: the full monthly history of a few scenarios, stored from a reference
version of the engine so that optimisations can be checked to be bit-identical.

Regenerate (only when the model's behaviour is meant to change):
``python tests/golden.py`` writes tests/data/golden_history.npz.
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


def case_params(case: str):
    from experiments.scenario import load_scenario

    path = HERE.parent / "scenarios" / f"{SCENARIO_FILE.get(case, case)}.toml"
    sets = [f"run.households={HOUSEHOLDS}", f"run.months={MONTHS}", *CASES[case]]
    return load_scenario(path, sets)


def history_arrays(case: str, seed: int) -> dict[str, np.ndarray]:
    """The run's history as one float64 array per metric (key ``case/seed/metric``)."""
    from model.model import JaringModel

    model = JaringModel(case_params(case), seed=seed)
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
    """What the last bits of numpy's exp and pow depend on: numpy's version, the CPU
    features its compiled loops use, the C library and the architecture."""
    import json
    import platform

    from numpy._core._multiarray_umath import __cpu_features__

    return json.dumps(
        {
            "numpy": np.__version__,
            "cpu": sorted(k for k, v in __cpu_features__.items() if v),
            "libc": list(platform.libc_ver()),
            "machine": platform.machine(),
        },
        sort_keys=True,
    )


FINGERPRINT_KEY = "__fingerprint"


def main() -> None:
    arrays = {FINGERPRINT_KEY: np.frombuffer(fingerprint().encode(), dtype=np.uint8)}
    for case in CASES:
        for seed in SEEDS:
            arrays.update(history_arrays(case, seed))
    GOLDEN.parent.mkdir(exist_ok=True)
    np.savez_compressed(GOLDEN, **arrays)
    print(f"wrote {len(arrays)} arrays to {GOLDEN}")


if __name__ == "__main__":
    main()
