"""Date arithmetic of the law: ages, anniversaries and counted days."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

# Dates outside this range are typing mistakes, and would overflow date sums.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)

# Exactly the real dates from EARLIEST to LATEST written YYYY-MM-DD, as one
# regular expression: the API's schema states the range and the calendar
# (leap years included) where a client can see it. A unit test holds it to
# EARLIEST, LATEST and date.fromisoformat.
_MONTH_DAY = (r"(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
              r"|(?:0[13-9]|1[0-2])-(?:29|30)"
              r"|(?:0[13578]|1[02])-31")
_LEAP_YEAR = r"19(?:0[48]|[2468][048]|[13579][26])|20(?:0[048]|[2468][048]|[13579][26])"
ISO_DATE_PATTERN = rf"^(?:(?:19[0-9]{{2}}|20[0-9]{{2}}|2100)-(?:{_MONTH_DAY})|(?:{_LEAP_YEAR})-02-29)$"


def anniversary(start: date, years: int) -> date:
    """The day `years` whole years after `start` are complete.

    Someone born on 29 February turns a year older on 1 March in a common
    year: that is the first day on which the full years have passed.
    """
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def whole_years(since: date, on: date) -> int:
    """Whole years from `since` to `on` (an age, on the birthday itself too)."""
    years = on.year - since.year
    if (on.month, on.day) < (since.month, since.day):
        years -= 1
    return years


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it has fewer."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def days_within(periods: Iterable[tuple[date, date]], first: date, last: date) -> int:
    """Days covered by inclusive periods, clipped to [first, last], overlaps once."""
    clipped = sorted(
        (max(a, first), min(b, last)) for a, b in periods if b >= first and a <= last
    )
    total = 0
    covered_until: date | None = None
    for a, b in clipped:
        if covered_until is not None and a <= covered_until:
            a = covered_until + timedelta(days=1)
        if a <= b:
            total += (b - a).days + 1
            covered_until = b
    return total
