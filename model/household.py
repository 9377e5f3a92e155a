"""``Household``: a Mesa agent that is a view onto one row of the model's arrays."""

from __future__ import annotations

import mesa
import numpy as np

# Near-poor: below this multiple of the poverty line. Assumption, for display only (no
# process reads it); it follows the "vulnerable" band (1.0-1.5 x the national line) of
# World Bank poverty assessments of Indonesia, not a figure in the calibration facts.
NEAR_POOR_MULTIPLE = 1.5
STATUSES = ("poor", "near-poor", "non-poor")


def status_codes(model) -> np.ndarray:
    """Every household's status this month as an index into ``STATUSES`` (int8):
    consumption per capita below the line, below ``NEAR_POOR_MULTIPLE`` x the line, or
    above."""
    return codes_of(model.welfare_ratio)


def codes_of(ratio: np.ndarray) -> np.ndarray:
    """Status codes (indices into ``STATUSES``) of welfare ratios: consumption per capita
    over the poverty line at this month's prices."""
    return np.where(ratio < 1.0, 0, np.where(ratio < NEAR_POOR_MULTIPLE, 1, 2)).astype(np.int8)


class Household(mesa.Agent):
    """Read-only view of household ``index``; attributes come from the state arrays."""

    def __init__(self, model, index: int):
        super().__init__(model)
        self.index = int(index)

    def _get(self, name: str):
        return getattr(self.model.state, name)[self.index]

    @property
    def size(self) -> int:
        return int(self.model.state.size[self.index])

    @property
    def urban(self) -> bool:
        return bool(self._get("urban"))

    @property
    def village(self) -> int:
        return int(self._get("village"))

    @property
    def savings(self) -> float:
        return float(self._get("savings"))

    @property
    def debt(self) -> float:
        return float(self.model.state.debt[self.index].sum())

    @property
    def assets(self) -> float:
        return float(self._get("assets"))

    @property
    def consumption_pc(self) -> float:
        """Per-capita consumption this month, Rp/capita/month."""
        return float(self.model.consumption[self.index] / self.size)

    @property
    def poor(self) -> bool:
        return bool(self.model.poor[self.index])

    @property
    def status(self) -> str:
        """'poor', 'near-poor' (below NEAR_POOR_MULTIPLE x the line) or 'non-poor'."""
        i = self.index
        return STATUSES[int(codes_of(self.model.welfare_ratio[i : i + 1])[0])]
