from datetime import date

import pytest

from igu_admin.domain.dates import add_months, anniversary, days_within, whole_years


@pytest.mark.parametrize(("since", "on", "years"), [
    (date(2000, 3, 1), date(2018, 2, 28), 17),
    (date(2000, 3, 1), date(2018, 3, 1), 18),
    (date(2000, 2, 29), date(2018, 2, 28), 17),  # leap-day birth: not yet in a common year
    (date(2000, 2, 29), date(2018, 3, 1), 18),
    (date(2000, 2, 29), date(2020, 2, 29), 20),
    (date(2000, 12, 31), date(2000, 12, 31), 0),
])
def test_whole_years_counts_the_birthday_itself(since: date, on: date, years: int) -> None:
    assert whole_years(since, on) == years


def test_anniversary_of_a_leap_day_falls_on_the_first_of_march_in_common_years() -> None:
    assert anniversary(date(2016, 2, 29), 5) == date(2021, 3, 1)
    assert anniversary(date(2016, 2, 29), 4) == date(2020, 2, 29)


def test_whole_years_and_anniversary_agree() -> None:
    start = date(2004, 2, 29)
    for years in range(1, 30):
        day = anniversary(start, years)
        assert whole_years(start, day) == years
        assert whole_years(start, date.fromordinal(day.toordinal() - 1)) == years - 1


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2024, 5, 31), -3, date(2024, 2, 29)),
    (date(2024, 3, 15), -3, date(2023, 12, 15)),
    (date(2023, 11, 30), 3, date(2024, 2, 29)),
])
def test_add_months_keeps_the_day_or_takes_the_months_last(start: date, months: int,
                                                           expected: date) -> None:
    assert add_months(start, months) == expected


def test_days_within_counts_overlaps_once_and_clips() -> None:
    periods = [(date(2020, 1, 1), date(2020, 1, 10)), (date(2020, 1, 5), date(2020, 1, 14)),
               (date(2019, 12, 25), date(2019, 12, 31)), (date(2020, 3, 1), date(2020, 3, 1))]
    assert days_within(periods, date(2020, 1, 1), date(2020, 12, 31)) == 15
    assert days_within(periods, date(2020, 1, 12), date(2020, 1, 13)) == 2
    assert days_within([], date(2020, 1, 1), date(2020, 12, 31)) == 0
