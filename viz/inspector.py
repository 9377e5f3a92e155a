"""The page's household inspector: one household's state this month, read from the
model's arrays (nothing is recomputed), and its history over the run.

Money is Rp per household (per month for flows); rates are the declared monthly interest
rates of each lender (``credit.<lender>_rate``).
"""

from __future__ import annotations

import numpy as np

from model.household import STATUSES, codes_of
from model.state import LENDERS
from viz.controls import programme_label


def _rp(value: float) -> str:
    return f"Rp {value:,.0f}"


def household_record(model, i: int) -> dict[str, list[tuple[str, str]]]:
    """Sections (title -> rows of (label, value)) describing household ``i``."""
    st, p = model.state, model.params
    ages = sorted(int(a) // 12 for a in st.child_age[i] if a >= 0)  # months -> years
    status = STATUSES[int(codes_of(model.welfare_ratio[i : i + 1])[0])]
    out: dict[str, list[tuple[str, str]]] = {}
    out["Members"] = [
        ("size", f"{int(st.size[i])} persons"),
        ("working-age adults", str(int(st.adults[i]))),
        ("elderly (60+)", str(int(st.elderly[i]))),
        ("children (ages in years)", ", ".join(map(str, ages)) or "none"),
        ("severely disabled member", "yes" if st.disabled[i] else "no"),
        ("pregnant", "yes" if st.pregnant_months[i] > 0 else "no"),
        ("village", f"{int(st.village[i])} ({'urban' if st.urban[i] else 'rural'})"),
    ]
    cons_pc = float(model.consumption[i] / st.size[i])
    line = float(np.asarray(model.line)[i])
    cash = getattr(model, "cash_income", None)
    perm = getattr(model, "permanent_income", None)
    out["Earnings and welfare (this month)"] = [
        ("earners in work", f"{int(st.employed[i])} of {int(st.earners[i])}"),
        ("cash income", _rp(float(cash[i])) if cash is not None else "month 0: none yet"),
        ("permanent income", _rp(float(perm[i])) if perm is not None else "-"),
        ("runs a business", "yes" if st.has_business[i] else "no"),
        ("consumption per capita", f"{_rp(cons_pc)} (line {_rp(line)})"),
        ("status", f"{status} (welfare ratio {model.welfare_ratio[i]:.2f})"),
    ]
    out["Savings and assets"] = [
        ("liquid savings", _rp(float(st.savings[i]))),
        ("locked savings", _rp(float(st.savings_locked[i]))),
        ("productive assets", _rp(float(st.assets[i]))),
        ("business capital", _rp(float(st.business_capital[i]))),
        ("durable goods", str(int(st.durable_assets[i]))),
    ]
    debt_rows = []
    for j, lender in enumerate(LENDERS):
        rate = float(p.credit[f"{lender}_rate"])
        debt_rows.append(
            (
                f"{lender} lender",
                f"debt {_rp(float(st.debt[i, j]))} at {rate * 100:.1f} %/month, "
                f"arrears {_rp(float(st.arrears[i, j]))}"
                + ("" if st.credit_access[i, j] else " (no access)"),
            )
        )
    debt_rows.append(("total debt", _rp(float(st.debt[i].sum()))))
    debt_rows.append(("months in arrears", str(int(st.arrears_months[i]))))
    out["Debt by lender"] = debt_rows
    progs = []
    totals = getattr(model, "received_total", {})
    for prog in model.programmes:
        enrolled = getattr(prog, "enrolled", prog.covered)
        progs.append(
            (
                programme_label(prog.name),
                ("covered" if prog.covered[i] else "on the list" if enrolled[i] else "not covered")
                + f", this month {_rp(float(prog.paid[i]))}"
                + (
                    f", over the run {_rp(float(totals[prog.name][i]))}"
                    if prog.name in totals
                    else ""
                ),
            )
        )
    out["Programmes"] = progs or [("none", "no programme in this scenario")]
    reg = model.registry
    if reg is None:
        out["Registry record"] = [("registry", "none (no programme draws from it)")]
    else:
        members = np.flatnonzero(reg.in_registry)
        order = members[np.argsort(reg.priority[members], kind="stable")]
        rank = int(np.flatnonzero(order == i)[0]) + 1 if reg.in_registry[i] else None
        out["Registry record"] = [
            ("in the registry", "yes" if reg.in_registry[i] else "no"),
            ("score (priority; lower = poorer)", f"{float(reg.priority[i]):.3f}"),
            ("rank among members", f"{rank:,} of {members.size:,}" if rank else "-"),
            ("decile", str(int(reg.decile[i]))),
            ("record age", f"{model.month - int(reg.enumerated[i])} months"),
        ]
    return out


def household_history(model, i: int) -> dict[str, list]:
    """Month-by-month welfare ratio, savings, debt and transfers received by household
    ``i`` under the policy, and its welfare ratio under the comparator (same seed)."""
    hist = model.household_history
    out = {
        "month": list(range(len(hist.rows["debt"]))),
        "welfare_ratio": hist.of("welfare_ratio", i).tolist(),
        "savings": hist.of("savings", i).tolist(),
        "debt": hist.of("debt", i).tolist(),
        "received": hist.of("received", i).tolist(),
    }
    if model.comparator_history is not None:
        out["comparator_welfare_ratio"] = model.comparator_history.of("welfare_ratio", i).tolist()
    return out
