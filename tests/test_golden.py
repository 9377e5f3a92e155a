"""The engine reproduces stored reference histories bit for bit (performance work must
not change results): see tests/golden.py.

Bit for bit on a machine like the one that recorded them (same numpy, CPU features and
C library: the last bits of ``exp`` and ``pow`` depend on those). Elsewhere, as on a CI
runner with another CPU, the histories must agree to 1e-9 relative instead.
"""

from __future__ import annotations

import numpy as np
import pytest
from golden import CASES, FINGERPRINT_KEY, GOLDEN, SEEDS, fingerprint, history_arrays


def same_platform(stored) -> bool:
    return bytes(stored[FINGERPRINT_KEY]).decode() == fingerprint()


@pytest.mark.parametrize("case", list(CASES))
def test_history_bit_identical_to_reference(case):
    stored = np.load(GOLDEN)
    exact = same_platform(stored)
    for seed in SEEDS:
        got = history_arrays(case, seed)
        prefix = f"{case}/{seed}/"
        assert set(got) == {k for k in stored.files if k.startswith(prefix)}
        for key, value in got.items():
            if exact:
                np.testing.assert_array_equal(value, stored[key], err_msg=key, strict=True)
            elif not key.endswith("_sha256"):
                np.testing.assert_allclose(value, stored[key], rtol=1e-9, err_msg=key)
