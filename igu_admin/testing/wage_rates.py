"""A wage table for tests that need a rate current on the start date: the
shipped table holds none that is (no current rate was found; see
rules/wage-rates.toml), so such a test adds one, valid from `start` for
three years, with monkeypatch.setitem(app.extensions, ...)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from igu_admin.domain.wage_rates import WageRate, WageTable

__all__ = ["CURRENT_CODE", "WAGE_TABLE_KEY", "with_current_rate"]

# Where the app keeps the table it was started with.
WAGE_TABLE_KEY = "igu_wage_rates"
CURRENT_CODE = "test-current"


def with_current_rate(table: WageTable, start: date, *, basis: str = "hourly",
                      year1: str = "120.00", year2: str = "130.00") -> WageTable:
    """`table` with one more rate, CURRENT_CODE, valid from `start` for three years."""
    rate = WageRate(code=CURRENT_CODE, title_da="Testoverenskomst, EGU",
                    title_en="Test agreement, EGU", basis=basis, year1=Decimal(year1),
                    year2=Decimal(year2), valid_from=start,
                    valid_to=start + timedelta(days=3 * 365), source="Test")
    return replace(table, rates=(*table.rates, rate))
