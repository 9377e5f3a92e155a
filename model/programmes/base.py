"""The plug-in interface every programme implements."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from model.parameters import Section

if TYPE_CHECKING:
    from model.model import JaringModel


class Programme:
    """A social-protection programme. Subclasses live one per file in model/programmes/
    and declare their parameter section ``programmes.<name>``.

    Each month the model calls, in the declared order of programmes:
    ``pay`` (before the household budget: add to ``state.transfer_cash``,
    ``transfer_food``, ``transfer_to_debt`` or change behaviour hooks), then after the
    budget ``after_budget`` (e.g. take deposits, run group businesses), then ``metrics``.
    """

    name: ClassVar[str] = ""

    def __init__(self, params: Section, model: JaringModel):
        self.params = params
        self.paid = np.zeros(model.state.n)  # Rp paid to each household this month

    def pay(self, model: JaringModel, month: int) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def after_budget(self, model: JaringModel, month: int, flows: dict[str, np.ndarray]) -> None:
        """Optional: act on the budget's outcome."""

    def metrics(self, model: JaringModel, month: int) -> dict[str, float]:
        """Programme indicators of the month, prefixed with the programme name."""
        return {}
