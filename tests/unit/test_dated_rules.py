"""Parts of a rule set with their own date, judged against the start date."""

import tomllib
from dataclasses import replace
from datetime import date, timedelta

import pytest

from igu_admin.domain.dates import anniversary
from igu_admin.domain.eligibility import EligibilityInput, assess, notices
from igu_admin.domain.rulesets import (
    BY_START_DATE,
    RuleCatalogue,
    load_catalogue,
    parse_ruleset,
)
from igu_admin.paths import RULES_DIR

CATALOGUE = load_catalogue(RULES_DIR)
ALL_MODES = [*CATALOGUE.codes, BY_START_DATE]
DAY = timedelta(days=1)
UKRAINE_FROM = date(2022, 3, 17)
AFGHAN_FROM = date(2022, 7, 1)
THREE_MONTH_RULE_FROM = date(2019, 7, 1)


def person(start: date, **changes) -> EligibilityInput:
    base = EligibilityInput(start_date=start, birth_date=anniversary(start, -25),
                            registered_since=start - timedelta(days=200), target_group="refugee")
    return replace(base, **changes)


def criterion(inp: EligibilityInput, mode: str, code: str):
    return assess(inp, CATALOGUE, mode).criterion(code)


# igu-2016 (the 2016 act) never had the special-act groups; the other sets
# admit them from the date the IGU act did, whatever mode picks the set.
@pytest.mark.parametrize(("mode", "admits"), [
    ("igu-2016", False), ("igu-2021", True), ("igu-2024", True), (BY_START_DATE, True)])
@pytest.mark.parametrize(("group", "joined"), [
    ("ukraine_special_act", UKRAINE_FROM), ("afghan_special_act", AFGHAN_FROM)])
def test_a_special_act_group_is_in_the_target_group_only_from_its_date(
        mode: str, admits: bool, group: str, joined: date) -> None:
    before = criterion(person(joined - DAY, target_group=group), mode, "target_group")
    on_the_day = criterion(person(joined, target_group=group), mode, "target_group")
    assert before.passed is False
    assert on_the_day.passed is admits
    if admits:
        assert before.facts["since"] == on_the_day.facts["since"] == joined
        assert group not in before.facts["eligible"]
        assert group in on_the_day.facts["eligible"]
        assert "§ 2, stk. 1, nr." in on_the_day.legal_reference
    else:
        assert "since" not in before.facts


def test_a_refugee_is_in_the_target_group_on_either_side_of_the_dates() -> None:
    for day in (UKRAINE_FROM - DAY, UKRAINE_FROM, AFGHAN_FROM - DAY, AFGHAN_FROM):
        for mode in ALL_MODES:
            found = criterion(person(day), mode, "target_group")
            assert found.passed and "since" not in found.facts


@pytest.mark.parametrize("mode", ALL_MODES)
def test_before_the_3_month_rule_the_act_barred_only_direct_continuation(mode: str) -> None:
    before = criterion(person(THREE_MONTH_RULE_FROM - DAY), mode, "recent_employment")
    assert before.passed
    assert before.facts["bar"] == "direct_continuation"
    assert before.facts["until"] == THREE_MONTH_RULE_FROM
    assert before.facts["next_months"] == 3
    assert "oprindelig affattelse" in before.legal_reference
    refused = criterion(person(THREE_MONTH_RULE_FROM - DAY, recent_ordinary_employment=True),
                        mode, "recent_employment")
    assert refused.passed is False
    assert refused.facts["bar"] == "direct_continuation"


@pytest.mark.parametrize("mode", ALL_MODES)
def test_from_its_date_the_3_month_rule_applies(mode: str) -> None:
    on_the_day = criterion(person(THREE_MONTH_RULE_FROM), mode, "recent_employment")
    assert on_the_day.passed
    assert on_the_day.facts["bar"] == "months"
    assert on_the_day.facts["months"] == 3
    assert on_the_day.facts["rule_from"] == THREE_MONTH_RULE_FROM
    assert on_the_day.facts["since"] == date(2019, 4, 1)
    assert "L 217 2018-19" in on_the_day.legal_reference
    refused = criterion(person(THREE_MONTH_RULE_FROM, recent_ordinary_employment=True), mode,
                        "recent_employment")
    assert (refused.passed, refused.value) == (False, True)


@pytest.mark.parametrize("code", CATALOGUE.codes)
def test_the_extension_rules_apply_to_courses_from_the_2019_act(code: str) -> None:
    ruleset = CATALOGUE.get(code)
    assert ruleset.as_of(THREE_MONTH_RULE_FROM - DAY).extension is None
    extension = ruleset.as_of(THREE_MONTH_RULE_FROM).extension
    assert extension is not None
    special = extension.ground("special_circumstances")
    sickness = extension.ground("sickness")
    leave = extension.ground("parental_leave")
    assert special and special.mandatory and not special.limited_to_absence
    assert sickness and not sickness.mandatory and sickness.limited_to_absence
    assert sickness.min_continuous_weeks_over == 8
    assert leave and not leave.mandatory and leave.limited_to_absence
    assert "§ 6, stk. 5" in special.source.legal_reference


def test_the_yearly_cap_is_a_notice_under_the_2024_rules_only() -> None:
    assert [n.code for n in notices(CATALOGUE.get("igu-2024").as_of(date(2024, 1, 1)))] == [
        "yearly_cap"]
    assert notices(CATALOGUE.get("igu-2024").as_of(date(2023, 12, 31))) == ()
    assert notices(CATALOGUE.get("igu-2021").as_of(date(2023, 6, 1))) == ()
    cap = assess(person(date(2025, 3, 3)), CATALOGUE, "igu-2024").notices[0]
    assert cap.facts == {"max_per_year": 1500, "pause_months": 3}
    assert cap.legal_reference.startswith("IGU-loven § 3, stk. 3-4")
    # igu-2016 named for a 2025 start: no cap, only that the start lies outside its window.
    assert [n.code for n in assess(person(date(2025, 3, 3)), CATALOGUE, "igu-2016").notices] == [
        "outside_window"]


def test_a_later_change_of_a_value_needs_only_data() -> None:
    data = tomllib.loads((RULES_DIR / "igu-2024.toml").read_text(encoding="utf-8"))
    data["age"]["changes"] = [{"effective_from": date(2026, 1, 1), "date_sureness": "verified",
                               "max_years_exclusive": 55, "sureness": "verified",
                               "legal_reference": "IGU-loven § 3, stk. 1, som ændret 2026"}]
    changed = RuleCatalogue([CATALOGUE.get("igu-2016"), CATALOGUE.get("igu-2021"),
                             parse_ruleset("igu-2024.toml", data)])
    older = person(date(2026, 1, 1), birth_date=date(1973, 1, 1))  # 53 on the start date
    found = assess(older, changed, "igu-2024").criterion("age")
    assert found.passed
    assert found.legal_reference == "IGU-loven § 3, stk. 1, som ændret 2026"
    before = assess(replace(older, start_date=date(2025, 12, 31)), changed, "igu-2024")
    assert before.criterion("age").passed is False

