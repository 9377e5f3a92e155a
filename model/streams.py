"""Named random streams for common random numbers.

Each stochastic process draws from its own stream, seeded from (run seed, stream name,
month), and draws for every household whether or not the draw is used. A change in one
process, or a programme added later, never shifts another process's draws, so paired
scenarios differ only because of the policy.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream_key(name: str) -> int:
    """Stable 32-bit key of a stream name (independent of Python's hash seed)."""
    return zlib.crc32(name.encode("utf-8"))


class Streams:
    """Factory of per-(name, month) generators for one run seed."""

    def __init__(self, seed: int):
        self.seed = int(seed)

    def generator(self, name: str, month: int = 0) -> np.random.Generator:
        """Generator of stream ``name`` in ``month``; burn-in months (month <= 0) are
        keyed 2**32 + month, so they never collide with months of the run."""
        m = int(month)
        ss = np.random.SeedSequence([self.seed, stream_key(name), m if m >= 0 else 2**32 + m])
        return np.random.Generator(np.random.PCG64(ss))

    def uniform(self, name: str, month: int, size) -> np.ndarray:
        return self.generator(name, month).random(size)

    def normal(self, name: str, month: int, size) -> np.ndarray:
        return self.generator(name, month).standard_normal(size)
