"""The forms' example dates are dates the forms would take."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from igu_admin.domain.hint_dates import (
    example_element,
    example_registration,
    example_signing,
    example_start,
)

TODAYS = [date(2026, 12, 7), date(2026, 12, 31), date(2027, 2, 28), date(2028, 2, 29)]


@pytest.mark.parametrize("today", TODAYS)
def test_the_example_start_is_after_today_on_a_first_of_the_month(today: date) -> None:
    start = example_start(today)
    assert start > today and start.day == 1 and (start - today).days <= 31


@pytest.mark.parametrize("today", TODAYS)
@pytest.mark.parametrize(("start_offset", "length"), [(30, 730), (-100, 730), (5, 3), (0, 9)])
def test_an_example_element_lies_inside_the_course(today: date, start_offset: int,
                                                   length: int) -> None:
    start = today + timedelta(days=start_offset)
    end = start + timedelta(days=length)
    first, last = example_element(start, end, today)
    assert start <= first <= last <= end


def test_an_example_element_is_a_school_week_after_the_start() -> None:
    first, last = example_element(date(2027, 3, 1), date(2029, 2, 28), date(2026, 12, 7))
    assert (first, last) == (date(2027, 3, 15), date(2027, 3, 19))
    assert first.weekday() == 0 and last.weekday() == 4


def test_the_example_signing_is_on_or_before_the_first_day() -> None:
    assert example_signing(date(2027, 3, 1), date(2026, 12, 7)) == date(2026, 12, 7)
    assert example_signing(date(2027, 3, 1), date(2027, 3, 5)) == date(2027, 3, 1)


@pytest.mark.parametrize(("signed", "deadline", "today", "expected"), [
    (None, date(2027, 3, 31), date(2027, 3, 2), date(2027, 3, 2)),
    (date(2027, 2, 20), date(2027, 3, 31), date(2027, 2, 10), date(2027, 2, 20)),
    (date(2027, 2, 20), date(2027, 3, 31), date(2027, 4, 10), date(2027, 3, 31)),
])
def test_the_example_registration_follows_the_signing_and_keeps_the_deadline(
        signed, deadline, today, expected) -> None:
    assert example_registration(signed, deadline, today) == expected
