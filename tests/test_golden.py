"""The engine reproduces stored reference histories bit for bit (performance work must
not change results): see tests/golden.py.

Bit for bit on any CPU (vector width, BLAS kernel and C library do not matter:
measures/numerics.py; tests/test_dispatch.py proves it on this machine). What may
legitimately change results is fingerprinted with the reference: numpy, numba and scipy
versions and the architecture. On a machine that differs in those the test is skipped
with a one-line reason (regenerate with ``python tests/golden.py`` to compare there):
no tolerance can hold for a model of thresholds, where one last-bit difference moves a
household across the poverty line.
"""

from __future__ import annotations

import numpy as np
import pytest
from golden import CASES, FINGERPRINT_KEY, GOLDEN, SEEDS, fingerprint_difference, history_arrays


@pytest.fixture(scope="module")
def stored():
    ref = np.load(GOLDEN)
    diff = fingerprint_difference(bytes(ref[FINGERPRINT_KEY]).decode())
    if diff:
        pytest.skip(f"golden reference is from another platform ({diff})")
    return ref


@pytest.mark.parametrize("case", list(CASES))
def test_history_bit_identical_to_reference(case, stored):
    for seed in SEEDS:
        got = history_arrays(case, seed)
        prefix = f"{case}/{seed}/"
        assert set(got) == {k for k in stored.files if k.startswith(prefix)}
        for key, value in got.items():
            np.testing.assert_array_equal(value, stored[key], err_msg=key, strict=True)
