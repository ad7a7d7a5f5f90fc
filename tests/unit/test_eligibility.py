"""Every boundary of the eligibility criteria, in every rule set."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from igu_admin.domain.dates import anniversary
from igu_admin.domain.eligibility import (
    Absence,
    EligibilityInput,
    EligibilityInputError,
    assess,
)
from igu_admin.domain.rulesets import BY_START_DATE, load_catalogue
from igu_admin.paths import RULES_DIR

CATALOGUE = load_catalogue(RULES_DIR)
START = date(2025, 3, 3)
DAY = timedelta(days=1)
SETS = ["igu-2016", "igu-2021", "igu-2024"]
AGE_MAX = {"igu-2016": 40, "igu-2021": 40, "igu-2024": 50}
RESIDENCE_MAX = {"igu-2016": 5, "igu-2021": 10, "igu-2024": 20}


def years_before(day: date, years: int) -> date:
    return anniversary(day, -years)


def person(**changes) -> EligibilityInput:
    base = EligibilityInput(start_date=START, birth_date=date(1998, 6, 1),
                            registered_since=START - timedelta(days=400), target_group="refugee")
    return replace(base, **changes)


def verdict(inp: EligibilityInput, mode: str, code: str) -> tuple[bool, object]:
    c = assess(inp, CATALOGUE, mode).criterion(code)
    return c.passed, c.value


@pytest.mark.parametrize("mode", SETS)
def test_a_typical_refugee_is_eligible_with_every_criterion_explained(mode: str) -> None:
    result = assess(person(), CATALOGUE, mode)
    assert result.eligible
    assert result.ruleset.code == mode
    assert [c.code for c in result.criteria] == [
        "age", "residence", "target_group", "previous_igu", "recent_employment"]
    assert all(c.legal_reference for c in result.criteria)


@pytest.mark.parametrize("mode", SETS)
def test_an_18th_birthday_on_the_start_date_passes(mode: str) -> None:
    assert verdict(person(birth_date=years_before(START, 18)), mode, "age") == (True, 18)


@pytest.mark.parametrize("mode", SETS)
def test_turning_18_the_day_after_the_start_fails(mode: str) -> None:
    assert verdict(person(birth_date=years_before(START, 18) + DAY), mode, "age") == (False, 17)


@pytest.mark.parametrize("mode", SETS)
def test_the_upper_age_birthday_on_the_start_date_fails(mode: str) -> None:
    limit = AGE_MAX[mode]
    assert verdict(person(birth_date=years_before(START, limit)), mode, "age") == (False, limit)
    assert verdict(person(birth_date=years_before(START, limit) - DAY), mode, "age")[0] is False


@pytest.mark.parametrize("mode", SETS)
def test_the_day_before_the_upper_age_birthday_passes(mode: str) -> None:
    limit = AGE_MAX[mode]
    assert verdict(person(birth_date=years_before(START, limit) + DAY), mode, "age") == (
        True, limit - 1)


def test_a_45_year_old_is_eligible_only_under_the_2024_rules() -> None:
    inp = person(birth_date=years_before(START, 45))
    assert [assess(inp, CATALOGUE, m).eligible for m in SETS] == [False, False, True]


def test_a_leap_day_birth_turns_18_on_the_first_of_march_in_a_common_year() -> None:
    born, since = date(2004, 2, 29), date(2021, 1, 1)
    day_before = person(birth_date=born, registered_since=since, start_date=date(2022, 2, 28))
    assert verdict(day_before, "igu-2016", "age") == (False, 17)
    assert verdict(replace(day_before, start_date=date(2022, 3, 1)), "igu-2016", "age") == (True, 18)


@pytest.mark.parametrize("mode", SETS)
def test_exactly_the_residence_limit_fails(mode: str) -> None:
    limit = RESIDENCE_MAX[mode]
    passed, years = verdict(person(registered_since=years_before(START, limit)), mode, "residence")
    assert (passed, years) == (False, limit)


@pytest.mark.parametrize("mode", SETS)
def test_one_day_under_the_residence_limit_passes(mode: str) -> None:
    limit = RESIDENCE_MAX[mode]
    inp = person(registered_since=years_before(START, limit) + DAY)
    assert verdict(inp, mode, "residence") == (True, limit - 1)


@pytest.mark.parametrize("mode", SETS)
def test_days_registered_abroad_move_the_residence_limit_later(mode: str) -> None:
    limit = RESIDENCE_MAX[mode]
    since = years_before(START, limit)
    ten_days = (Absence(since + timedelta(days=100), since + timedelta(days=109)),)
    assert verdict(person(registered_since=since, absences=ten_days), mode, "residence")[0]
    # Ten days abroad exactly offset ten more days of registration: the limit again.
    earlier = years_before(START - timedelta(days=10), limit)
    shifted = (Absence(earlier + timedelta(days=100), earlier + timedelta(days=109)),)
    assert not verdict(person(registered_since=earlier, absences=shifted), mode, "residence")[0]
    assert verdict(person(registered_since=earlier + DAY, absences=shifted), mode, "residence")[0]


def test_absences_before_registration_or_after_the_start_do_not_count() -> None:
    since = years_before(START, 5)
    outside = (Absence(since - timedelta(days=50), since - DAY),
               Absence(START, START + timedelta(days=30)))
    result = assess(person(registered_since=since, absences=outside), CATALOGUE, "igu-2016")
    assert result.criterion("residence").facts["days_abroad"] == 0
    assert not result.criterion("residence").passed


def test_overlapping_absences_count_each_day_once() -> None:
    since = years_before(START, 5)
    overlapping = (Absence(since + timedelta(days=10), since + timedelta(days=19)),
                   Absence(since + timedelta(days=15), since + timedelta(days=24)))
    result = assess(person(registered_since=since, absences=overlapping), CATALOGUE, "igu-2016")
    assert result.criterion("residence").facts["days_abroad"] == 15


TARGET_EXPECTATIONS = {
    "igu-2016": {"refugee": True, "family_reunified_to_refugee": True, "family_reunified": False,
                 "ukraine_special_act": False, "afghan_special_act": False, "other": False},
    "igu-2021": {"refugee": True, "family_reunified_to_refugee": True, "family_reunified": False,
                 "ukraine_special_act": True, "afghan_special_act": True, "other": False},
    "igu-2024": {"refugee": True, "family_reunified_to_refugee": True, "family_reunified": True,
                 "ukraine_special_act": True, "afghan_special_act": True, "other": False},
}


@pytest.mark.parametrize(("mode", "group", "expected"), [
    (mode, group, expected)
    for mode, groups in TARGET_EXPECTATIONS.items() for group, expected in groups.items()
])
def test_target_groups_follow_the_rule_set(mode: str, group: str, expected: bool) -> None:
    assert verdict(person(target_group=group), mode, "target_group") == (expected, group)


@pytest.mark.parametrize("mode", SETS)
def test_a_previous_igu_fails(mode: str) -> None:
    assert verdict(person(previous_igu=True), mode, "previous_igu") == (False, True)
    recorded = assess(person(previous_igu_recorded=True), CATALOGUE, mode)
    assert not recorded.eligible
    assert recorded.criterion("previous_igu").facts["recorded"] is True


@pytest.mark.parametrize("mode", SETS)
def test_recent_ordinary_employment_in_the_company_fails(mode: str) -> None:
    passed, value = verdict(person(recent_ordinary_employment=True), mode, "recent_employment")
    assert (passed, value) == (False, True)
    facts = assess(person(), CATALOGUE, mode).criterion("recent_employment").facts
    assert facts["since"] == date(2024, 12, 3)


@pytest.mark.parametrize(("start", "ruleset", "in_window"), [
    (date(2016, 6, 30), "igu-2016", False), (date(2016, 7, 1), "igu-2016", True),
    (date(2021, 4, 30), "igu-2016", True), (date(2021, 5, 1), "igu-2021", True),
    (date(2023, 12, 31), "igu-2021", True), (date(2024, 1, 1), "igu-2024", True),
    (date(2027, 12, 31), "igu-2024", True), (date(2028, 1, 1), "igu-2024", False),
])
def test_by_start_date_adds_the_scheme_window(start: date, ruleset: str, in_window: bool) -> None:
    inp = person(start_date=start, birth_date=years_before(start, 25),
                 registered_since=years_before(start, 1))
    result = assess(inp, CATALOGUE, BY_START_DATE)
    window = result.criteria[0]
    assert window.code == "scheme_window"
    assert window.passed is in_window
    assert window.value == (ruleset if in_window else None)
    assert result.ruleset.code == ruleset
    assert result.eligible is in_window


def test_by_start_date_applies_the_limits_of_the_set_in_force() -> None:
    older = person(start_date=date(2023, 6, 1), birth_date=date(1980, 1, 1),
                   registered_since=date(2016, 1, 1))
    assert not assess(older, CATALOGUE, BY_START_DATE).eligible  # 43 under igu-2021
    later = replace(older, start_date=date(2024, 6, 1))
    assert assess(later, CATALOGUE, BY_START_DATE).eligible  # igu-2024: under 50, up to 20 years


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"birth_date": START + DAY}, "start_date", "start_before_birth"),
    ({"registered_since": date(1990, 1, 1), "birth_date": date(1995, 1, 1)},
     "registered_since", "registration_before_birth"),
    ({"registered_since": START + DAY}, "registered_since", "registration_after_start"),
    ({"absences": (Absence(date(2024, 5, 2), date(2024, 5, 1)),)}, "absences", "absence_reversed"),
])
def test_contradicting_facts_are_an_input_error_not_a_no(changes: dict, field: str,
                                                         code: str) -> None:
    with pytest.raises(EligibilityInputError) as exc:
        assess(person(**changes), CATALOGUE, "igu-2016")
    assert code in exc.value.errors[field]
