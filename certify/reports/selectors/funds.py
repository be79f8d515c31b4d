"""What the sponsor's and the staff dashboards both show of a fund's money."""

from typing import Any

from certify.core.money import Money
from certify.reports.figures import Cell, Column, number

FUND_COLUMNS = ("budget_cents", "committed_cents", "paid_cents")
# The caption's words for the last three columns, shared by both dashboards.
MONEY_TODAY = "committed (awarded, not yet used), paid and remaining"


def fund_money_today(row: dict[str, Any]) -> list[Cell]:
    """Committed, paid and remaining of a fund row (its FUND_COLUMNS and currency), today."""
    currency = row["currency"]
    remaining = row["budget_cents"] - row["committed_cents"] - row["paid_cents"]
    return [
        Money(row["committed_cents"], currency),
        Money(row["paid_cents"], currency),
        Money(remaining, currency),
    ]


def money_today_columns() -> list[Column]:
    return [number("Committed"), number("Paid"), number("Remaining")]
