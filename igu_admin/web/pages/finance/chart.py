"""The chart of the coming months' claim amounts, drawn on the server as SVG.

Readable without colour: each beneficiary has its own pattern (diagonal
lines for the companies, dots for the municipality) repeated in the legend,
every bar carries its total as text, and the page shows the same figures as
a table beside it. Amounts on the bars are in thousands of kroner (the
caption says so), so twelve of them fit side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import format_date, format_decimal

from igu_admin.services.claims.queries import MonthAmounts

WIDTH, HEIGHT = 720, 300
TOP, BOTTOM, LEFT, RIGHT = 28, 44, 8, 8
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
BASELINE = TOP + PLOT_HEIGHT


@dataclass(frozen=True)
class Bar:
    """One month: its two stacked parts (y and height each), the text above
    it and the month's name under it."""

    x: float
    width: float
    company_y: float
    company_height: float
    municipality_y: float
    municipality_height: float
    label_x: float
    label_y: float
    amount_text: str
    month_text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    bars: tuple[Bar, ...]
    months: tuple[MonthAmounts, ...]

    @property
    def empty(self) -> bool:
        return all(month.total == 0 for month in self.months)


def thousands(amount: Decimal) -> str:
    """An amount in thousands of kroner, one decimal at most: 88,8."""
    return format_decimal(amount / 1000, format="#,##0.#")


def chart(months: list[MonthAmounts]) -> Chart:
    largest = max((m.total for m in months), default=Decimal(0)) or Decimal(1)
    slot = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    width = slot * 0.6
    bars = []
    for index, month in enumerate(months):
        x = LEFT + index * slot + (slot - width) / 2
        company = float(month.company / largest) * PLOT_HEIGHT
        municipality = float(month.municipality / largest) * PLOT_HEIGHT
        company_y = BASELINE - company
        municipality_y = company_y - municipality
        bars.append(Bar(x=round(x, 1), width=round(width, 1), company_y=round(company_y, 1),
                        company_height=round(company, 1),
                        municipality_y=round(municipality_y, 1),
                        municipality_height=round(municipality, 1),
                        label_x=round(x + width / 2, 1), label_y=round(municipality_y - 6, 1),
                        amount_text=thousands(month.total),
                        month_text=format_date(month.month, "MMM yy")))
    return Chart(WIDTH, HEIGHT, BASELINE, tuple(bars), tuple(months))
