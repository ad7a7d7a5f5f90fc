"""The course's later events, rule by rule, at every boundary: an extension's
period and reason, an early end's date, completion, activation and when a
planned termination takes effect."""

from datetime import date

import pytest

from igu_admin.domain import course_events as ce
from igu_admin.domain.course_events import CoursePeriod, ExtensionRequest, OtherExtension
from igu_admin.domain.rule_parts import ExtensionGround, ExtensionRule, Source
from igu_admin.domain.rulesets import load_catalogue
from igu_admin.paths import RULES_DIR

SOURCE = Source("test", "verified")
COURSE = CoursePeriod(date(2026, 3, 2), date(2028, 3, 1))


def rule(sickness_weeks: int | None = 4, grounds: tuple[str, ...] = (
        "special_circumstances", "parental_leave", "sickness")) -> ExtensionRule:
    """An extension part unlike the shipped one (4 weeks, not 8), so that the
    tests see the value come from the rule."""
    made = {
        "special_circumstances": ExtensionGround("special_circumstances", True, False, None,
                                                 SOURCE),
        "parental_leave": ExtensionGround("parental_leave", False, True, None, SOURCE),
        "sickness": ExtensionGround("sickness", False, True, sickness_weeks, SOURCE),
    }
    return ExtensionRule(source=SOURCE, grounds=tuple(made[g] for g in grounds))


def codes(problems) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in problems]


def ask(first: date, last: date, reason: str = "parental_leave", **kwargs):
    return ce.check_extension(ExtensionRequest(first, last, reason), COURSE,
                              kwargs.pop("rule", rule()), **kwargs)


# -- an extension's period -----------------------------------------------

@pytest.mark.parametrize(("first", "last"), [
    (date(2026, 3, 2), date(2026, 3, 2)),  # the first day of the course
    (date(2028, 3, 1), date(2028, 3, 1)),  # its last day
    (date(2026, 3, 2), date(2028, 3, 1)),  # all of it
])
def test_a_period_within_the_course_passes(first: date, last: date) -> None:
    assert ask(first, last) == ()


def test_a_period_starting_the_day_before_the_course_is_refused_at_from() -> None:
    problems = ask(date(2026, 3, 1), date(2026, 4, 1))
    assert codes(problems) == [("from", "before_course_start")]
    assert problems[0].params == {"start": COURSE.start}


def test_a_period_ending_the_day_after_the_course_is_refused_at_to() -> None:
    problems = ask(date(2028, 1, 1), date(2028, 3, 2))
    assert codes(problems) == [("to", "after_course_end")]
    assert problems[0].params == {"end": COURSE.end}


def test_both_days_outside_the_course_are_both_named() -> None:
    assert codes(ask(date(2025, 1, 1), date(2030, 1, 1))) == [("from", "before_course_start"),
                                                              ("to", "after_course_end")]


def test_a_period_ending_before_it_starts_is_refused_at_to() -> None:
    assert codes(ask(date(2026, 5, 2), date(2026, 5, 1))) == [("to", "period_reversed")]


def test_the_current_end_counts_not_the_original_one() -> None:
    extended = CoursePeriod(COURSE.start, date(2028, 6, 1))
    assert ce.check_extension(ExtensionRequest(date(2028, 5, 1), date(2028, 6, 1),
                                               "parental_leave"), extended, rule()) == ()


def test_dates_are_judged_against_the_course_not_today() -> None:
    """A leave that starts next month (or years ahead) can be asked for now."""
    assert ask(date(2027, 9, 1), date(2027, 12, 31)) == ()


# -- the reason and the rule set ----------------------------------------

@pytest.mark.parametrize("reason", ["parental_leave", "sickness", "schooling"])
def test_each_api_reason_maps_to_a_ground_of_the_rule(reason: str) -> None:
    assert ask(date(2026, 5, 1), date(2026, 8, 1), reason) == ()


def test_schooling_stands_for_the_special_circumstances_ground() -> None:
    without = rule(grounds=("parental_leave", "sickness"))
    problems = ask(date(2026, 5, 1), date(2026, 8, 1), "schooling", rule=without)
    assert codes(problems) == [("reason", "extension_reason_not_in_rules")]


def test_no_extension_part_for_the_start_date_refuses_every_reason() -> None:
    problems = ask(date(2026, 5, 1), date(2026, 8, 1), rule=None)
    assert codes(problems) == [("reason", "extension_reason_not_in_rules")]


def test_an_unknown_reason_is_refused() -> None:
    assert codes(ask(date(2026, 5, 1), date(2026, 8, 1), "holiday")) == [
        ("reason", "extension_reason_not_in_rules")]


# -- sickness longer than the rule's weeks -------------------------------

def test_sickness_of_exactly_the_rules_weeks_is_refused() -> None:
    # 4 weeks = 28 days, 2 March to 29 March; "more than 4 weeks" needs 29.
    problems = ask(date(2026, 3, 2), date(2026, 3, 29), "sickness")
    assert codes(problems) == [("to", "absence_too_short")]
    assert problems[0].params == {"weeks": 4}


def test_sickness_one_day_longer_than_the_rules_weeks_passes() -> None:
    assert ask(date(2026, 3, 2), date(2026, 3, 30), "sickness") == ()


def test_the_weeks_are_the_rules_and_other_grounds_have_no_minimum() -> None:
    period = (date(2026, 3, 2), date(2026, 3, 30))  # 29 days
    assert codes(ask(*period, "sickness", rule=rule(sickness_weeks=8))) == [
        ("to", "absence_too_short")]
    assert ask(date(2026, 3, 2), date(2026, 3, 2), "parental_leave") == ()


def test_the_shipped_rules_ask_for_more_than_8_weeks_of_sickness() -> None:
    shipped = load_catalogue(RULES_DIR).get("igu-2024").as_of(date(2024, 3, 1)).extension
    day_56 = ce.check_extension(ExtensionRequest(date(2024, 3, 1), date(2024, 4, 25), "sickness"),
                                CoursePeriod(date(2024, 3, 1), date(2026, 2, 28)), shipped)
    day_57 = ce.check_extension(ExtensionRequest(date(2024, 3, 1), date(2024, 4, 26), "sickness"),
                                CoursePeriod(date(2024, 3, 1), date(2026, 2, 28)), shipped)
    assert codes(day_56) == [("to", "absence_too_short")] and day_57 == ()


def test_courses_started_before_the_extension_rules_have_none() -> None:
    catalogue = load_catalogue(RULES_DIR).get("igu-2016")
    assert catalogue.as_of(date(2019, 6, 30)).extension is None
    assert catalogue.as_of(date(2019, 7, 1)).extension is not None


# -- overlap with other extensions ---------------------------------------

@pytest.mark.parametrize(("first", "last", "overlaps"), [
    (date(2026, 5, 1), date(2026, 5, 31), True),   # the same period
    (date(2026, 4, 1), date(2026, 5, 1), True),    # ends on its first day
    (date(2026, 5, 31), date(2026, 6, 30), True),  # starts on its last day
    (date(2026, 4, 1), date(2026, 4, 30), False),  # ends the day before
    (date(2026, 6, 1), date(2026, 6, 30), False),  # starts the day after
])
def test_an_absence_extends_the_course_once(first: date, last: date, overlaps: bool) -> None:
    other = OtherExtension(2, date(2026, 5, 1), date(2026, 5, 31))
    problems = ask(first, last, others=[other])
    assert codes(problems) == ([("from", "overlaps_extension")] if overlaps else [])
    if overlaps:
        assert problems[0].params == {"number": 2}


# -- the end date moves by the period -------------------------------------

def test_the_days_count_both_ends() -> None:
    assert ce.period_days(date(2026, 5, 1), date(2026, 5, 1)) == 1
    assert ce.period_days(date(2026, 5, 1), date(2026, 5, 31)) == 31


def test_an_approved_extension_moves_the_end_by_its_days() -> None:
    assert ce.extended_end(date(2028, 3, 1), date(2026, 5, 1), date(2026, 5, 31)) == date(
        2028, 4, 1)


def test_the_original_end_is_derived_from_the_approved_extensions() -> None:
    moved = ce.extended_end(ce.extended_end(date(2028, 3, 1), date(2026, 5, 1),
                                            date(2026, 5, 31)), date(2027, 1, 1),
                            date(2027, 1, 10))
    assert ce.original_end(moved, [(date(2026, 5, 1), date(2026, 5, 31)),
                                   (date(2027, 1, 1), date(2027, 1, 10))]) == date(2028, 3, 1)
    assert ce.original_end(date(2028, 3, 1), []) == date(2028, 3, 1)


# -- an early end -------------------------------------------------------------

@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 3, 1), [("date", "before_course_start")]),
    (date(2026, 3, 2), []),
    (date(2028, 3, 1), []),
    (date(2028, 3, 2), [("date", "after_course_end")]),
])
def test_a_termination_date_lies_within_the_course(day: date, expected: list) -> None:
    assert codes(ce.check_termination(day, COURSE)) == expected


@pytest.mark.parametrize(("as_of", "in_effect"), [
    (date(2026, 9, 29), False), (date(2026, 9, 30), True), (date(2026, 10, 1), True)])
def test_a_termination_takes_effect_on_its_date(as_of: date, in_effect: bool) -> None:
    assert ce.termination_in_effect(date(2026, 9, 30), as_of) is in_effect


def test_a_continuation_starts_the_day_after_the_last_day() -> None:
    assert ce.continuation_start(date(2026, 12, 31)) == date(2027, 1, 1)


# -- completion and activation ----------------------------------------------

@pytest.mark.parametrize(("as_of", "expected"), [
    (date(2028, 2, 29), [("end_date", "course_not_ended")]),
    (date(2028, 3, 1), []),
    (date(2029, 1, 1), []),
])
def test_completion_is_confirmed_on_or_after_the_end_date(as_of: date, expected: list) -> None:
    problems = ce.check_completion(COURSE, as_of)
    assert codes(problems) == expected
    if expected:
        assert problems[0].params == {"end": COURSE.end}


@pytest.mark.parametrize(("as_of", "due"), [
    (date(2026, 3, 1), False), (date(2026, 3, 2), True), (date(2026, 4, 2), True)])
def test_a_course_becomes_active_on_its_start_date(as_of: date, due: bool) -> None:
    assert ce.activation_due(date(2026, 3, 2), as_of) is due
