"""The schooling plan's rules, each at its boundary, under every shipped rule set.

Most cases use the 20-week rules (igu-2016); a made-up rule part checks that
the rules read their limits from the rule set and not from anywhere else.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from igu_admin.domain.agreement_rules import end_date
from igu_admin.domain.rule_parts import SchoolingRule
from igu_admin.domain.rulesets import load_catalogue
from igu_admin.domain.schooling import (
    ERROR_CODES,
    WARNING_CODES,
    PlanCheck,
    PlanContext,
    PlanElement,
    check_plan,
    counted_hours,
    plan_deadline,
    public_holidays,
    spread_by_week,
    working_days,
)
from igu_admin.paths import RULES_DIR

CATALOGUE = load_catalogue(RULES_DIR)
START = date(2027, 1, 4)  # a Monday
RS_2016 = CATALOGUE.get("igu-2016").as_of(date(2019, 1, 7))
RS_2024 = CATALOGUE.get("igu-2024").as_of(START)
PERIOD_END = end_date(START, RS_2016.course)


def context(passed: bool = False, weekly_hours: str | None = "37",
            start: date = START) -> PlanContext:
    return PlanContext(start, end_date(start, RS_2016.course),
                       None if weekly_hours is None else Decimal(weekly_hours), passed)


def week_of(kind: str, monday: date, hours: str = "37", days: int = 5) -> PlanElement:
    return PlanElement(kind, monday, monday + timedelta(days=days - 1), Decimal(hours))


def weeks_of_amu(count: int, first: date = START, hours: str = "37") -> list[PlanElement]:
    """`count` school weeks of AMU, one every other week (no holidays in January-March 2027)."""
    return [week_of("amu", first + timedelta(weeks=2 * n), hours) for n in range(count)]


def check(elements: list[PlanElement], ctx: PlanContext | None = None,
          rs: object = RS_2016) -> PlanCheck:
    return check_plan(elements, ctx or context(), rs.schooling, rs.course)  # type: ignore[attr-defined]


def codes(found: tuple[object, ...]) -> list[str]:
    return [f.code for f in found]  # type: ignore[attr-defined]


def plan_of_20_weeks() -> list[PlanElement]:
    # 20 weeks of 37 hours, spread over the first year's weekdays without holidays.
    mondays = [START + timedelta(weeks=n) for n in range(0, 60)]
    free = [m for m in mondays if working_days(m, m + timedelta(days=4)) == 5]
    return [week_of("amu", m) for m in free[:20]]


class TestWeeks:
    def test_exactly_the_required_weeks_pass(self) -> None:
        result = check(plan_of_20_weeks())
        assert result.valid, result.errors
        assert result.counted_weeks == Decimal("20.0")
        assert result.required_weeks == 20
        assert result.warnings == ()

    def test_a_tenth_of_a_week_less_fails(self) -> None:
        elements = plan_of_20_weeks()
        # 0.1 week = 3.7 hours less in the last element.
        elements[-1] = replace(elements[-1], hours=Decimal("33.3"))
        result = check(elements)
        assert codes(result.errors) == ["weeks_short"]
        assert result.counted_weeks == Decimal("19.9")
        assert result.errors[0].params["missing_hours"] == Decimal("3.7")

    def test_a_hundredth_of_an_hour_short_still_fails_and_shows_less_than_20(self) -> None:
        elements = plan_of_20_weeks()
        elements[-1] = replace(elements[-1], hours=Decimal("36.99"))
        result = check(elements)
        assert codes(result.errors) == ["weeks_short"]
        assert result.counted_weeks == Decimal("19.9")

    def test_more_than_required_is_a_warning(self) -> None:
        elements = [*plan_of_20_weeks(), week_of("amu", date(2028, 6, 12))]
        result = check(elements)
        assert result.valid
        assert codes(result.warnings) == ["weeks_over_required"]
        assert result.counted_weeks == Decimal("21.0")

    def test_the_23_week_rules_require_23(self) -> None:
        result = check_plan(plan_of_20_weeks(), context(), RS_2024.schooling, RS_2024.course)
        assert result.required_weeks == 23
        assert codes(result.errors) == ["weeks_short"]

    def test_an_empty_plan_misses_amu_and_weeks(self) -> None:
        result = check([])
        assert codes(result.errors) == ["required_kind_missing", "weeks_short"]
        assert result.counted_weeks == Decimal("0.0")


class TestWeighting:
    @pytest.mark.parametrize("kind", ["danish", "fvu", "avu", "hf"])
    def test_these_kinds_count_double_under_the_20_week_rules(self, kind: str) -> None:
        elements = [PlanElement(kind, START, START, Decimal("10")),
                    PlanElement("amu", START, START, Decimal("5"))]
        assert counted_hours(elements, RS_2016.schooling) == Decimal("25")

    @pytest.mark.parametrize("kind", ["amu", "fgu"])
    def test_these_count_once(self, kind: str) -> None:
        assert counted_hours([PlanElement(kind, START, START, Decimal("10"))],
                             RS_2016.schooling) == Decimal("10")

    def test_nothing_counts_double_under_the_23_week_rules(self) -> None:
        assert counted_hours([PlanElement("danish", START, START, Decimal("10"))],
                             RS_2024.schooling) == Decimal("10")

    def test_ten_weeks_of_danish_and_ten_of_amu_hours_reach_the_20_weeks_with_half_the_hours(
            self) -> None:
        # 10 weeks x 37 h of AMU + 5 weeks x 37 h of Danish (counted double) = 20 weeks.
        elements = weeks_of_amu(10) + [week_of("danish", date(2027, 8, 2) + timedelta(weeks=2 * n))
                                       for n in range(5)]
        result = check(elements)
        assert result.valid, result.errors
        assert result.counted_weeks == Decimal("20.0")

    def test_the_weighting_is_read_from_the_rule_set(self) -> None:
        rule = replace(RS_2016.schooling, double_counted_kinds=frozenset({"fgu"}))
        assert counted_hours([PlanElement("fgu", START, START, Decimal("10")),
                              PlanElement("danish", START, START, Decimal("10"))],
                             rule) == Decimal("30")


class TestPeriod:
    def test_an_element_ending_on_the_last_day_passes(self) -> None:
        last = PERIOD_END
        element = PlanElement("amu", last - timedelta(days=3), last, Decimal("7"))
        assert "outside_period" not in codes(check([element]).errors)

    def test_an_element_ending_a_day_later_fails(self) -> None:
        last = PERIOD_END + timedelta(days=1)
        result = check([PlanElement("amu", last - timedelta(days=3), last, Decimal("7"))])
        assert "outside_period" in codes(result.errors)
        finding = next(f for f in result.errors if f.code == "outside_period")
        assert finding.item == 0
        assert finding.params["period_end"] == PERIOD_END

    def test_an_element_starting_before_the_start_fails(self) -> None:
        result = check([PlanElement("amu", START - timedelta(days=1), START, Decimal("7"))])
        assert "outside_period" in codes(result.errors)

    def test_reversed_dates_are_an_error_on_the_element(self) -> None:
        result = check([PlanElement("amu", START + timedelta(days=2), START, Decimal("7"))])
        finding = next(f for f in result.errors if f.code == "dates_reversed")
        assert finding.item == 0


class TestWeekLoad:
    def test_37_hours_in_one_week_pass(self) -> None:
        result = check([week_of("amu", START, "20"), week_of("fgu", START, "17")])
        assert "week_over_limit" not in codes(result.errors)

    def test_37_and_a_half_hours_in_one_week_fail(self) -> None:
        result = check([week_of("amu", START, "20"), week_of("fgu", START, "17.5")])
        finding = next(f for f in result.errors if f.code == "week_over_limit")
        assert finding.item == 0
        assert finding.params["items"] == (0, 1)
        assert finding.params["hours"] == Decimal("37.50")
        assert finding.params["week"] == 1

    def test_hours_spread_over_two_weeks_are_judged_week_by_week(self) -> None:
        # 74 hours from Monday to the next Friday: 37 in each week, not 74 in one.
        element = PlanElement("amu", START, START + timedelta(days=11), Decimal("74"))
        assert spread_by_week(element) == {START: 37, START + timedelta(weeks=1): 37}
        assert "week_over_limit" not in codes(check([element]).errors)

    def test_a_long_course_is_light_in_every_week(self) -> None:
        element = PlanElement("danish", START, START + timedelta(days=363), Decimal("370"))
        assert max(spread_by_week(element).values()) < 37


class TestAmuAndDanishTest:
    def test_amu_is_required(self) -> None:
        result = check([week_of("fgu", START + timedelta(weeks=2 * n)) for n in range(20)])
        assert codes(result.errors) == ["required_kind_missing"]
        assert result.errors[0].params["kind"] == "amu"

    def test_after_a_passed_danish_test_exactly_8_weeks_of_amu_pass(self) -> None:
        elements = weeks_of_amu(8) + [week_of("fgu", date(2027, 8, 2) + timedelta(weeks=2 * n))
                                      for n in range(12)]
        result = check(elements, context(passed=True))
        assert result.valid, result.errors

    def test_after_a_passed_danish_test_less_than_8_weeks_of_amu_fail(self) -> None:
        elements = weeks_of_amu(8) + [week_of("fgu", date(2027, 8, 2) + timedelta(weeks=2 * n))
                                      for n in range(12)]
        elements[0] = replace(elements[0], hours=Decimal("36.9"))
        elements.append(PlanElement("fgu", date(2028, 9, 4), date(2028, 9, 4), Decimal("0.1")))
        result = check(elements, context(passed=True))
        assert codes(result.errors) == ["amu_below_minimum_after_danish_test"]

    def test_without_a_passed_test_less_amu_is_fine(self) -> None:
        elements = weeks_of_amu(1) + [week_of("fgu", date(2027, 8, 2) + timedelta(weeks=2 * n))
                                      for n in range(19)]
        assert check(elements).valid

    def test_danish_is_refused_after_a_passed_test_under_the_20_week_rules(self) -> None:
        elements = weeks_of_amu(8) + [week_of("danish", date(2027, 8, 2) + timedelta(weeks=2 * n))
                                      for n in range(6)]
        result = check(elements, context(passed=True))
        refused = [f for f in result.errors if f.code == "danish_not_allowed_after_danish_test"]
        assert [f.item for f in refused] == list(range(8, 14))

    def test_danish_is_allowed_after_a_passed_test_under_the_23_week_rules(self) -> None:
        elements = weeks_of_amu(8) + [week_of("danish", date(2027, 8, 2) + timedelta(weeks=2 * n))
                                      for n in range(15)]
        result = check_plan(elements, context(passed=True), RS_2024.schooling, RS_2024.course)
        assert result.valid, result.errors

    def test_a_kind_the_rule_set_does_not_allow_is_an_error(self) -> None:
        rule = replace(RS_2016.schooling, allowed_kinds=frozenset({"amu"}))
        result = check_plan([week_of("fgu", START)], context(), rule, RS_2016.course)
        assert "kind_not_allowed" in codes(result.errors)

    def test_the_amu_minimum_is_read_from_the_rule_set(self) -> None:
        rule: SchoolingRule = replace(RS_2016.schooling, min_amu_weeks_after_danish_test=2)
        elements = weeks_of_amu(2) + [week_of("fgu", date(2027, 8, 2) + timedelta(weeks=2 * n))
                                      for n in range(18)]
        assert check_plan(elements, context(passed=True), rule, RS_2016.course).valid


class TestWorkingDays:
    def test_easter_2027_takes_three_weekdays_off(self) -> None:
        # Maundy Thursday 25 March, Good Friday 26 March, Easter Monday 29 March 2027.
        assert working_days(date(2027, 3, 22), date(2027, 4, 2)) == 10 - 3

    def test_a_course_over_easter_with_full_days_warns(self) -> None:
        element = PlanElement("amu", date(2027, 3, 22), date(2027, 4, 2), Decimal("74"))
        result = check([element])
        warning = next(f for f in result.warnings if f.code == "hours_exceed_working_days")
        assert warning.item == 0
        assert warning.params["working_days"] == 7
        assert warning.params["max_hours"] == Decimal("51.8")

    def test_a_course_over_easter_that_fits_does_not_warn(self) -> None:
        element = PlanElement("amu", date(2027, 3, 22), date(2027, 4, 2), Decimal("51.8"))
        assert "hours_exceed_working_days" not in codes(check([element]).warnings)

    def test_hours_fall_on_working_days_only(self) -> None:
        element = PlanElement("amu", date(2027, 3, 22), date(2027, 4, 2), Decimal("70"))
        # 4 working days in Easter week (Mon-Wed of the 22nd... plus none Thu/Fri) : 3, and 4 after.
        spread = spread_by_week(element)
        assert spread[date(2027, 3, 22)] == 30
        assert spread[date(2027, 3, 29)] == 40

    def test_store_bededag_is_gone_from_2024(self) -> None:
        assert date(2023, 5, 5) in public_holidays(2023, 2023)
        assert not any(day.month == 4 and day.day == 26 for day in public_holidays(2024, 2024))
        assert working_days(date(2024, 4, 22), date(2024, 4, 26)) == 5

    def test_holidays_are_named_in_danish_and_english(self) -> None:
        assert public_holidays(2027, 2027)[date(2027, 12, 25)] == "Juledag"
        assert public_holidays(2027, 2027, "en_US")[date(2027, 12, 25)] == "Christmas Day"

    def test_a_weekend_course_is_spread_over_its_days(self) -> None:
        saturday = date(2027, 1, 9)
        element = PlanElement("amu", saturday, saturday + timedelta(days=1), Decimal("10"))
        assert spread_by_week(element) == {date(2027, 1, 4): 10}
        assert "hours_exceed_working_days" in codes(check([element]).warnings)


class TestWorkplaceShare:
    def test_37_hours_a_week_leave_enough_for_the_workplace(self) -> None:
        assert "workplace_share_low" not in codes(check(plan_of_20_weeks()).errors)

    def test_too_few_weekly_hours_leave_too_little(self) -> None:
        result = check(plan_of_20_weeks(), context(weekly_hours="30"))
        finding = next(f for f in result.errors if f.code == "workplace_share_low")
        assert finding.params["minimum"] == 25
        assert finding.params["average"] < 25

    def test_the_boundary_is_at_the_minimum_average(self) -> None:
        # Period of 731 days; 740 school hours. Weekly hours h give an average of
        # h - 740 * 7 / 731; exactly 25 passes.
        ctx = context(weekly_hours=None)
        weeks_in_period = Decimal((ctx.period_end - ctx.period_start).days + 1) / 7
        enough = Decimal(25) + Decimal(740) / weeks_in_period
        ok = check(plan_of_20_weeks(), replace(ctx, weekly_hours=enough.quantize(
            Decimal("0.01")) + Decimal("0.01")))
        short = check(plan_of_20_weeks(), replace(ctx, weekly_hours=enough.quantize(
            Decimal("0.01")) - Decimal("0.01")))
        assert "workplace_share_low" not in codes(ok.errors)
        assert "workplace_share_low" in codes(short.errors)

    def test_unknown_weekly_hours_are_not_judged(self) -> None:
        assert "workplace_share_low" not in codes(check(plan_of_20_weeks(),
                                                        context(weekly_hours=None)).errors)


@pytest.mark.parametrize("code", CATALOGUE.codes)
def test_every_rule_set_judges_a_plan_of_its_own_required_weeks_valid(code: str) -> None:
    rs = CATALOGUE.get(code)
    rs = rs.as_of(rs.window.applies_from)
    weeks = rs.schooling.weeks
    start = rs.window.applies_from
    ctx = PlanContext(start, end_date(start, rs.course), Decimal(37), False)
    mondays = [start + timedelta(days=(7 - start.weekday()) % 7) + timedelta(weeks=n)
               for n in range(80)]
    free = [m for m in mondays if working_days(m, m + timedelta(days=4)) == 5][:weeks]
    result = check_plan([week_of("amu", m, str(rs.schooling.hours_per_week)) for m in free], ctx,
                        rs.schooling, rs.course)
    assert result.valid, result.errors
    assert result.required_weeks == weeks
    short = check_plan([week_of("amu", m) for m in free[:-1]], ctx, rs.schooling, rs.course)
    assert "weeks_short" in codes(short.errors)


def test_every_code_is_listed() -> None:
    assert len(set(ERROR_CODES)) == len(ERROR_CODES)
    assert not set(ERROR_CODES) & set(WARNING_CODES)


class TestCourseNumberPeriodAndDeadline:
    """Added with the plan's service (issue 8): the AMU number, an agreement
    without a period, spreading only within the period, and the deadline."""

    def test_an_amu_element_given_an_empty_number_is_an_error_on_it(self) -> None:
        elements = plan_of_20_weeks()
        elements[3] = replace(elements[3], course_number="")
        elements[4] = replace(elements[4], course_number="42994")
        result = check(elements)
        assert [(f.code, f.item) for f in result.errors] == [("course_number_missing", 3)]

    def test_a_number_not_given_is_not_judged_and_other_kinds_need_none(self) -> None:
        assert check(plan_of_20_weeks()).valid
        elements = [*plan_of_20_weeks(), replace(week_of("fgu", date(2027, 9, 6)),
                                                 course_number="")]
        assert "course_number_missing" not in codes(check(elements).errors)

    def test_without_a_period_the_period_rules_wait_and_submission_is_blocked(self) -> None:
        unknown = PlanContext(None, None, Decimal(37), False)
        elements = plan_of_20_weeks()
        elements[0] = week_of("amu", date(2020, 1, 6))  # would be outside any period
        result = check(elements, unknown)
        assert codes(result.errors) == ["period_unknown"]
        assert result.counted_weeks == Decimal("20.0")

    def test_week_loads_are_judged_within_the_period_only(self) -> None:
        before = START - timedelta(weeks=1)
        doubled = [week_of("amu", before), week_of("amu", before)]
        result = check([*plan_of_20_weeks(), *doubled])
        assert set(codes(result.errors)) == {"outside_period"}
        inside = check([*plan_of_20_weeks(), week_of("amu", date(2027, 1, 4), "1")])
        assert codes(inside.errors) == ["week_over_limit"]

    def test_the_plan_is_due_at_the_end_of_the_first_month_of_employment(self) -> None:
        rule = RS_2016.schooling
        assert rule.plan_deadline_months == 1
        assert plan_deadline(date(2027, 3, 2), rule) == date(2027, 4, 1)
        assert plan_deadline(date(2027, 1, 1), rule) == date(2027, 1, 31)
        assert plan_deadline(date(2027, 1, 31), rule) == date(2027, 2, 27)
        assert plan_deadline(date(2028, 1, 31), rule) == date(2028, 2, 28)

    def test_the_deadline_is_read_from_the_rule_set(self) -> None:
        rule = replace(RS_2016.schooling, plan_deadline_months=2)
        assert plan_deadline(date(2027, 3, 2), rule) == date(2027, 5, 1)

    @pytest.mark.parametrize("code", CATALOGUE.codes)
    def test_every_rule_set_gives_the_deadline_a_guidance_source(self, code: str) -> None:
        schooling = CATALOGUE.get(code).schooling
        assert schooling.plan_deadline_months == 1
        assert "første måned af ansættelsen" in schooling.source_of(
            "plan_deadline_months").legal_reference
