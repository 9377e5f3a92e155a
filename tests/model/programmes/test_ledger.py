"""The programme ledger (model/programmes/ledger.py): schedule, delivery delay, leakage,
budget rationing and running costs, on hand-made payments whose results are worked out
by hand. Spending = received + leakage + costs every month; the budget is never
exceeded."""

from __future__ import annotations

import math

import numpy as np
import pytest

from model.programmes.ledger import Ledger

N = 5
PRIORITY = np.array([3.0, 0.0, 4.0, 1.0, 2.0])  # household 1 is the poorest-ranked


def rows(*r: int) -> np.ndarray:
    return np.array(r, np.int64)


def month(ledger: Ledger, m: int, due=None) -> list[tuple[np.ndarray, np.ndarray]]:
    """One month: open it, schedule what falls due, deliver what arrives."""
    ledger.begin_month()
    if due is not None:
        ledger.schedule(m, *due, PRIORITY)
    return ledger.deliver(m)


def test_payment_arrives_at_once_without_delay_or_leakage():
    led = Ledger(N, math.inf)
    out = month(led, 1, (rows(0, 2), np.array([100.0, 200.0])))
    assert [(r.tolist(), a.tolist()) for r, a in out] == [([0, 2], [100.0, 200.0])]
    assert led.paid.tolist() == [100.0, 0.0, 200.0, 0.0, 0.0]
    assert led.spent == 300.0 and led.leaked == 0.0 and not led.exhausted


def test_delivery_delay_and_leakage():
    led = Ledger(N, math.inf, delay=2, leakage=0.1)
    assert month(led, 1, (rows(1), np.array([1000.0]))) == []
    assert led.spent == 0.0 and led.paid.sum() == 0.0  # nothing disbursed yet
    assert month(led, 2) == []
    ((r, received),) = month(led, 3)
    assert r.tolist() == [1] and received.tolist() == [pytest.approx(900.0)]
    assert led.paid[1] == pytest.approx(900.0)
    assert led.spent == 1000.0 and led.leaked == pytest.approx(100.0)
    # spending is received plus leakage
    assert led.spent == pytest.approx(led.paid.sum() + led.leaked)
    month(led, 4)
    assert led.spent == 0.0 and led.paid.sum() == 0.0 and led.spent_total == 1000.0


def test_rounds_arrive_in_the_order_scheduled():
    led = Ledger(N, math.inf, delay=1)
    led.begin_month()
    led.schedule(1, rows(3), np.array([10.0]), PRIORITY)
    led.schedule(1, rows(0, 3), np.array([1.0, 2.0]), PRIORITY)
    assert led.deliver(1) == []
    out = month(led, 2)
    assert [r.tolist() for r, _ in out] == [[3], [0, 3]]
    assert led.paid.tolist() == [1.0, 0.0, 0.0, 12.0, 0.0]


def test_zero_payments_are_dropped():
    led = Ledger(N, math.inf)
    out = month(led, 1, (rows(0, 1, 2), np.array([0.0, 50.0, 0.0])))
    assert [r.tolist() for r, _ in out] == [[1]]
    led.begin_month()
    led.schedule(2, rows(0), np.array([0.0]), PRIORITY)
    assert led.deliver(2) == []


def test_budget_rations_the_poorest_ranked_first_and_exhausts():
    # budget 250; a round of 100 to each of 0, 1, 3, 4: by priority 1, 3, 4, 0
    led = Ledger(N, 250.0)
    month(led, 1, (rows(0, 1, 3, 4), np.full(4, 100.0)))
    assert led.paid.tolist() == [0.0, 100.0, 0.0, 100.0, 50.0]
    assert led.exhausted
    assert led.committed == pytest.approx(250.0) and led.left == pytest.approx(0.0)
    # nothing more can be committed
    month(led, 2, (rows(1), np.array([100.0])))
    assert led.paid.sum() == 0.0 and led.spent_total == pytest.approx(250.0)


def test_a_round_within_the_budget_is_paid_in_full():
    led = Ledger(N, 400.0)
    month(led, 1, (rows(0, 1, 3, 4), np.full(4, 100.0)))
    assert led.paid.tolist() == [100.0, 100.0, 0.0, 100.0, 100.0]
    assert not led.exhausted and led.left == pytest.approx(0.0)


def test_charge_books_costs_as_spending_and_against_the_budget():
    led = Ledger(N, 1000.0, leakage=0.2)
    month(led, 1, (rows(2), np.array([500.0])))
    led.charge(50.0)
    # spending = received + leakage + costs
    assert led.spent == pytest.approx(led.paid.sum() + led.leaked + 50.0) == 550.0
    assert led.left == pytest.approx(450.0)
    led.begin_month()
    assert led.spent_total == pytest.approx(550.0)


def test_charge_rationed_pays_whole_costs_for_the_poorest_ranked():
    # premiums 100 each for 0, 1, 3, 4 with 250 left: 1 and 3 are paid in full; 4 would
    # get only 50, so it is not paid at all (and not charged)
    led = Ledger(N, 250.0)
    led.begin_month()
    paid = led.charge_rationed(rows(0, 1, 3, 4), np.full(4, 100.0), PRIORITY)
    assert paid.tolist() == [1, 3]
    assert led.spent == 200.0 and led.committed == 200.0 and led.exhausted
    assert led.paid.sum() == 0.0  # costs reach no household


def test_charge_rationed_within_the_budget_pays_all():
    led = Ledger(N, math.inf)
    led.begin_month()
    paid = led.charge_rationed(rows(0, 4), np.array([10.0, 20.0]), PRIORITY)
    assert paid.tolist() == [0, 4] and led.spent == 30.0 and not led.exhausted


def test_affordable_units():
    assert Ledger(N, 1000.0).affordable(300.0) == 3
    assert Ledger(N, math.inf).affordable(300.0) is None
    assert Ledger(N, 1000.0).affordable(0.0) is None


def test_from_params_reads_the_common_parameters():
    params = {"budget_per_household": 10.0, "delivery_delay_months": 2, "leakage": 0.25}
    led = Ledger.from_params(params, 40)
    assert (led.budget_total, led.delay, led.leakage) == (400.0, 2, 0.25)
    assert Ledger.from_params({}, 40).budget_total == math.inf


def test_random_rounds_never_exceed_the_budget_and_spending_adds_up():
    rng = np.random.default_rng(5)
    n = 50
    led = Ledger(n, 20_000.0, delay=1, leakage=0.05)
    priority = rng.permutation(n).astype(float)
    total_received = total_leaked = total_costs = 0.0
    for m in range(1, 25):
        led.begin_month()
        r = np.flatnonzero(rng.random(n) < 0.3)
        led.schedule(m, r, rng.uniform(0, 200, r.size), priority)
        led.charge(10.0)
        led.deliver(m)
        assert led.spent == pytest.approx(led.paid.sum() + led.leaked + 10.0)
        total_received += led.paid.sum()
        total_leaked += led.leaked
        total_costs += 10.0
        assert led.committed <= 20_000.0 + 1e-9 + total_costs
    led.begin_month()
    led.deliver(25)
    total_received += led.paid.sum()
    total_leaked += led.leaked
    assert led.exhausted
    assert led.spent_total == pytest.approx(total_received + total_leaked + total_costs)
    # payments never go beyond the budget (costs are booked on top, as charged)
    assert total_received + total_leaked <= 20_000.0 + 1e-6


# What programmes may use of their ledger: its operations and its read-only views.
LEDGER_API = {
    "begin_month",
    "schedule",
    "deliver",
    "charge",
    "charge_rationed",
    "affordable",
    "left",
    "paid",
    "spent",
    "leaked",
    "spent_total",
    "exhausted",
}


def ledger_uses(source: str) -> list[tuple[str, bool]]:
    """(attribute, written) for every ``<x>.ledger.<attribute>`` in ``source``."""
    import ast

    tree = ast.parse(source)
    written = set()
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for t in targets:
            while isinstance(t, ast.Subscript):
                t = t.value
            written.add(id(t))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and (
            (isinstance(node.value, ast.Attribute) and node.value.attr == "ledger")
            or (isinstance(node.value, ast.Name) and node.value.id == "ledger")
        ):
            out.append((node.attr, id(node) in written))
    return out


def test_programmes_use_only_the_ledgers_operations():
    """No programme reaches into a ledger (private state, budget arithmetic) or
    writes its attributes: everything goes through its methods."""
    from pathlib import Path

    import model.programmes as pkg

    folder = Path(pkg.__file__).parent
    seen = set()
    for path in sorted(folder.glob("*.py")):
        if path.name == "ledger.py":
            continue
        for attr, written in ledger_uses(path.read_text()):
            assert attr in LEDGER_API, f"{path.name}: ledger.{attr}"
            assert not written, f"{path.name} writes ledger.{attr}"
            seen.add(attr)
    assert {"schedule", "deliver", "charge_rationed", "affordable"} <= seen


def test_the_ledger_check_sees_reaching_in():
    uses = ledger_uses("self.ledger.exhausted = True\nx = self.ledger._pipeline\n")
    assert ("exhausted", True) in uses and ("_pipeline", False) in uses
    assert ledger_uses("self.ledger.paid[rows] += 1.0") == [("paid", True)]
