"""The model as a Mesa user builds it: a scenario file and keyword parameters.

::

    import mesa
    from experiments.mesa_model import JaringModel

    model = JaringModel(scenario="scenarios/pkh.toml", households=2000, months=24, rng=7,
                        programmes__pkh__compliance_rate=0.8)
    while model.running:          # False after the scenario's last month
        model.step()

    rows = mesa.batch_run(
        JaringModel,
        parameters={"scenario": "scenarios/pkh.toml", "households": [500, 1000],
                    "months": 12, "programmes__pkh__leakage": [0.0, 0.1]},
        rng=[1, 2], data_collection_period=-1, display_progress=False,
    )  # one tidy row per run: the swept values and every monthly metric

Keyword overrides are dotted parameter names with ``__`` for the dots
(``programmes__pkh__compliance_rate`` is ``programmes.pkh.compliance_rate``, the name of
``--set`` and of docs/PARAMETERS.md); they are validated exactly like ``--set``
(unknown names, wrong types and out-of-range values raise
:class:`experiments.scenario.ScenarioError`). ``households`` and ``months`` set
``run.households`` and ``run.months``; ``rng`` (an integer, Mesa's name) is the seed
(default ``run.seed``). The Mesa DataCollector records every monthly metric.

Why here and not in ``model/``: the model package is pure (no file I/O). This subclass
reads the scenario file with the same loader as ``run.py`` and hands the validated
parameters to :class:`model.model.ArrayModel`, which takes a ``Params`` object.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from experiments.scenario import (
    ScenarioError,
    apply_override,
    load_raw,
    params_from_dict,
)
from model.model import ArrayModel as _Engine
from model.parameters import Params

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCENARIO = ROOT / "scenarios" / "baseline.toml"


def dotted(keyword: str) -> str:
    """``programmes__pkh__compliance_rate`` -> ``programmes.pkh.compliance_rate``."""
    return keyword.replace("__", ".")


def mesa_params(
    scenario: str | Path | Params | None = None,
    households: int | None = None,
    months: int | None = None,
    **overrides: Any,
) -> Params:
    """Validated parameters of a scenario file (default: the shipped baseline) with
    keyword overrides (``__`` for the dots), through the same path as ``--set``."""
    if isinstance(scenario, Params):
        data, source = scenario.to_dict(), scenario.name
    else:
        source = str(scenario or DEFAULT_SCENARIO)
        data = load_raw(source)
    for key, value in (("run.households", households), ("run.months", months)):
        if value is not None:
            data = apply_override(data, key, value, source="JaringModel")
    for keyword, value in overrides.items():
        data = apply_override(data, dotted(keyword), value, source="JaringModel")
    return params_from_dict(data, source)


class JaringModel(_Engine):
    """:class:`model.model.ArrayModel` built from a scenario file and keyword
    parameters (see the module docstring); ``agents=True`` adds one Mesa agent per
    household."""

    def __init__(
        self,
        scenario: str | Path | Params | None = None,
        households: int | None = None,
        months: int | None = None,
        rng: int | None = None,
        *,
        agents: bool = False,
        **overrides: Any,
    ):
        if rng is not None and (isinstance(rng, bool) or not isinstance(rng, int)):
            raise ScenarioError("JaringModel", "rng", f"must be an integer seed, got {rng!r}")
        params = mesa_params(scenario, households, months, **overrides)
        super().__init__(params, seed=rng, agents=agents, collect=True)
        # (not ``self.scenario``: that is Mesa's own Scenario object)
        self.scenario_file = (
            scenario.name if isinstance(scenario, Params) else str(scenario or DEFAULT_SCENARIO)
        )
