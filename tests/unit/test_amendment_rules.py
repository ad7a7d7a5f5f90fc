"""The amendment's (tillæg) pure rules: the day it takes effect lies within
the course, and the terms that hold on a day."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from igu_admin.domain.amendments import (
    ApprovedChange,
    amounts_missing_for_basis,
    check_effective_from,
    old_and_new,
    takes_effect,
    terms_on,
)
from igu_admin.domain.course_events import CoursePeriod

COURSE = CoursePeriod(date(2026, 3, 2), date(2028, 3, 1))


@pytest.mark.parametrize(("day", "codes"), [
    (COURSE.start, []),  # the first day
    (COURSE.start + timedelta(days=100), []),  # any day within, past or not
    (COURSE.end, []),  # the last day
    (COURSE.start - timedelta(days=1), ["before_course_start"]),
    (COURSE.end + timedelta(days=1), ["after_course_end"]),
])
def test_the_day_it_takes_effect_lies_within_the_course(day: date, codes: list[str]) -> None:
    problems = check_effective_from(day, COURSE)
    assert [p.code for p in problems] == codes
    assert all(p.path == "effective_from" for p in problems)


def test_a_change_takes_effect_from_its_day_on() -> None:
    day = date(2027, 1, 1)
    assert not takes_effect(day, day - timedelta(days=1))
    assert takes_effect(day, day) and takes_effect(day, day + timedelta(days=1))


def test_the_terms_on_a_day_follow_the_changes_in_effect_by_then() -> None:
    base = {"weekly_hours": Decimal("30"), "job_title": "Bager", "start_date": "ignored"}
    first = ApprovedChange(1, date(2027, 1, 1), {"weekly_hours": Decimal("25")})
    second = ApprovedChange(2, date(2027, 6, 1), {"weekly_hours": Decimal("37"),
                                                  "job_title": "Bagersvend"})
    assert terms_on(date(2026, 12, 31), base, [second, first])["weekly_hours"] == Decimal("30")
    on = terms_on(date(2027, 1, 1), base, [second, first])
    assert (on["weekly_hours"], on["job_title"]) == (Decimal("25"), "Bager")
    later = terms_on(date(2027, 6, 1), base, [second, first])
    assert (later["weekly_hours"], later["job_title"]) == (Decimal("37"), "Bagersvend")
    assert "start_date" not in later  # only the terms an amendment may change


def test_old_and_new_keep_only_the_terms_given() -> None:
    assert old_and_new({"weekly_hours": "30", "job_title": "Bager"}, {"weekly_hours": "25"}) == {
        "weekly_hours": {"old": "30", "new": "25"}}


@pytest.mark.parametrize(("new", "missing"), [
    ({"wage.basis": "hourly"}, ("wage.year1", "wage.year2")),
    ({"wage.basis": "hourly", "wage.year2": "160.00"}, ("wage.year1",)),
    ({"wage.basis": "hourly", "wage.year1": "150.00", "wage.year2": "160.00"}, ()),
    ({"wage.basis": "monthly"}, ()),  # the basis held: nothing to convert
    ({"wage.year1": "13000.00"}, ()),
])
def test_a_new_wage_basis_needs_both_years_amounts(new: dict, missing: tuple) -> None:
    assert amounts_missing_for_basis({"wage.basis": "monthly"}, new) == missing
