"""Properties the eligibility answer must keep for any person."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from igu_admin.domain.dates import anniversary
from igu_admin.domain.eligibility import (
    Absence,
    EligibilityInput,
    EligibilityInputError,
    assess,
)
from igu_admin.domain.rulesets import TARGET_GROUPS, load_catalogue
from igu_admin.paths import RULES_DIR

CATALOGUE = load_catalogue(RULES_DIR)
MODES = st.sampled_from(CATALOGUE.modes)
FIXED_MODES = st.sampled_from(CATALOGUE.codes)
DATES = st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31))


@st.composite
def people(draw: st.DrawFn) -> EligibilityInput:
    start = draw(st.dates(min_value=date(2010, 1, 1), max_value=date(2035, 12, 31)))
    age_days = draw(st.integers(min_value=0, max_value=70 * 366))
    birth = start - timedelta(days=age_days)
    registered = birth + timedelta(days=draw(st.integers(0, max(0, (start - birth).days))))
    absences = tuple(
        Absence(a, a + timedelta(days=length))
        for a, length in draw(st.lists(st.tuples(DATES, st.integers(0, 400)), max_size=3)))
    return EligibilityInput(start_date=start, birth_date=birth, registered_since=registered,
                            target_group=draw(st.sampled_from(TARGET_GROUPS)),
                            previous_igu=draw(st.booleans()),
                            recent_ordinary_employment=draw(st.booleans()), absences=absences)


@st.composite
def likely_eligible(draw: st.DrawFn) -> EligibilityInput:
    """People near the middle of every set's limits, so few are filtered out."""
    start = draw(st.dates(min_value=date(2010, 1, 1), max_value=date(2035, 12, 31)))
    birth = start - timedelta(days=draw(st.integers(18 * 366, 39 * 365)))
    registered = start - timedelta(days=draw(st.integers(1, 4 * 365)))
    absences = tuple(
        Absence(a, a + timedelta(days=length))
        for a, length in draw(st.lists(st.tuples(DATES, st.integers(0, 100)), max_size=2)))
    return EligibilityInput(start_date=start, birth_date=birth, registered_since=registered,
                            target_group=draw(st.sampled_from(["refugee",
                                                               "family_reunified_to_refugee"])),
                            absences=absences)


@given(people(), MODES)
def test_consistent_facts_always_get_an_answer(inp: EligibilityInput, mode: str) -> None:
    result = assess(inp, CATALOGUE, mode)
    assert result.eligible == all(c.passed for c in result.criteria)


@given(DATES, DATES, DATES, st.sampled_from(TARGET_GROUPS), MODES)
def test_any_dates_give_an_answer_or_an_input_error(start: date, birth: date, registered: date,
                                                    group: str, mode: str) -> None:
    try:
        assess(EligibilityInput(start, birth, registered, group), CATALOGUE, mode)
    except EligibilityInputError as error:
        assert error.errors


@given(likely_eligible(), FIXED_MODES)
def test_an_eligible_person_stays_eligible_one_day_earlier(inp: EligibilityInput,
                                                           mode: str) -> None:
    assume(assess(inp, CATALOGUE, mode).eligible)
    earlier = inp.start_date - timedelta(days=1)
    assume(earlier >= anniversary(inp.birth_date, 18))  # not across the 18th birthday
    assume(earlier >= inp.registered_since)
    assert assess(replace(inp, start_date=earlier), CATALOGUE, mode).eligible


@given(likely_eligible(), FIXED_MODES, DATES, st.integers(0, 200))
def test_more_time_abroad_never_makes_a_person_ineligible(inp: EligibilityInput, mode: str,
                                                          extra_from: date, days: int) -> None:
    assume(assess(inp, CATALOGUE, mode).eligible)
    more = (*inp.absences, Absence(extra_from, extra_from + timedelta(days=days)))
    assert assess(replace(inp, absences=more), CATALOGUE, mode).eligible
