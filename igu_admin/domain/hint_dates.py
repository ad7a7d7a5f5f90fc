"""Example dates for the forms' hints, computed from the agreement and today
so that an example is a date the form would take: a start after today, a
plan element inside the course, a signing day on or before the first day,
a registration day after the signing and by the deadline."""

from __future__ import annotations

from datetime import date, timedelta

from igu_admin.domain.dates import add_months

__all__ = ["example_element", "example_registration", "example_signing", "example_start"]

# An example element: a school week (Monday to Friday) this many days or more
# after the course (or today, if later) begins.
_ELEMENT_LEAD_DAYS = 14
_SCHOOL_WEEK_DAYS = 4


def example_start(today: date) -> date:
    """The first day of next month: after today, and a usual start."""
    return add_months(today.replace(day=1), 1)


def example_element(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    """A school week inside the course [start, end] (from today on if the
    course has begun); the course's first days if it is too short for that."""
    begin = max(start or today, today)
    monday = begin + timedelta(days=_ELEMENT_LEAD_DAYS)
    monday += timedelta(days=-monday.weekday() % 7)
    friday = monday + timedelta(days=_SCHOOL_WEEK_DAYS)
    if end is not None and friday > end:
        first = start or today
        return first, min(first + timedelta(days=_SCHOOL_WEEK_DAYS), end)
    return monday, friday


def example_signing(start: date, today: date) -> date:
    """Today, or the first day if today is later (signed on or before it)."""
    return min(today, start)


def example_registration(signed_on: date | None, deadline: date | None, today: date) -> date:
    """Today or the signing day, whichever is later, and not after the deadline
    unless the signing itself was (a registration follows the signing)."""
    day = max(today, signed_on) if signed_on is not None else today
    if deadline is not None and day > deadline:
        day = max(deadline, signed_on) if signed_on is not None else deadline
    return day
