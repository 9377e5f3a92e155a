"""Same seed, same bits whatever the CPU dispatches to (measures/numerics.py).

The golden cases (tests/golden.py, one seed) run in subprocesses under settings that
make numpy, OpenBLAS, numba and the C library take the code paths of an older CPU:
numpy limited to its baseline SIMD target, OpenBLAS on Sandybridge and Prescott
kernels, numba compiling for a generic x86-64, glibc without its AVX2/FMA maths
variants. Each history (and the Student-t half-widths of the result tables) must be
bit-identical to the native run. Each setting is first
checked to have taken effect in the child (numpy's enabled features, the BLAS core type,
numba's target CPU, the loader's active hardware capabilities); a setting that cannot
take effect on this machine is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from golden import RUNTIME_KEY

# One worker runs them all (``--dist loadgroup``), so the native run happens once.
pytestmark = pytest.mark.xdist_group("dispatch")

HERE = Path(__file__).resolve().parent
SEED = "3"
X86 = platform.machine() in ("x86_64", "AMD64")


def run_golden(env_extra: dict[str, str], out: Path) -> tuple[dict, dict]:
    """Histories and dispatch settings of the golden cases in a child process."""
    env = {**os.environ, **env_extra}
    cmd = [sys.executable, str(HERE / "golden.py"), "--dump", str(out), "--seeds", SEED]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    data = np.load(out)
    arrays = {k: data[k] for k in data.files if k != RUNTIME_KEY}
    return arrays, json.loads(bytes(data[RUNTIME_KEY]).decode())


@pytest.fixture(scope="session")
def native(tmp_path_factory):
    return run_golden({}, tmp_path_factory.mktemp("native") / "native.npz")


def _dispatched_found() -> list[str]:
    """numpy's SIMD targets above its baseline that this CPU supports."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]


def _loader() -> str | None:
    """Path of the dynamic loader of this process (glibc's ld.so), if any."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return None
    found = re.search(r"(/\S*ld-linux\S*\.so\S*)", maps)
    return found.group(1) if found else None


def _loader_capabilities(env_extra: dict[str, str]) -> str | None:
    """The loader's report of the CPU features it treats as usable (glibc 2.33+)."""
    ld = _loader()
    if ld is None:
        return None
    env = {**os.environ, **env_extra}
    done = subprocess.run([ld, "--list-diagnostics"], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return None
    lines = [x for x in done.stdout.splitlines() if ".active[" in x or "hwcaps_subdirs_active" in x]
    return "\n".join(lines) or None


def numpy_baseline():
    found = _dispatched_found()
    if not found:
        pytest.skip("numpy already runs at its baseline SIMD target on this CPU")
    env = {"NPY_DISABLE_CPU_FEATURES": " ".join(found)}

    def took_effect(native_rt, child_rt):
        on = set(child_rt["numpy_features"]) & set(found)
        assert not on, f"numpy still enables {sorted(on)}"

    return env, took_effect


def openblas(core: str):
    def setting():
        if not X86:
            pytest.skip(f"OPENBLAS_CORETYPE={core} is an x86-64 core type")
        env = {"OPENBLAS_CORETYPE": core}

        def took_effect(native_rt, child_rt):
            if child_rt["blas_cores"] == native_rt["blas_cores"]:
                pytest.skip(f"OpenBLAS stays on {child_rt['blas_cores']} (no DYNAMIC_ARCH?)")

        return env, took_effect

    return setting


def numba_generic():
    env = {"NUMBA_CPU_NAME": "generic"}

    def took_effect(native_rt, child_rt):
        assert child_rt["numba_target_cpu"] == "generic", child_rt["numba_target_cpu"]
        assert native_rt["numba_target_cpu"] != "generic"

    return env, took_effect


def glibc_without_fma():
    if not X86:
        pytest.skip("glibc's AVX2/FMA maths variants exist on x86-64 only")
    env = {"GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX2,-FMA,-AVX512F"}
    before, after = _loader_capabilities({}), _loader_capabilities(env)
    if before is None:
        pytest.skip("the dynamic loader cannot report its CPU features (glibc < 2.33?)")
    if before == after:
        pytest.skip("GLIBC_TUNABLES hwcaps change nothing here (CPU without AVX2/FMA?)")

    def took_effect(native_rt, child_rt):
        pass  # checked above with the loader's own report

    return env, took_effect


SETTINGS = {
    "numpy_baseline_simd": numpy_baseline,
    "openblas_sandybridge": openblas("Sandybridge"),
    "openblas_prescott": openblas("Prescott"),
    "numba_generic_cpu": numba_generic,
    "glibc_without_avx2_fma": glibc_without_fma,
}


@pytest.mark.parametrize("name", list(SETTINGS))
def test_history_bit_identical_under_dispatch_setting(name, native, tmp_path):
    env, took_effect = SETTINGS[name]()
    ref, native_rt = native
    got, child_rt = run_golden(env, tmp_path / f"{name}.npz")
    took_effect(native_rt, child_rt)
    assert set(got) == set(ref)
    for key in sorted(ref):
        np.testing.assert_array_equal(got[key], ref[key], err_msg=f"{name}: {key}", strict=True)
