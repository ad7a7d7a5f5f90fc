"""The bonus schedule of a course: due dates, amounts, employers and cancellations."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from igu_admin.domain.dates import EARLIEST, LATEST
from igu_admin.domain.milestones import (
    TERMINATED,
    CourseFacts,
    EmployerPeriod,
    Extension,
    Period,
    ScheduledClaim,
    extension_problems,
    one_employer,
    programme_year,
    schedule,
)
from igu_admin.domain.rulesets import load_catalogue
from igu_admin.paths import RULES_DIR

CATALOGUE = load_catalogue(RULES_DIR)
RULES = CATALOGUE.get("igu-2024")
SIX, COMPLETION, MUNICIPAL = ("company_bonus_6_months", "company_bonus_completion",
                              "municipality_result_grant")


def claims(facts: CourseFacts, ruleset=RULES) -> dict[str, ScheduledClaim]:
    return {c.claim_type: c for c in schedule(ruleset, facts).claims}


def due(facts: CourseFacts, code: str) -> date:
    return claims(facts)[code].due_date


def sick(start: date, end: date) -> Extension:
    return Extension(start, end, "sickness")


# Due dates and month ends

@pytest.mark.parametrize(("start", "six_months_due", "end", "completion_due"), [
    (date(2026, 3, 1), date(2026, 9, 1), date(2028, 2, 29), date(2028, 3, 1)),
    (date(2026, 3, 2), date(2026, 9, 2), date(2028, 3, 1), date(2028, 3, 2)),
    # Six months from the 31st end with February's last day; the course ends
    # the day before the same date two years on.
    (date(2026, 8, 31), date(2027, 2, 28), date(2028, 8, 30), date(2028, 8, 31)),
    (date(2027, 8, 31), date(2028, 2, 29), date(2029, 8, 30), date(2029, 8, 31)),
    (date(2027, 8, 29), date(2028, 2, 29), date(2029, 8, 28), date(2029, 8, 29)),
    # A start on 29 February.
    (date(2028, 2, 29), date(2028, 8, 29), date(2030, 2, 27), date(2030, 2, 28)),
    (date(2026, 12, 31), date(2027, 6, 30), date(2028, 12, 30), date(2028, 12, 31)),
])
def test_a_claim_falls_due_the_day_after_its_milestone(start: date, six_months_due: date,
                                                       end: date, completion_due: date) -> None:
    result = schedule(RULES, one_employer(start, True))
    assert result.end_date == end
    assert [(c.claim_type, c.due_date) for c in result.claims] == [
        (SIX, six_months_due), (COMPLETION, completion_due)]


def test_company_claims_are_20000_and_only_the_completion_claim_has_a_deadline() -> None:
    found = claims(one_employer(date(2026, 3, 1), True))
    assert found[SIX].amount == found[COMPLETION].amount == Decimal("20000.00")
    assert found[SIX].deadline is None
    assert found[COMPLETION].deadline == date(2029, 3, 1)  # 12 months after the due date
    assert found[SIX].employer_period == found[COMPLETION].employer_period == 0
    assert found[SIX].cancelled is None


def test_a_deadline_from_29_february_ends_with_february() -> None:
    start = date(2026, 2, 28)  # ends 2028-02-27: due 2028-02-28
    assert claims(one_employer(start, True))[COMPLETION].deadline == date(2029, 2, 28)
    ext = Extension(date(2028, 2, 1), date(2028, 2, 1), "special_circumstances")
    moved = claims(one_employer(start, True, extensions=[ext]))[COMPLETION]
    assert moved.due_date == date(2028, 2, 29)
    assert moved.deadline == date(2029, 2, 28)


@pytest.mark.parametrize(("code", "start", "six_months_due", "end", "amount"), [
    ("igu-2016", date(2016, 7, 1), date(2017, 1, 1), date(2018, 6, 30), Decimal("76500.00")),
    ("igu-2021", date(2021, 5, 1), date(2021, 11, 1), date(2023, 4, 30), Decimal("76500.00")),
    ("igu-2024", date(2024, 1, 1), date(2024, 7, 1), date(2025, 12, 31), Decimal("88817.00")),
])
def test_every_rule_set_schedules_every_claim_type(code: str, start: date, six_months_due: date,
                                                   end: date, amount: Decimal) -> None:
    result = schedule(CATALOGUE.get(code),
                      one_employer(start, True, integration_programme_start=start))
    assert result.end_date == end
    assert [(c.claim_type, c.due_date, c.amount) for c in result.claims] == [
        (SIX, six_months_due, Decimal("20000.00")),
        (COMPLETION, end + timedelta(days=1), Decimal("20000.00")),
        (MUNICIPAL, six_months_due, amount)]


# Extensions

def test_the_end_and_the_completion_claim_move_by_the_extension() -> None:
    ext = sick(date(2027, 5, 1), date(2027, 7, 15))  # 76 days, after the 6 months
    result = schedule(RULES, one_employer(date(2026, 3, 1), True, extensions=[ext]))
    assert result.end_date == date(2028, 2, 29) + timedelta(days=76)
    found = {c.claim_type: c for c in result.claims}
    assert found[SIX].due_date == date(2026, 9, 1)
    assert found[COMPLETION].due_date == date(2028, 5, 16)


@pytest.mark.parametrize(("ext", "six_months_due"), [
    # One day counts.
    (sick(date(2026, 4, 1), date(2026, 4, 1)), date(2026, 9, 2)),
    # Beginning on the last day of the six months: it moves the claim.
    (sick(date(2026, 8, 31), date(2026, 8, 31)), date(2026, 9, 2)),
    # Beginning on the due date: the milestone was met the day before.
    (sick(date(2026, 9, 1), date(2026, 12, 31)), date(2026, 9, 1)),
    # Straddling the due date: none of its 61 days are served, all move it.
    (sick(date(2026, 8, 1), date(2026, 9, 30)), date(2026, 9, 1) + timedelta(days=61)),
])
def test_the_6_month_claim_moves_only_for_an_extension_beginning_before_it(
        ext: Extension, six_months_due: date) -> None:
    assert due(one_employer(date(2026, 3, 1), True, extensions=[ext]), SIX) == six_months_due


def test_an_extension_that_begins_before_the_moved_due_date_moves_it_too() -> None:
    first = sick(date(2026, 8, 1), date(2026, 8, 31))  # 31 days: due 2026-10-02
    second = Extension(date(2026, 10, 1), date(2026, 10, 10), "parental_leave")  # 10 days
    facts = one_employer(date(2026, 3, 1), True, extensions=[second, first])
    assert due(facts, SIX) == date(2026, 10, 12)
    assert schedule(RULES, facts).end_date == date(2028, 2, 29) + timedelta(days=41)


def test_overlapping_extensions_count_once() -> None:
    facts = one_employer(date(2026, 3, 1), True, extensions=[
        sick(date(2026, 5, 1), date(2026, 5, 31)),
        Extension(date(2026, 5, 20), date(2026, 6, 9), "parental_leave")])  # 1 May - 9 June
    assert due(facts, SIX) == date(2026, 9, 1) + timedelta(days=40)
    assert schedule(RULES, facts).end_date == date(2028, 2, 29) + timedelta(days=40)


def test_days_before_the_start_do_not_count() -> None:
    facts = one_employer(date(2026, 3, 1), True,
                         extensions=[sick(date(2026, 2, 20), date(2026, 3, 2))])
    assert due(facts, SIX) == date(2026, 9, 3)


# Early end

@pytest.mark.parametrize(("terminated_on", "six_months_cancelled"), [
    (date(2026, 3, 1), True),    # the first day
    (date(2026, 8, 30), True),   # two days before the due date
    (date(2026, 8, 31), False),  # the last day of the six months: they are complete
    (date(2026, 9, 1), False),   # the due date
    (date(2027, 1, 1), False),
])
def test_an_early_end_cancels_the_claims_not_reached(terminated_on: date,
                                                     six_months_cancelled: bool) -> None:
    found = claims(one_employer(date(2026, 3, 1), True, terminated_on=terminated_on,
                                integration_programme_start=date(2025, 1, 1)))
    six = TERMINATED if six_months_cancelled else None
    assert found[SIX].cancelled == six
    assert found[MUNICIPAL].cancelled == six
    assert found[COMPLETION].cancelled == TERMINATED
    # A cancelled claim keeps the date it would have fallen due.
    assert found[SIX].due_date == date(2026, 9, 1)


@pytest.mark.parametrize(("terminated_on", "cancelled"), [
    (date(2028, 2, 28), TERMINATED), (date(2028, 2, 29), None), (date(2028, 3, 1), None)])
def test_the_completion_claim_needs_the_course_to_its_last_day(terminated_on: date,
                                                               cancelled: str | None) -> None:
    found = claims(one_employer(date(2026, 3, 1), True, terminated_on=terminated_on))
    assert found[COMPLETION].cancelled == cancelled


def test_an_extension_can_move_a_claim_past_an_early_end() -> None:
    facts = one_employer(date(2026, 3, 1), True, terminated_on=date(2026, 9, 15),
                         extensions=[sick(date(2026, 6, 1), date(2026, 8, 31))])
    assert claims(facts)[SIX].cancelled == TERMINATED


def test_the_schedule_lists_due_and_cancelled_claims_apart() -> None:
    result = schedule(RULES, one_employer(date(2026, 3, 1), True, terminated_on=date(2027, 1, 1)))
    assert [c.claim_type for c in result.due] == [SIX]
    assert [c.claim_type for c in result.cancelled] == [COMPLETION]


# Employers

def test_a_public_employer_gets_no_company_claims_but_the_municipality_does() -> None:
    found = claims(one_employer(date(2026, 3, 1), False,
                                integration_programme_start=date(2025, 1, 1)))
    assert list(found) == [MUNICIPAL]
    assert found[MUNICIPAL].employer_period is None


def test_continuation_gives_the_claims_to_the_employer_holding_the_course() -> None:
    start = date(2026, 3, 1)
    facts = CourseFacts(start, (EmployerPeriod(start, True), EmployerPeriod(date(2026, 6, 1), True)))
    found = claims(facts)
    # Time with the first employer counts: the dates are those of one employer.
    assert (found[SIX].due_date, found[SIX].employer_period) == (date(2026, 9, 1), 1)
    assert (found[COMPLETION].due_date, found[COMPLETION].employer_period) == (
        date(2028, 3, 1), 1)


@pytest.mark.parametrize(("taken_over", "six_months_holder"), [
    (date(2026, 8, 31), 1),  # the day the six months are complete
    (date(2026, 9, 1), 0),   # the due date: the first employer had met the milestone
])
def test_the_employer_on_the_day_the_milestone_is_met_gets_the_claim(
        taken_over: date, six_months_holder: int) -> None:
    start = date(2026, 3, 1)
    facts = CourseFacts(start, (EmployerPeriod(start, True), EmployerPeriod(taken_over, True)))
    found = claims(facts)
    assert found[SIX].employer_period == six_months_holder
    assert found[COMPLETION].employer_period == 1


def test_a_public_employer_taking_over_gets_no_company_claim() -> None:
    start = date(2026, 3, 1)
    facts = CourseFacts(start, (EmployerPeriod(start, True),
                                EmployerPeriod(date(2027, 1, 1), False)))
    assert list(claims(facts)) == [SIX]


def test_a_pause_between_employers_is_not_served() -> None:
    start = date(2026, 3, 1)
    facts = CourseFacts(start, (EmployerPeriod(start, True), EmployerPeriod(date(2026, 7, 1), True)),
                        pauses=(Period(date(2026, 6, 1), date(2026, 6, 30)),))
    result = schedule(RULES, facts)
    assert result.end_date == date(2028, 2, 29) + timedelta(days=30)
    found = {c.claim_type: c for c in result.claims}
    assert (found[SIX].due_date, found[SIX].employer_period) == (date(2026, 10, 1), 1)


def test_a_course_without_a_known_employer_has_no_company_claims() -> None:
    facts = CourseFacts(date(2026, 3, 1), (), integration_programme_start=date(2025, 1, 1))
    assert list(claims(facts)) == [MUNICIPAL]


# The municipality's result grant

def test_the_result_grant_needs_the_programme_start() -> None:
    assert MUNICIPAL not in claims(one_employer(date(2026, 3, 1), True))


@pytest.mark.parametrize(("programme_start", "amount"), [
    (date(2026, 3, 1), Decimal("88817.00")),   # the course starts on the programme's first day
    (date(2023, 3, 2), Decimal("88817.00")),   # on the last day of year 3
    (date(2023, 3, 1), Decimal("59210.00")),   # on the first day of year 4
    (date(2021, 3, 2), Decimal("59210.00")),   # on the last day of year 5
    (date(2021, 3, 1), None),                  # on the first day of year 6: no claim
    (date(2026, 3, 2), None),                  # before the programme: no claim
])
def test_the_result_grant_follows_the_programme_year_of_the_course_start(
        programme_start: date, amount: Decimal | None) -> None:
    found = claims(one_employer(date(2026, 3, 1), True,
                                integration_programme_start=programme_start))
    assert (found[MUNICIPAL].amount if MUNICIPAL in found else None) == amount


def test_the_programme_year_can_be_judged_on_the_due_date() -> None:
    municipal = next(c for c in RULES.claims if c.code == MUNICIPAL)
    by_due = replace(RULES, claims=(replace(municipal, programme_year_day="due_date"),))
    facts = one_employer(date(2026, 3, 1), True, integration_programme_start=date(2023, 8, 1))
    # The course starts in year 3; the claim falls due (2026-09-01) in year 4.
    assert claims(facts)[MUNICIPAL].amount == Decimal("88817.00")
    assert claims(facts, by_due)[MUNICIPAL].amount == Decimal("59210.00")


@pytest.mark.parametrize(("start", "due_on", "amount", "sureness"), [
    (date(2017, 1, 31), date(2017, 7, 31), Decimal("76500.00"), "verified"),
    (date(2023, 6, 30), date(2023, 12, 30), Decimal("76500.00"), "unverified"),
    (date(2023, 7, 1), date(2024, 1, 1), Decimal("88817.00"), "guidance"),
    (date(2024, 6, 30), date(2024, 12, 30), Decimal("88817.00"), "guidance"),
    (date(2024, 7, 1), date(2025, 1, 1), Decimal("88817.00"), "unverified"),
    (date(2027, 7, 1), date(2028, 1, 1), Decimal("88817.00"), "unverified"),
])
def test_the_rate_is_the_one_in_force_on_the_due_date(start: date, due_on: date,
                                                      amount: Decimal, sureness: str) -> None:
    claim = claims(one_employer(start, True, integration_programme_start=start))[MUNICIPAL]
    assert claim.due_date == due_on
    assert claim.amount == amount
    # A year without a published rate carries the last one forward, and says so.
    assert claim.rate.source.sureness == sureness


def test_before_the_first_rate_there_is_no_claim() -> None:
    found = claims(one_employer(date(2016, 6, 1), True,
                                integration_programme_start=date(2016, 1, 1)))
    assert MUNICIPAL not in found


def test_a_claim_type_switched_off_is_not_scheduled() -> None:
    off = replace(RULES, claims=tuple(replace(c, enabled=c.code != MUNICIPAL)
                                      for c in RULES.claims))
    found = claims(one_employer(date(2026, 3, 1), True,
                                integration_programme_start=date(2025, 1, 1)), off)
    assert list(found) == [SIX, COMPLETION]


@pytest.mark.parametrize(("start", "day", "year"), [
    (date(2024, 2, 29), date(2024, 2, 28), None),
    (date(2024, 2, 29), date(2024, 2, 29), 1),
    (date(2024, 2, 29), date(2025, 2, 28), 1),
    (date(2024, 2, 29), date(2025, 3, 1), 2),
    (date(2020, 1, 1), date(2024, 12, 31), 5),
    (date(2020, 1, 1), date(2025, 1, 1), 6),
])
def test_programme_years_count_from_the_programme_start(start: date, day: date,
                                                        year: int | None) -> None:
    assert programme_year(start, day) == year


# Extensions the rules do not allow

def test_a_sickness_must_last_more_than_the_grounds_weeks() -> None:
    rule = RULES.as_of(date(2026, 3, 1)).extension
    eight_weeks = sick(date(2026, 5, 1), date(2026, 6, 25))
    problems = extension_problems(date(2026, 3, 1), [eight_weeks], rule)
    assert [(p.path, p.code, dict(p.params)) for p in problems] == [
        ("extensions.0.to", "absence_too_short", {"weeks": 8})]
    longer = sick(date(2026, 5, 1), date(2026, 6, 26))
    short_leave = Extension(date(2026, 5, 1), date(2026, 5, 2), "parental_leave")
    assert extension_problems(date(2026, 3, 1), [longer, short_leave], rule) == ()


def test_a_course_started_before_the_extension_rules_has_no_extension_ground() -> None:
    igu_2016 = CATALOGUE.get("igu-2016")
    start = date(2018, 3, 1)
    leave = Extension(date(2018, 5, 1), date(2018, 5, 2), "parental_leave")
    problems = extension_problems(start, [leave], igu_2016.as_of(start).extension)
    assert [(p.path, p.code) for p in problems] == [
        ("extensions.0.reason", "extension_ground_not_in_rules")]


# Any facts give an answer

_days = st.dates(min_value=EARLIEST, max_value=LATEST)


@st.composite
def course_facts(draw) -> CourseFacts:
    start = draw(_days)
    periods = draw(st.lists(st.tuples(_days, _days), max_size=4))
    employers = draw(st.lists(st.tuples(_days, st.booleans()), max_size=3))
    return CourseFacts(
        start, tuple(EmployerPeriod(d, private) for d, private in employers),
        extensions=tuple(Extension(a, b, draw(st.sampled_from(
            ["sickness", "parental_leave", "special_circumstances"]))) for a, b in periods),
        pauses=tuple(Period(a, b) for a, b in draw(st.lists(st.tuples(_days, _days),
                                                            max_size=2))),
        terminated_on=draw(st.none() | _days),
        integration_programme_start=draw(st.none() | _days))


@settings(max_examples=300, deadline=None)
@given(facts=course_facts(), code=st.sampled_from(CATALOGUE.codes))
def test_any_facts_give_a_schedule_that_keeps_its_own_rules(facts: CourseFacts,
                                                            code: str) -> None:
    result = schedule(CATALOGUE.get(code), facts)
    assert result.end_date > facts.start_date
    for claim in result.claims:
        assert claim.due_date > facts.start_date
        assert claim.deadline is None or claim.deadline > claim.due_date
        ended_early = facts.terminated_on is not None \
            and facts.terminated_on < claim.due_date - timedelta(days=1)
        assert (claim.cancelled == TERMINATED) is ended_early
        assert (claim.employer_period is None) is (claim.beneficiary != "company")
        if claim.employer_period is not None:
            assert facts.employers[claim.employer_period].private
        if claim.claim_type == COMPLETION:
            assert claim.due_date == result.end_date + timedelta(days=1)
