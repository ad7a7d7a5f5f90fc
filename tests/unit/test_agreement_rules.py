"""The agreement's own rules, table by table. The course and the wage table
are made here with values unlike the shipped ones: the rules must read them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from igu_admin.domain.agreement_rules import (
    REQUIRED_TO_SUBMIT,
    AgreementFacts,
    check,
    check_dates,
    check_wage,
    check_weekly_hours,
    end_date,
    missing,
)
from igu_admin.domain.rule_parts import CourseRule, Source
from igu_admin.domain.wage_rates import WageRate, WageTable

SOURCE = Source("test", "verified")
COURSE = CourseRule(source=SOURCE, duration_months=18, min_average_workplace_hours=20,
                    max_average_total_hours=30, guidance_min_weekly_hours=25,
                    registration_deadline_months=1)
TODAY = date(2026, 11, 23)


def rate(code: str, basis: str, year1: str, year2: str, valid_to: date | None = None) -> WageRate:
    return WageRate(code=code, title_da=code, title_en=code, basis=basis, year1=Decimal(year1),
                    year2=Decimal(year2), valid_from=None, valid_to=valid_to, source="test")


TABLE = WageTable((rate("shop", "monthly", "10000", "11000", valid_to=date(2026, 12, 31)),
                   rate("factory", "hourly", "80", "90"),
                   rate("cafe", "monthly", "12000", "15000")),
                  absurd_factor=Decimal("5"), source="test")


@pytest.mark.parametrize(("start", "expected"), [
    (date(2027, 3, 2), date(2028, 9, 1)),
    (date(2027, 1, 1), date(2028, 6, 30)),
    (date(2027, 8, 31), date(2029, 2, 27)),   # 31 February does not exist: the 28th, less a day
    (date(2026, 8, 31), date(2028, 2, 28)),   # into a leap year: 29 February, less a day
])
def test_the_end_date_is_the_day_before_the_same_date_after_the_courses_months(
        start: date, expected: date) -> None:
    assert end_date(start, COURSE) == expected


@pytest.mark.parametrize(("hours", "code"), [
    (None, None), (Decimal("20"), None), (Decimal("30"), None), (Decimal("25.5"), None),
    (Decimal("19.99"), "hours_below_minimum"), (Decimal("0"), "hours_below_minimum"),
    (Decimal("-5"), "hours_below_minimum"), (Decimal("30.01"), "hours_above_maximum"),
    (Decimal("37"), "hours_above_maximum"),
])
def test_weekly_hours_keep_within_the_rule_sets_minimum_and_maximum(hours, code) -> None:
    problems = check_weekly_hours(hours, COURSE)
    assert [p.code for p in problems] == ([code] if code else [])
    if code:
        assert problems[0].path == "weekly_hours"
        assert dict(problems[0].params) == {"min": 20, "max": 30}


def facts(**values) -> AgreementFacts:
    return AgreementFacts(**values)


@pytest.mark.parametrize(("given", "expected"), [
    ({}, []),
    ({"start_date": TODAY}, []),
    ({"start_date": date(2026, 11, 22)}, [("start_date", "start_in_past")]),
    ({"start_date": date(2027, 1, 4), "birth_date": date(2027, 2, 1)},
     [("start_date", "start_before_birth")]),
    ({"registered_since": date(1990, 1, 1), "birth_date": date(1995, 1, 1)},
     [("trainee.registered_since", "registration_before_birth")]),
    ({"registered_since": date(2027, 2, 1), "start_date": date(2027, 1, 4)},
     [("trainee.registered_since", "registration_after_start")]),
    ({"registered_since": date(2027, 1, 4), "start_date": date(2027, 1, 4)}, []),
    ({"residence_permit_date": date(1994, 1, 1), "birth_date": date(1995, 1, 1)},
     [("trainee.residence_permit.date", "permit_before_birth")]),
    ({"residence_permit_date": date(2027, 1, 5), "start_date": date(2027, 1, 4)},
     [("trainee.residence_permit.date", "permit_after_start")]),
])
def test_dates_come_in_an_order_that_can_be_true_and_the_start_is_not_past(
        given, expected) -> None:
    assert [(p.path, p.code) for p in check_dates(facts(**given), TODAY)] == expected


def test_a_rule_between_two_fields_names_the_other_field_too() -> None:
    (problem,) = check_dates(facts(start_date=date(2027, 1, 4), birth_date=date(2027, 2, 1)),
                             TODAY)
    assert problem.related == ("trainee.cpr",)


@pytest.mark.parametrize(("given", "errors", "warnings"), [
    # Nothing typed, nothing judged.
    ({}, [], []),
    # The chosen agreement's rate, or above it: fine.
    ({"collective_agreement": "factory", "wage_basis": "hourly", "wage_year1": Decimal("80"),
      "wage_year2": Decimal("95")}, [], []),
    # A manual rate below the chosen agreement's: a warning, at that year.
    ({"collective_agreement": "factory", "wage_basis": "hourly", "wage_year1": Decimal("79.99"),
      "wage_year2": Decimal("90")}, [], [("wage.year1", "wage_below_table")]),
    # Zero or negative: an error, whatever the agreement.
    ({"wage_basis": "hourly", "wage_year1": Decimal("-1"), "wage_year2": Decimal("0")},
     [("wage.year1", "wage_not_positive"), ("wage.year2", "wage_not_positive")], []),
    ({"wage_year1": Decimal("-1")}, [("wage.year1", "wage_not_positive")], []),
    # Above the factor times the chosen rate: an error; at it exactly: fine.
    ({"collective_agreement": "factory", "wage_basis": "hourly", "wage_year1": Decimal("400"),
      "wage_year2": Decimal("450.01")}, [("wage.year2", "wage_absurd")], []),
    # Another agreement: the limit is the table's highest rate of the same basis.
    ({"collective_agreement": "other", "wage_basis": "monthly", "wage_year1": Decimal("60000"),
      "wage_year2": Decimal("75000.01")}, [("wage.year2", "wage_absurd")], []),
    ({"collective_agreement": "other", "wage_basis": "monthly", "wage_year1": Decimal("1"),
      "wage_year2": Decimal("1")}, [], []),
    # A basis unlike the agreement's: a warning, and the limit of the wage's own basis.
    ({"collective_agreement": "factory", "wage_basis": "monthly", "wage_year1": Decimal("12000"),
      "wage_year2": Decimal("75001")},
     [("wage.year2", "wage_absurd")], [("wage.basis", "wage_basis_differs")]),
    # No current rate on the start date (past its validity, or of no stated
    # period) and the wage not typed in full: the agreed rate is asked for.
    ({"collective_agreement": "shop", "start_date": date(2027, 1, 4)},
     [], [("collective_agreement", "wage_rate_not_current")]),
    ({"collective_agreement": "shop", "start_date": date(2027, 1, 4), "wage_basis": "monthly",
      "wage_year1": Decimal("10000")}, [], [("collective_agreement", "wage_rate_not_current")]),
    ({"collective_agreement": "factory", "start_date": date(2027, 1, 4)},
     [], [("collective_agreement", "wage_rate_not_current")]),
    # ... and once the employer has typed the rate, no warning.
    ({"collective_agreement": "shop", "start_date": date(2027, 1, 4), "wage_basis": "monthly",
      "wage_year1": Decimal("10000"), "wage_year2": Decimal("11000")}, [], []),
    # A rate current on the start date: nothing to say.
    ({"collective_agreement": "shop", "start_date": date(2026, 12, 31)}, [], []),
])
def test_wages_against_the_wage_table(given, errors, warnings) -> None:
    found_errors, found_warnings = check_wage(facts(**given), TABLE, TODAY)
    assert [(p.path, p.code) for p in found_errors] == errors
    assert [(p.path, p.code) for p in found_warnings] == warnings


def test_the_absurd_limit_names_the_amount_allowed() -> None:
    (error,), _ = check_wage(facts(collective_agreement="cafe", wage_basis="monthly",
                                   wage_year1=Decimal("60000.01")), TABLE, TODAY)
    assert dict(error.params) == {"limit": Decimal("60000"), "basis": "monthly",
                                  "factor": Decimal("5")}


def test_check_gathers_dates_hours_and_wages() -> None:
    findings = check(facts(start_date=date(2020, 1, 1), weekly_hours=Decimal("40"),
                           wage_year1=Decimal("0")), COURSE, TABLE, TODAY)
    assert [p.code for p in findings.errors] == ["start_in_past", "hours_above_maximum",
                                                 "wage_not_positive"]


def test_missing_lists_the_empty_required_paths_in_the_flows_order() -> None:
    given = {"contact_person", "trainee.cpr", "job_title"}
    assert missing(lambda path: path in given) == [
        p for p in REQUIRED_TO_SUBMIT if p not in given]
    assert missing(lambda path: True) == []
    assert "terms.other" not in REQUIRED_TO_SUBMIT
