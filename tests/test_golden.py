"""The engine reproduces stored reference histories bit for bit (performance work must
not change results): see tests/golden.py."""

from __future__ import annotations

import numpy as np
import pytest
from golden import CASES, GOLDEN, SEEDS, history_arrays


@pytest.mark.parametrize("case", list(CASES))
def test_history_bit_identical_to_reference(case):
    stored = np.load(GOLDEN)
    for seed in SEEDS:
        got = history_arrays(case, seed)
        prefix = f"{case}/{seed}/"
        assert set(got) == {k for k in stored.files if k.startswith(prefix)}
        for key, value in got.items():
            np.testing.assert_array_equal(value, stored[key], err_msg=key, strict=True)
