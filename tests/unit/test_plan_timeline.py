"""The two-year timeline: rows of ISO-year quarters, school hours by kind in
each week, holidays, the weeks outside the period, today's week."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from igu_admin.domain.plan_timeline import Span, Timeline, build_timeline, quarter_of
from igu_admin.domain.schooling import PlanElement, public_holidays

START = date(2027, 1, 4)  # Monday of ISO week 1 2027
END = date(2029, 1, 3)  # the day before two years later (a Wednesday)
HOLIDAYS = public_holidays(2026, 2029)


def timeline(*elements: PlanElement, start: date = START, end: date = END,
             today: date | None = None, week_limit: int | None = None) -> Timeline:
    return build_timeline(start, end, elements, HOLIDAYS, today=today, week_limit=week_limit)


def element(kind: str, first: date, last: date, hours: str) -> PlanElement:
    return PlanElement(kind, first, last, Decimal(hours))


def week_at(line: Timeline, monday: date):
    (found,) = [w for w in line.weeks if w.monday == monday]
    return found


def test_a_two_year_course_from_week_1_touches_105_weeks_in_nine_quarter_rows() -> None:
    line = timeline()
    assert line.course_weeks == 105
    assert [(r.iso_year, r.quarter) for r in line.rows] == [
        (2027, 1), (2027, 2), (2027, 3), (2027, 4), (2028, 1), (2028, 2), (2028, 3), (2028, 4),
        (2029, 1)]
    assert [len(r.weeks) for r in line.rows] == [13] * 9
    # The last row holds the course's last week (week 1 2029) and twelve weeks after it.
    last = line.rows[-1].weeks
    assert not last[0].outside and all(w.outside for w in last[1:])
    assert (last[0].iso_year, last[0].iso_week) == (2029, 1)


def test_a_course_ending_on_a_sunday_touches_104_weeks() -> None:
    line = timeline(end=START + timedelta(weeks=104) - timedelta(days=1))
    assert line.course_weeks == 104
    assert len(line.rows) == 8


def test_each_row_is_one_quarter_of_week_numbers_so_a_week_keeps_its_column_every_year() -> None:
    line = timeline(start=date(2026, 3, 2), end=date(2028, 3, 1))
    for row in line.rows:
        numbers = [w.iso_week for w in row.weeks]
        first = (row.quarter - 1) * 13 + 1
        assert numbers[:13] == list(range(first, first + 13))
        assert all(w.iso_year == row.iso_year for w in row.weeks)
        mondays = [w.monday for w in row.weeks]
        assert all(b - a == timedelta(days=7) for a, b in itertools.pairwise(mondays))
    # 2026 has 53 ISO weeks: its fourth quarter holds weeks 40 to 53.
    q4 = next(r for r in line.rows if (r.iso_year, r.quarter) == (2026, 4))
    assert [w.iso_week for w in q4.weeks] == list(range(40, 54))
    assert quarter_of(date(2026, 12, 28)) == (2026, 4)


def test_weeks_before_a_midweek_start_are_outside_and_the_week_of_the_start_is_not() -> None:
    line = timeline(start=date(2026, 3, 4), end=date(2028, 3, 3))
    first_row = line.rows[0].weeks
    start_week = week_at(line, date(2026, 3, 2))
    assert not start_week.outside
    assert [w.outside for w in first_row] == [w.monday < date(2026, 3, 2) for w in first_row]
    assert week_at(line, date(2028, 2, 28)).outside is False  # holds the last day, 3 March
    assert week_at(line, date(2028, 3, 6)).outside is True


def test_a_full_week_of_amu_puts_its_hours_in_its_week_and_nowhere_else() -> None:
    line = timeline(element("amu", date(2027, 2, 1), date(2027, 2, 5), "37"))
    school = [w for w in line.weeks if w.school]
    assert [w.monday for w in school] == [date(2027, 2, 1)]
    (hours,) = school[0].school
    assert (hours.kind, hours.hours, hours.items) == ("amu", Fraction(37), (0,))
    assert school[0].kinds == ("amu",)


def test_hours_of_two_kinds_in_one_week_are_kept_apart_in_the_rules_order() -> None:
    line = timeline(element("danish", date(2027, 2, 1), date(2027, 2, 5), "7.4"),
                    element("amu", date(2027, 2, 1), date(2027, 2, 3), "22.2"),
                    element("amu", date(2027, 2, 4), date(2027, 2, 4), "7.4"))
    week = week_at(line, date(2027, 2, 1))
    assert week.kinds == ("amu", "danish")
    amu, danish = week.school
    assert (amu.hours, amu.items) == (Fraction("29.6"), (1, 2))
    assert (danish.hours, danish.items) == (Fraction("7.4"), (0,))
    assert week.hours == Fraction(37)
    assert line.kinds == ("amu", "danish")


def test_a_course_over_easter_spreads_its_hours_over_the_working_days_only() -> None:
    # Easter 2027: Maundy Thursday 25 March, Good Friday 26 March, Easter Monday 29 March.
    line = timeline(element("amu", date(2027, 3, 22), date(2027, 4, 2), "51.8"))
    before, after = week_at(line, date(2027, 3, 22)), week_at(line, date(2027, 3, 29))
    # 3 working days before Easter, 4 after: 7 days of 7.4 hours.
    assert before.hours == Fraction("22.2") and after.hours == Fraction("29.6")
    assert [h.name for h in before.holidays] == ["Skærtorsdag", "Langfredag", "Påskedag"]
    assert [(h.day, h.name) for h in after.holidays] == [(date(2027, 3, 29), "Anden påskedag")]


def test_holiday_names_come_in_the_language_asked_for() -> None:
    line = build_timeline(START, END, [], public_holidays(2027, 2029, "en_US"))
    assert [h.name for h in week_at(line, date(2027, 3, 22)).holidays] == [
        "Maundy Thursday", "Good Friday", "Easter Sunday"]
    assert week_at(line, date(2027, 1, 11)).holidays == ()


def test_todays_week_is_marked_only_while_the_course_runs() -> None:
    running = timeline(today=date(2027, 6, 9))
    assert running.current is not None and running.current.monday == date(2027, 6, 7)
    assert sum(w.current for w in running.weeks) == 1
    assert timeline(today=START - timedelta(days=1)).current is None
    assert timeline(today=END + timedelta(days=1)).current is None
    assert timeline(today=END).current.monday == date(2029, 1, 1)  # type: ignore[union-attr]
    assert timeline().current is None


def test_a_week_over_the_limit_is_flagged_at_37_and_a_half_hours_not_at_37() -> None:
    full = timeline(element("amu", date(2027, 2, 1), date(2027, 2, 5), "37"), week_limit=37)
    over = timeline(element("amu", date(2027, 2, 1), date(2027, 2, 5), "37"),
                    element("danish", date(2027, 2, 3), date(2027, 2, 3), "0.5"), week_limit=37)
    assert not any(w.over_limit for w in full.weeks)
    assert [w.monday for w in over.weeks if w.over_limit] == [date(2027, 2, 1)]
    assert not any(w.over_limit for w in over.weeks if w.monday != date(2027, 2, 1))
    unlimited = timeline(element("amu", date(2027, 2, 1), date(2027, 2, 5), "80"))
    assert not any(w.over_limit for w in unlimited.weeks)


def test_each_element_lists_its_school_weeks_as_spans_of_consecutive_weeks() -> None:
    line = timeline(element("amu", date(2027, 2, 1), date(2027, 2, 19), "111"),
                    element("fvu", date(2027, 9, 6), date(2027, 9, 6), "4"),
                    element("danish", None, None, "10"))  # type: ignore[arg-type]
    amu, fvu, undated = line.elements
    assert (amu.index, amu.kind, amu.hours) == (0, "amu", Fraction(111))
    assert amu.spans == (Span(date(2027, 2, 1), date(2027, 2, 15)),)
    assert amu.spans[0].weeks == 3
    assert fvu.spans == (Span(date(2027, 9, 6), date(2027, 9, 6)),)
    assert (undated.index, undated.spans, undated.hours) == (2, (), Fraction(0))


def test_an_element_spread_thinly_over_months_shows_in_every_week_it_touches() -> None:
    # Seven hours a week of Danish from 1 March to 30 April 2027 (Easter inside).
    line = timeline(element("danish", date(2027, 3, 1), date(2027, 4, 30), "56"))
    (danish,) = line.elements
    assert danish.spans == (Span(date(2027, 3, 1), date(2027, 4, 26)),)
    assert sum((w.hours for w in line.weeks), Fraction(0)) == 56


def test_hours_placed_before_the_start_show_in_an_outside_week_of_the_first_row() -> None:
    line = timeline(element("amu", date(2026, 3, 2), date(2026, 3, 6), "37"),
                    start=date(2026, 3, 9), end=date(2028, 3, 8))
    early = week_at(line, date(2026, 3, 2))
    assert early.outside and early.kinds == ("amu",)


def test_an_element_reaching_past_the_grids_weeks_is_not_drawn_and_says_so() -> None:
    far = element("amu", date(1950, 1, 2), date(2099, 12, 31), "37")
    late = element("amu", date(2028, 12, 25), date(2029, 4, 6), "74")  # past week 13 2029
    near = element("amu", date(2029, 3, 26), date(2029, 3, 30), "37")  # in the last row
    line = timeline(far, late, near)
    assert [(e.beyond, e.spans == ()) for e in line.elements] == [
        (True, True), (True, True), (False, False)]
    assert [w.monday for w in line.weeks if w.school] == [date(2029, 3, 26)]


def test_a_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        timeline(start=END, end=START)
