"""Winners and losers of a scenario against the baseline, by decile of pre-transfer
welfare (files only: the household panel).

Replication r of every scenario shares its seed, so household h of a scenario is the same
household, with the same shocks, as household h of the baseline. For each panel month
after month 0 and each replication, households are ranked into person-weighted deciles
of the baseline's pre-transfer per-capita consumption (1 = poorest) and compared:

- a *winner* consumes (per capita) more than (1 + ``threshold``) times its consumption in
  the baseline, a *loser* less than (1 - ``threshold``) times it (threshold 1 %, a
  reporting choice that keeps rounding-size differences out; with no consumption in the
  baseline, any gain wins);
- shares are of people (household size as weight), within the decile; ``mean_change``
  is the person-weighted mean change of per-capita consumption, Rp per capita per
  month.

The shares are averaged over panel months and replications.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.indicators import welfare_group

THRESHOLD = 0.01
KEYS = ["replication", "month", "household"]


def winners_losers(
    panel: pd.DataFrame, baseline: str, threshold: float = THRESHOLD
) -> pd.DataFrame:
    """Per scenario and decile (1..10 and "All"): ``winners``, ``losers`` (shares of
    people) and ``mean_change`` (Rp per capita per month), averaged over panel months > 0 and
    replications. Empty when the panel has no baseline or no other scenario."""
    later = panel[panel["month"] > 0]
    base = later[later["scenario"] == baseline]
    if base.empty:
        return pd.DataFrame()
    base = base[[*KEYS, "size", "consumption_pc", "pretransfer_consumption_pc"]]
    base = base.rename(columns={"consumption_pc": "base_c", "size": "weight"})
    rows = []
    for scenario in dict.fromkeys(later["scenario"]):
        if scenario == baseline:
            continue
        other = later.loc[later["scenario"] == scenario, [*KEYS, "consumption_pc"]]
        both = base.merge(other, on=KEYS, how="inner")
        for (rep, month), g in both.groupby(["replication", "month"], sort=True):
            w = g["weight"].to_numpy(float)
            decile = welfare_group(g["pretransfer_consumption_pc"].to_numpy(), w, 10)
            base_c = g["base_c"].to_numpy()
            gain = g["consumption_pc"].to_numpy() - base_c  # Rp per capita per month
            # relative change; a household consuming nothing in the baseline wins with
            # any gain
            fallback = np.where(gain > 0, np.inf, np.where(gain < 0, -np.inf, 0.0))
            change = np.divide(gain, base_c, out=fallback, where=base_c > 0)
            for d in [*range(1, 11), "All"]:
                sel = np.ones(len(g), bool) if d == "All" else decile == d
                ws = w[sel]
                if ws.sum() == 0:
                    continue
                rows.append(
                    {
                        "scenario": scenario,
                        "replication": rep,
                        "month": month,
                        "decile": str(d),
                        "winners": float(ws[change[sel] > threshold].sum() / ws.sum()),
                        "losers": float(ws[change[sel] < -threshold].sum() / ws.sum()),
                        "mean_change": float(np.dot(ws, gain[sel]) / ws.sum()),
                    }
                )
    if not rows:
        return pd.DataFrame()
    long = pd.DataFrame(rows)
    out = long.groupby(["scenario", "decile"], sort=False)[["winners", "losers", "mean_change"]]
    return out.mean().reset_index()


def winners_report_table(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Scenario": table["scenario"],
            "Decile": table["decile"],
            "Winners (%)": table["winners"] * 100,
            "Losers (%)": table["losers"] * 100,
            "Mean change in consumption (Rp per capita per month)": table["mean_change"],
        }
    )


def winners_figure(table: pd.DataFrame, colours):
    """Winners (up, blue) and losers (down, vermillion), % of the decile's people, by
    decile; one panel per scenario (titled with its label; ``colours`` unused)."""
    from analysis.style import FULL_WIDTH_IN, new_figure

    if table is None or table.empty:
        return None
    scenarios = list(dict.fromkeys(table["scenario"]))
    fig, axes = new_figure(
        len(scenarios), 1, width=FULL_WIDTH_IN, height=1.7 * len(scenarios) + 0.4
    )
    for ax, scenario in zip(axes.flat, scenarios, strict=True):
        rows = table[(table["scenario"] == scenario) & (table["decile"] != "All")]
        x = rows["decile"].astype(int).to_numpy()
        ax.bar(x, rows["winners"] * 100, color="#0072B2", label="winners")
        ax.bar(x, -rows["losers"] * 100, color="#D55E00", label="losers")
        ax.axhline(0, color="0.4", lw=0.6)
        ax.set_xticks(range(1, 11), ["1\npoorest", *map(str, range(2, 10)), "10\nrichest"])
        ax.set_ylabel("% of people")
        ax.set_title(scenario, loc="left", fontweight="bold")
    axes.flat[-1].set_xlabel("Decile of pre-transfer welfare in the baseline")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(
        handles,
        ["Winners (gain > 1 %)", "Losers (lose > 1 %)"],
        loc="outside lower center",
        ncols=2,
    )
    return fig
