"""The periods the overview offers: the year so far by default, last year and
the last four whole quarters."""

from datetime import date

from igu_admin.domain.overview_periods import default_period, period_choices, quarter_period


def test_the_default_is_the_year_so_far() -> None:
    period = default_period(date(2026, 12, 7))
    assert (period.from_, period.to) == (date(2026, 1, 1), date(2026, 12, 7))
    assert default_period(date(2027, 1, 1)).from_ == date(2027, 1, 1)


def test_the_choices_are_last_year_and_the_last_four_whole_quarters() -> None:
    choices = period_choices(date(2026, 2, 10))
    assert [c.key for c in choices] == ["year", "last-year", "2025-Q4", "2025-Q3", "2025-Q2",
                                        "2025-Q1"]
    assert (choices[1].from_, choices[1].to) == (date(2025, 1, 1), date(2025, 12, 31))
    assert (choices[2].from_, choices[2].to) == (date(2025, 10, 1), date(2025, 12, 31))


def test_a_quarter_runs_from_its_first_to_its_last_day() -> None:
    assert quarter_period(2028, 1).to == date(2028, 3, 31)
    assert quarter_period(2026, 2).to == date(2026, 6, 30)
