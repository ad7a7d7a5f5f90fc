"""The overview's measures at their boundaries: rounding half up, medians of
an even count, suppression (complementary too), the benchmark's groups and a
continued course counted once."""

from __future__ import annotations

import importlib.util
from collections import Counter
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from stdnum.dk import cpr as stdnum_cpr

from igu_admin.domain import overview as ov
from igu_admin.domain.identifiers import cpr_sex

FROM, TO = date(2026, 1, 1), date(2026, 12, 31)


def record(start: date = date(2026, 3, 1), status: str = "active", end: date | None = None,
           terminated: date | None = None, continuation: bool = False, continued: bool = False,
           group: str | None = "refugee", registered: date | None = None,
           sex: str | None = "female", birth: date | None = date(1995, 5, 15),
           code: str = "101") -> ov.CourseRecord:
    return ov.CourseRecord(code, status, start, end or date(2028, 2, 28), terminated,
                           continuation, continued, group, registered, sex, birth)


@pytest.mark.parametrize(("part", "whole", "shown"), [
    (1, 8, "0.13"),      # 0.125 exactly: half up, not to even
    (3, 8, "0.38"),      # 0.375
    (1, 3, "0.33"),
    (2, 3, "0.67"),
    (1, 200, "0.01"),    # 0.005
    (0, 5, "0.00"),
    (5, 5, "1.00"),
])
def test_shares_round_half_up_from_the_unrounded_value(part: int, whole: int, shown: str) -> None:
    assert str(ov.round_half_up(Fraction(part, whole))) == shown


def test_a_negative_difference_rounds_half_away_from_zero() -> None:
    assert str(ov.round_half_up(Fraction(-1, 8))) == "-0.13"
    assert str(ov.round_half_up(Fraction(-1, 3))) == "-0.33"


def test_medians_of_whole_days_may_end_in_a_half() -> None:
    assert ov.median_days([3, 1, 2]) == (Decimal(2), 3)
    assert ov.median_days([1, 2, 3, 10]) == (Decimal("2.5"), 4)
    assert ov.median_days([4, 6]) == (Decimal(5), 2)
    assert ov.median_days(Counter({1: 2, 9: 2})) == (Decimal(5), 4)
    assert ov.median_days([]) == (None, 0)
    assert str(ov.median_days([12, 13])[0]) == "12.5"


def test_age_bands_at_the_start() -> None:
    start = date(2026, 3, 1)
    assert ov.age_band(date(2008, 3, 1), start) == "18-24"   # 18 on the day
    assert ov.age_band(date(2008, 3, 2), start) is None      # 17
    assert ov.age_band(date(2001, 3, 2), start) == "18-24"   # 24
    assert ov.age_band(date(2001, 3, 1), start) == "25-29"   # 25 on the day
    assert ov.age_band(date(1976, 3, 2), start) == "40-49"   # 49
    assert ov.age_band(date(1976, 3, 1), start) is None      # 50
    assert ov.age_band(None, start) is None


def test_sex_from_the_cpr_numbers_last_digit() -> None:
    assert cpr_sex("0101901231") == "male"
    assert cpr_sex("0101901234") == "female"
    assert cpr_sex("0101901230") == "female"


def test_a_continued_course_is_counted_once() -> None:
    first = record(start=date(2025, 6, 1), status="terminated", terminated=date(2026, 4, 30),
                   continued=True)
    second = record(start=date(2026, 5, 1), status="completed", end=date(2026, 11, 30),
                    continuation=True)
    figures = ov.measures([first, second], FROM, TO, [])
    assert (figures.started, figures.completed, figures.ended_early, figures.continued) == (
        0, 1, 0, 1)
    assert figures.early_end_share == 0
    # ...and the continuation is no new start.
    assert ov.measures([second], date(2026, 5, 1), TO, []).started == 0


def test_started_active_ended_in_the_period() -> None:
    records = [
        record(start=date(2026, 1, 1)),                                   # started, active
        record(start=date(2025, 12, 31)),                                 # active only
        record(start=date(2026, 12, 31), end=date(2028, 12, 30)),         # started on `to`
        record(start=date(2024, 1, 1), status="completed", end=date(2026, 12, 31)),
        record(start=date(2024, 1, 1), status="terminated", terminated=date(2026, 1, 1)),
        record(start=date(2024, 1, 1), status="terminated", terminated=date(2025, 12, 31)),
    ]
    figures = ov.measures(records, FROM, TO, [])
    assert figures.started == 2
    assert figures.active_on_to == 4  # the completed one's last day is `to`
    assert (figures.completed, figures.ended_early) == (1, 1)
    assert figures.early_end_share == Fraction(1, 2)


def test_counts_from_1_to_4_are_suppressed_and_0_is_shown() -> None:
    s = ov.Suppression()
    assert [s.count("a", n) for n in (0, 1, 4, 5)] == [0, None, None, 5]
    assert s.suppressed == s.small == ["a", "a"]


def test_one_suppressed_cell_takes_the_smallest_other_non_zero_cell_with_it() -> None:
    s = ov.Suppression()
    shown = s.breakdown("by_age_band", {"18-24": 3, "25-29": 9, "30-39": 7, "40-49": 0}, 19)
    assert shown == {"18-24": None, "25-29": 9, "30-39": None, "40-49": 0}
    assert s.suppressed == ["by_age_band.18-24", "by_age_band.30-39"]
    assert s.small == ["by_age_band.18-24"]


def test_two_suppressed_cells_need_no_more() -> None:
    s = ov.Suppression()
    shown = s.breakdown("by_sex", {"female": 2, "male": 1}, 3)
    assert shown == {"female": None, "male": None}
    assert s.suppressed == s.small == ["by_sex.female", "by_sex.male"]


def test_a_lone_suppressed_cell_with_only_zeros_beside_it() -> None:
    s = ov.Suppression()
    assert s.breakdown("by_sex", {"female": 3, "male": 0}, 3) == {"female": None, "male": 0}
    assert s.suppressed == ["by_sex.female"]


def test_equal_smallest_cells_take_the_first_by_key() -> None:
    s = ov.Suppression()
    shown = s.breakdown("g", {"a": 6, "b": 6, "c": 1}, 13)
    assert shown == {"a": None, "b": 6, "c": None}


def test_the_courses_in_no_cell_count_as_a_cell_of_their_own() -> None:
    """20 started, the bands hold 16: the 4 aged 50 or over (or without a
    birth date) would be read off by subtraction, so the smallest band goes."""
    s = ov.Suppression()
    shown = s.breakdown("by_age_band", {"18-24": 10, "25-29": 6, "30-39": 0, "40-49": 0}, 20)
    assert shown == {"18-24": 10, "25-29": None, "30-39": 0, "40-49": 0}
    assert s.suppressed == ["by_age_band.25-29"] and s.small == []
    # With a cell of its own suppressed too, the two hide each other.
    s = ov.Suppression()
    shown = s.breakdown("by_age_band", {"18-24": 10, "25-29": 3, "30-39": 0, "40-49": 0}, 15)
    assert shown == {"18-24": 10, "25-29": None, "30-39": 0, "40-49": 0}
    # Five or more in no cell: nothing more to hide.
    s = ov.Suppression()
    assert s.breakdown("by_sex", {"female": 6, "male": 7}, 18) == {"female": 6, "male": 7}


def test_an_amount_goes_with_its_count() -> None:
    s = ov.Suppression()
    shown = s.claims("company_bonus", ov.ClaimTotals(3, Decimal("60000.00"), 0,
                                                     Decimal("0.00")))
    assert shown == ov.ClaimFigures(None, None, 0, Decimal("0.00"))
    assert s.suppressed == ["company_bonus.due", "company_bonus.due_amount"]
    assert s.small == ["company_bonus.due"]


def test_shares_and_medians_on_fewer_than_5_courses_are_not_shown() -> None:
    records = [record(start=date(2024, 1, 1), status="completed", end=date(2026, 6, 1))
               for _ in range(3)] + [record(start=date(2024, 1, 1), status="terminated",
                                            terminated=date(2026, 6, 1))]
    figures = ov.measures(records, FROM, TO, [1, 2, 3, 4])
    forecast = ov.forecast(TO, {}, None, None)
    shown = ov.overview_of("101", FROM, TO, figures, ov.ClaimTotals(), ov.ClaimTotals(), forecast)
    assert shown.early_end_share is None and shown.median_days_submitted_to_decided is None
    assert {"early_end_share", "median_days_submitted_to_decided", "completed",
            "ended_early"} <= set(shown.suppressed)
    assert "early_end_share" not in shown.small
    five = ov.measures(records + records[:1], FROM, TO, [1, 2, 3, 4, 5])
    shown = ov.overview_of("101", FROM, TO, five, ov.ClaimTotals(), ov.ClaimTotals(), forecast)
    assert shown.early_end_share == Decimal("0.20")
    assert shown.median_days_submitted_to_decided == 3


def test_the_forecast_discounts_by_the_share_shown() -> None:
    scheduled = {date(2027, 1, 15): Decimal("20000.00"), date(2027, 1, 20): Decimal("5000.00"),
                 date(2027, 12, 31): Decimal("10000.00"), date(2028, 1, 1): Decimal("1.00")}
    made = ov.forecast(date(2026, 12, 15), scheduled, Decimal("0.25"), Decimal("0.5"))
    assert [m.month for m in made.months][:2] == ["2027-01", "2027-02"]
    assert len(made.months) == 12 and made.months[-1].month == "2027-12"
    assert made.months[0] == ov.ForecastMonth("2027-01", Decimal("25000.00"),
                                              Decimal("18750.00"))
    assert made.months[-1].expected_amount == Decimal("7500.00")
    assert (made.basis, made.early_end_share_used) == ("municipality", Decimal("0.25"))
    instance = ov.forecast(date(2026, 12, 15), scheduled, None, Decimal("0.5"))
    assert (instance.basis, instance.months[0].expected_amount) == ("instance",
                                                                    Decimal("12500.00"))
    assert ov.forecast(date(2026, 12, 15), scheduled, None, None).basis == "none"
    # The instance's totals by their own share, said as such (not "the municipality's").
    totals = ov.forecast(date(2026, 12, 15), scheduled, Decimal("0.5"), None, is_instance=True)
    assert totals.basis == "all"


def _ended(early: int, completed: int, group: str | None = "refugee") -> dict[
        str | None, ov.EndedCounts]:
    return {group: ov.EndedCounts(completed, early)}


@pytest.mark.parametrize(("n", "groups"), [
    (5, [1, 2, 3, 4, 5]),
    (6, [1, 1, 2, 3, 4, 5]),
    (7, [1, 1, 2, 3, 3, 4, 5]),
])
def test_groups_are_fifths_by_the_unrounded_difference(n: int, groups: list[int]) -> None:
    codes = [f"{100 + i}" for i in range(n)]
    # Municipality i has i early ends of 10: the difference rises with i.
    ended = {code: _ended(i, 10 - i) for i, code in enumerate(codes)}
    made = ov.benchmark(codes, ended, {})
    assert [row.group for row in made.rows] == groups


def test_ties_in_the_difference_go_by_code_and_few_ended_get_no_group() -> None:
    ended = {"201": _ended(1, 4), "101": _ended(1, 4), "150": _ended(0, 3)}
    made = ov.benchmark(["201", "101", "150", "160"], ended, {})
    rows = {row.municipality_code: row for row in made.rows}
    assert [row.municipality_code for row in made.rows] == ["101", "150", "160", "201"]
    assert rows["101"].group == 1 and rows["201"].group == 3
    assert rows["150"] == ov.BenchmarkRow("150", None, None, None, None, None, None)
    assert rows["160"].ended == 0


def test_expected_share_adjusts_for_the_target_groups() -> None:
    # Across the instance refugees end early 1 in 2, family reunified 0 in 10.
    ended = {"101": {"refugee": ov.EndedCounts(5, 5)},
             "102": {"family_reunified": ov.EndedCounts(10, 0)}}
    rows = {r.municipality_code: r for r in ov.benchmark(["101", "102"], ended, {}).rows}
    assert (rows["101"].early_end_share, rows["101"].expected_early_end_share,
            rows["101"].difference) == (Decimal("0.50"), Decimal("0.50"), Decimal("0.00"))
    assert rows["102"].expected_early_end_share == Decimal("0.00")


def test_the_instance_median_needs_5_decisions() -> None:
    made = ov.benchmark(["101", "102"], {}, {"101": Counter({3: 2}), "102": Counter({5: 3})})
    assert made.instance_median_days_submitted_to_decided == 5
    assert [r.median_days_submitted_to_decided for r in made.rows] == [None, None]


def test_quarters_end_with_the_one_holding_to() -> None:
    spans = ov.last_quarters(date(2026, 8, 15), 8)
    assert spans[0] == ("2024-Q4", date(2024, 10, 1), date(2024, 12, 31))
    assert spans[-1] == ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30))
    assert len(spans) == 8


def test_the_migrations_birth_date_reads_the_century_as_stdnum_does() -> None:
    """Migration 0020 writes the CPR number's birth date out (a revision
    imports no application code): every century digit and year edge."""
    path = Path(__file__).parents[2] / "migrations" / "versions" / "0020_overview_figures.py"
    spec = importlib.util.spec_from_file_location("migration_0020", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    for year in (0, 36, 37, 57, 58, 99):
        for seventh in range(10):
            number = f"0103{year:02d}{seventh}123"
            try:
                expected = stdnum_cpr.get_birth_date(number)
            except Exception:  # a date stdnum refuses (in the future)
                continue
            assert migration._birth_date(number) == expected, number


def test_a_municipality_with_few_ended_courses_shows_no_figures_not_even_its_speed() -> None:
    """'Listed with group null and no figures': 3 ended courses but 8
    decisions give no median of its own; 6 ended give one."""
    ended = {"101": _ended(1, 2), "102": _ended(1, 5)}
    days = {"101": Counter({4: 8}), "102": Counter({6: 8})}
    rows = {r.municipality_code: r for r in ov.benchmark(["101", "102"], ended, days).rows}
    assert rows["101"].group is None and rows["101"].median_days_submitted_to_decided is None
    assert rows["102"].group == 1 and rows["102"].median_days_submitted_to_decided == 6


def _quarter(n: int, started: int | None, due: Decimal | None = Decimal("0")) -> ov.QuarterFigures:
    first = date(2025, 1 + 3 * (n % 4), 1).replace(year=2025 + n // 4)
    last = ov.last_quarters(first, 1)[0][2]
    return ov.QuarterFigures(f"q{n}", first, last, started, 0, None, due, Decimal("0"),
                             ("started",) if started is None else ())


def test_a_quarter_hidden_alone_takes_the_smallest_other_with_it() -> None:
    """The period's total beside the quarters: a lone '<5' quarter inside the
    period takes the smallest other non-zero quarter inside it along."""
    quarters = [_quarter(0, 5), _quarter(1, 9), _quarter(2, None), _quarter(3, 7),
                _quarter(4, 6), _quarter(5, 0), _quarter(6, 8), _quarter(7, 12)]
    year = (date(2025, 1, 1), date(2025, 12, 31))
    shown = ov.hide_lone_quarters(quarters, year)
    # Inside 2025 the smallest is Q1's 5 (not 2026's 6, outside the period).
    assert [q.started for q in shown] == [None, 9, None, 7, 6, 0, 8, 12]
    assert "started" in shown[0].suppressed
    # A lone one outside the period, among all: the smallest of the others (6).
    later = ov.hide_lone_quarters(quarters[1:], (date(2027, 1, 1), date(2027, 12, 31)))
    assert [q.started for q in later] == [9, None, 7, None, 0, 8, 12]
    # Without a period (no total beside them) each quarter stands on its own.
    assert ov.hide_lone_quarters(quarters, None) == tuple(quarters)
    # Two hidden already: nothing more.
    twice = ov.hide_lone_quarters([_quarter(0, None), _quarter(1, None), _quarter(2, 9)], year)
    assert [q.started for q in twice] == [None, None, 9]
