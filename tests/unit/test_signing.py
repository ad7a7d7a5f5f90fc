"""The steps after approval: the registration deadline from the rule set,
signing before the start, registration after the signing."""

from datetime import date

import pytest

from igu_admin.domain.rule_parts import CourseRule, Source
from igu_admin.domain.rulesets import load_catalogue
from igu_admin.domain.signing import (
    check_registration,
    check_signing,
    registered_late,
    registration_deadline,
)
from igu_admin.paths import RULES_DIR

SOURCE = Source("test", "verified")


def course(months: int) -> CourseRule:
    return CourseRule(source=SOURCE, duration_months=24, min_average_workplace_hours=25,
                      max_average_total_hours=37, guidance_min_weekly_hours=33,
                      registration_deadline_months=months)


@pytest.mark.parametrize(("start", "months", "deadline"), [
    (date(2027, 3, 2), 1, date(2027, 4, 1)),
    (date(2027, 1, 31), 1, date(2027, 2, 27)),  # 28 February has no 31st: the 28th, less a day
    (date(2028, 1, 31), 1, date(2028, 2, 28)),
    (date(2027, 12, 15), 1, date(2028, 1, 14)),
    (date(2027, 3, 2), 2, date(2027, 5, 1)),
])
def test_the_deadline_is_the_end_of_the_rule_sets_months_from_the_start(
        start: date, months: int, deadline: date) -> None:
    assert registration_deadline(start, course(months)) == deadline


@pytest.mark.parametrize("code", ["igu-2016", "igu-2021", "igu-2024"])
def test_every_rule_set_gives_one_month_with_its_source(code: str) -> None:
    ruleset = load_catalogue(RULES_DIR).get(code)
    assert ruleset.course.registration_deadline_months == 1
    source = ruleset.course.source_of("registration_deadline_months")
    assert source.sureness == "guidance" and "VITAS" in source.legal_reference


START = date(2027, 3, 2)


def test_signing_on_or_before_the_start_passes_after_it_fails() -> None:
    assert check_signing(START, START, None) == []
    assert check_signing(date(2027, 2, 1), START, None) == []
    [problem] = check_signing(date(2027, 3, 3), START, None)
    assert (problem.path, problem.code) == ("signed_on", "signed_after_start")


def test_a_signing_after_the_registration_recorded_fails() -> None:
    [problem] = check_signing(date(2027, 2, 20), START, date(2027, 2, 10))
    assert problem.code == "signed_after_registration"


def test_registration_needs_the_signing_first_and_may_be_late() -> None:
    assert [p.code for p in check_registration(START, None)] == ["signing_not_recorded"]
    assert [p.code for p in check_registration(date(2027, 2, 1), date(2027, 2, 2))] == [
        "registered_before_signing"]
    assert check_registration(date(2027, 6, 1), date(2027, 2, 2)) == []
    assert registered_late(date(2027, 4, 2), date(2027, 4, 1))
    assert not registered_late(date(2027, 4, 1), date(2027, 4, 1))
