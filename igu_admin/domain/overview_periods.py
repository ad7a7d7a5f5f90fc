"""The periods the overview offers, as a Danish municipality counts them.

A municipality's budget and accounts follow the calendar year, and its
budget follow-up (budgetopfølgning) follows the quarters. So the overview
opens on the year so far (1 January to today), and offers last year and
the last four whole quarters besides any two days typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from igu_admin.domain.dates import add_months


@dataclass(frozen=True)
class Period:
    key: str      # "year", "last-year", "2026-Q3": what the page's link names
    from_: date
    to: date


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_period(year: int, quarter: int) -> Period:
    first = date(year, 3 * (quarter - 1) + 1, 1)
    return Period(f"{year}-Q{quarter}", first, add_months(first, 3) - timedelta(days=1))


def default_period(today: date) -> Period:
    """The year so far: from 1 January to today."""
    return Period("year", date(today.year, 1, 1), today)


def period_choices(today: date) -> tuple[Period, ...]:
    """The year so far, last year, and the last four whole quarters, latest first."""
    year, quarter = quarter_of(today)
    quarters = []
    for _ in range(4):
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        quarters.append(quarter_period(year, quarter))
    last_year = Period("last-year", date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
    return (default_period(today), last_year, *quarters)
