"""A programme is one file plus one scenario: a toy programme written into a temporary
module (nothing else of the project edited) declares its parameters, its output column
and its page slider beside its rules; plugged into the engine with its programme table,
its column appears in the run's rows and in the data dictionary, and its controls on the
page's control list."""

from __future__ import annotations

import importlib.util
import sys
import textwrap

import numpy as np
import pytest

from model.model import ArrayModel
from model.parameters import Params, Section
from model.programmes import PROGRAMMES
from model.sections import default_params
from outputs import dictionary as dd
from viz import controls

TOY_SOURCE = '''
"""Toy: a flat cash amount to the poorest-ranked tenth of households."""

from typing import ClassVar

import numpy as np

from model.parameters import Spec
from model.programmes.base import CashProgramme, common_specs, debt_share_spec
from model.programmes.interface import MonthView, OutputColumn, PageSlider

SPECS: dict[str, Spec] = {
    **common_specs(order=7, quota_share=0.1),
    "amount": Spec(
        default=80_000.0, unit="Rp/household/month", meaning="toy cash", source="test",
        low=0, high=1e7,
    ),
    "debt_share": debt_share_spec(),
}


class Toy(CashProgramme):
    name = "toy"
    label = "Toy cash"
    specs: ClassVar[dict[str, Spec]] = SPECS
    columns: ClassVar[tuple[OutputColumn, ...]] = (
        OutputColumn("toy_mean_paid", "Rp per household", "mean cash reaching recipients"),
    )
    controls: ClassVar[tuple[PageSlider, ...]] = (
        PageSlider("amount", "Toy amount", 0.0, 400_000.0, 20_000.0),
        PageSlider("max_decile", "Toy deciles", 1, 10, 1),
    )

    def entitlement(self, view: MonthView):
        rows = np.flatnonzero(self.enrolled)
        return rows, np.full(rows.size, self.params.amount)

    def extra_metrics(self, view: MonthView) -> dict[str, float]:
        reached = self.paid[self.covered]
        return {"toy_mean_paid": float(reached.mean()) if reached.size else float("nan")}
'''


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    """The toy programme's class, imported from a file written for the test."""
    path = tmp_path_factory.mktemp("toy") / "toy_programme.py"
    path.write_text(textwrap.dedent(TOY_SOURCE))
    spec = importlib.util.spec_from_file_location("toy_programme", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["toy_programme"] = module
    spec.loader.exec_module(module)
    yield module.Toy
    del sys.modules["toy_programme"]


def toy_params(toy, n: int = 400, months: int = 4) -> Params:
    """The default parameters plus the toy's section (the scenario's part)."""
    base = default_params(run={"households": n, "months": months, "seed": 3})
    values = {k: s.default for k, s in toy.specs.items()}
    values["enabled"] = True
    sections = {**base.sections, "programmes.toy": Section("programmes.toy", values)}
    return Params(name="toy", sections=sections, lists=base.lists)


def test_its_columns_are_in_the_runs_rows(toy):
    table = (*PROGRAMMES, toy)
    m = ArrayModel(toy_params(toy), programmes=table)
    m.run()
    last = m.history[-1]
    assert last["toy_recipients"] == 40  # the shared columns
    assert last["toy_mean_paid"] == pytest.approx(80_000.0)  # its own column
    assert [p.name for p in m.programmes] == ["toy"]
    # every column of the run is declared for this table, and the toy's are not
    # declared for the shipped table
    names = list(last)
    assert dd.undeclared(dd.TS, names, table) == []
    assert dd.undeclared(dd.TS, names) == ["toy_mean_paid"]


def test_its_columns_are_in_the_data_dictionary(toy):
    table = (*PROGRAMMES, toy)
    col = dd.lookup(dd.TS, "toy_mean_paid", table)
    assert col is not None
    assert (col.unit, col.definition) == ("Rp per household", "mean cash reaching recipients")
    assert col.source == "toy_programme.py"  # the file that declares it
    assert dd.lookup(dd.TS, "toy_mean_paid") is None
    assert "toy_mean_paid" in dd.expected(dd.TS, ["toy"], table=table)
    assert "toy_recipients" in dd.expected(dd.TS, ["toy"], table=table)
    assert "| `toy_mean_paid` |" in dd.markdown(table)
    assert "toy_mean_paid" not in dd.markdown()
    assert dd.lookup("sweep_timeseries.csv", "toy_mean_paid", table) is not None


def test_its_controls_are_on_the_page(toy):
    table = (*PROGRAMMES, toy)
    assert "toy" in controls.programme_names(table)
    assert controls.switch_name("toy") in controls.programme_switches(table)
    sliders = {c.key: c for c in controls.all_sliders(table) if c.programme == "toy"}
    assert list(sliders) == ["programmes.toy.amount", "programmes.toy.max_decile"]
    amount = sliders["programmes.toy.amount"]
    assert (amount.label, amount.low, amount.high, amount.step) == (
        "Toy amount",
        0.0,
        400_000.0,
        20_000.0,
    )
    assert amount.unit == "Rp/household/month"  # from the toy's own parameter
    deciles = sliders["programmes.toy.max_decile"]
    assert not deciles.is_float and deciles.from_param(4) == 4
    # the shipped programmes' controls are the same with or without the toy
    shipped = [c for c in controls.all_sliders(table) if c.programme != "toy"]
    assert tuple(shipped) == controls.SLIDERS
    assert "toy" not in controls.programme_names()


def test_a_slider_for_an_undeclared_parameter_is_refused(toy):
    from model.programmes.interface import PageSlider

    class Broken(toy):
        name = "broken"
        controls = (PageSlider("nope", "No such parameter", 0.0, 1.0, 0.1),)

    with pytest.raises(KeyError, match="nope"):
        controls.all_sliders((*PROGRAMMES, Broken))


def test_without_declared_controls_the_page_makes_generic_sliders(toy):
    class Plain(toy):
        name = "plain"
        controls = ()

    sliders = {c.key for c in controls.all_sliders((Plain,)) if c.programme == "plain"}
    assert sliders == {"programmes.plain.quota_share", "programmes.plain.amount"}


def test_the_interface_declares_what_the_core_reads():
    """A programme that only implements the calls still has ``order``, ``paid`` and
    ``covered`` with their defaults."""
    from model.programmes.interface import Payments, Programme

    class Bare(Programme):
        name = "bare"

        def pay(self, view):
            return Payments()

        def metrics(self, view):
            return {}

    bare = Bare(Section("programmes.bare", {"order": 12}), 6)
    assert bare.order == 12
    assert bare.paid.tolist() == [0.0] * 6 and bare.covered.tolist() == [False] * 6
    assert Bare(Section("programmes.bare", {}), 3).order == 0
    assert Bare.columns == () and Bare.controls == ()
    assert Bare.source() == __name__.replace(".", "/") + ".py"
    assert np.all(PROGRAMMES[0](default_params().programme("blt"), 4).paid == 0.0)
