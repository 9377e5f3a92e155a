"""The household budget identity's two sides (Rp per household this month), from the
budget's flows: shared by the accounting and programme-money tests."""


def money_in(f):
    # income: labour, business and asset income, grown children's remittance premium
    # (which can be negative) and programme income; tests/model/test_human_capital.py checks
    # its parts household by household
    return (
        f["income"]
        + f["transfers_cash"]
        + f["food_used"]
        + f["borrowing"]
        + f["asset_sales"]
        + f["savings_drawn"]
        + f["capital_drawn"]
        + f["community_transfer"]
    )


def money_out(f):
    return (
        f["consumption"]
        + f["debt_service"]
        + f["health_paid"]
        + f["savings_deposit"]
        + f["investment"]
    )
