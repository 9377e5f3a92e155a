"""Expected transfers: what households learn to expect from regular cash transfers, and
the part of a receipt they set aside for the months to the next instalment (step
``expected_transfers`` of the month, model/month_plan.py)."""

from __future__ import annotations

import numpy as np

from model.parameters import Params
from model.state import HouseholdState


def update_expected_transfer(st: HouseholdState, p: Params, flows: dict) -> None:
    """Adaptive expectation of cash transfers available for consumption (Rp/month), the
    part of savings set aside from expected instalments, and the months since the last
    receipt.

    The observation is the cash received less what went to debt by the programme's rule
    and the share ``windfall_mpc`` of its windfall part, consumed at once (so a lump sum
    is not spent twice; counted so in a shortfall month too), spread
    over the months since the previous receipt (at most
    ``consumption.transfer_schedule_months``, the calendar households know); it enters
    an exponentially weighted average with weight 1/``transfer_memory_months`` per month
    it covers. Within the known calendar a month without a receipt leaves the
    expectation unchanged (the next instalment is due); after it, the expectation decays
    at the same weight. The expected part of a receipt, less the expected transfer the
    month's consumption target already spent, is set aside (``transfer_reserve``, within
    liquid savings) for the months until the next instalment."""
    c = p.consumption
    w = 1.0 / float(c.transfer_memory_months)
    cap = int(c.transfer_schedule_months)
    received = st.transfer_cash > 0
    months = np.minimum(st.months_since_transfer.astype(np.int64) + 1, cap)
    to_debt = np.minimum(st.transfer_to_debt, st.transfer_cash)
    # the windfall rule's share consumed at once, also in a shortfall month (when all the
    # cash went to needs: a regular instalment is still learnt as regular)
    consumed = c.windfall_mpc * flows["windfall"]
    spendable = np.maximum(st.transfer_cash - to_debt - consumed, 0.0)
    expected = st.expected_transfer
    st.transfer_reserve = np.minimum(flows["transfer_set_aside"], np.maximum(st.savings, 0.0))
    weight = np.minimum(w * months, 1.0)
    due = ~received & (st.months_since_transfer + 1 < cap)  # an instalment is still due
    target = np.where(received, spendable / months, 0.0)
    st.expected_transfer = np.where(
        due, expected, expected + np.where(received, weight, w) * (target - expected)
    )
    st.months_since_transfer = np.where(
        received,
        0,
        np.minimum(st.months_since_transfer + 1, 1200),  # (int16: capped)
    ).astype(np.int16)
