"""The agreement's own rules, beside eligibility: its end date, the weekly
hours the rule set allows, the wages (against the wage-rate table), dates
that must come in order, a start date not in the past, and what must be
filled in before it can be submitted.

Pure: dates, Decimals and dataclasses in, problems out. A problem names the
field path (as in the API: `wage.year1`) and a stable code with the values
its wording needs; the services word it in the reader's language. Every
limit comes from the rule set or the wage table, never from here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from igu_admin.domain.dates import add_months
from igu_admin.domain.rule_parts import CourseRule
from igu_admin.domain.wage_rates import WageTable

# What a draft must hold before it can be submitted, as API field paths, in
# the order of the guided flow.
REQUIRED_TO_SUBMIT = (
    "contact_person",
    "trainee.name", "trainee.cpr", "trainee.address", "trainee.municipality_code",
    "trainee.target_group", "trainee.residence_permit.kind", "trainee.residence_permit.date",
    "trainee.registered_since", "trainee.previous_igu", "trainee.recent_ordinary_employment",
    "start_date", "workplace_address", "job_title", "tasks", "weekly_hours",
    "collective_agreement", "wage.basis", "wage.year1", "wage.year2",
    "terms.holiday", "terms.notice",
)
WAGE_YEARS = (1, 2)


@dataclass(frozen=True)
class Problem:
    """A rule broken (an error) or a point to check (a warning) at a field path."""

    path: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    # The other fields the rule compares with: a change to one of them can
    # break it as much as a change to `path`.
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgreementFacts:
    """The values the rules look at; None where not given yet."""

    start_date: date | None = None
    birth_date: date | None = None
    registered_since: date | None = None
    residence_permit_date: date | None = None
    weekly_hours: Decimal | None = None
    collective_agreement: str | None = None
    wage_basis: str | None = None
    wage_year1: Decimal | None = None
    wage_year2: Decimal | None = None

    def wage(self, year: int) -> Decimal | None:
        return self.wage_year1 if year == 1 else self.wage_year2


@dataclass(frozen=True)
class Findings:
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


def end_date(start: date, course: CourseRule) -> date:
    """The last day of the course: the day before the same date
    `duration_months` later (2 March 2026 -> 1 March 2028)."""
    return add_months(start, course.duration_months) - timedelta(days=1)


def missing(present: Callable[[str], bool]) -> list[str]:
    """The paths of REQUIRED_TO_SUBMIT that `present` says are still empty."""
    return [path for path in REQUIRED_TO_SUBMIT if not present(path)]


def check(facts: AgreementFacts, course: CourseRule, wages: WageTable, today: date) -> Findings:
    """Every rule on the facts given; facts not given yet are not judged.
    `course` is the rule set's course part as it applies to the start date."""
    errors = [*check_dates(facts, today), *check_weekly_hours(facts.weekly_hours, course)]
    wage_errors, warnings = check_wage(facts, wages, today)
    return Findings(tuple(errors + wage_errors), tuple(warnings))


def check_dates(facts: AgreementFacts, today: date) -> list[Problem]:
    """A start not before today (the agreement is made before the course
    starts), and the trainee's dates in an order that can be true."""
    problems: list[Problem] = []
    start, birth = facts.start_date, facts.birth_date
    if start is not None and start < today:
        problems.append(Problem("start_date", "start_in_past", {"today": today}))
    if start is not None and birth is not None and start < birth:
        problems.append(Problem("start_date", "start_before_birth", related=("trainee.cpr",)))
    problems += _between_birth_and_start(facts, "trainee.registered_since",
                                         facts.registered_since, "registration")
    problems += _between_birth_and_start(facts, "trainee.residence_permit.date",
                                         facts.residence_permit_date, "permit")
    return problems


def _between_birth_and_start(facts: AgreementFacts, path: str, day: date | None,
                             kind: str) -> list[Problem]:
    """A date of the trainee's that must fall after the birth and not after
    the start (`kind`_before_birth / `kind`_after_start)."""
    if day is None:
        return []
    if facts.birth_date is not None and day < facts.birth_date:
        return [Problem(path, f"{kind}_before_birth", related=("trainee.cpr",))]
    if facts.start_date is not None and day > facts.start_date:
        return [Problem(path, f"{kind}_after_start", related=("start_date",))]
    return []


def check_weekly_hours(hours: Decimal | None, course: CourseRule) -> list[Problem]:
    """The agreed weekly hours within the rule set's average workplace minimum
    and total maximum."""
    if hours is None:
        return []
    low, high = course.min_average_workplace_hours, course.max_average_total_hours
    if hours < low:
        return [Problem("weekly_hours", "hours_below_minimum", {"min": low, "max": high})]
    if hours > high:
        return [Problem("weekly_hours", "hours_above_maximum", {"min": low, "max": high})]
    return []


def check_wage(facts: AgreementFacts, wages: WageTable,
               today: date) -> tuple[list[Problem], list[Problem]]:
    """Errors: a wage of 0 or less, or above `absurd_factor` times the
    reference rate (the chosen agreement's of the same basis, else the table's
    highest of that basis). Warnings: a wage below the chosen agreement's
    rate, a basis other than the agreement's, no current rate for the chosen
    agreement while the wage is not typed."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    basis = facts.wage_basis
    chosen = wages.get(facts.collective_agreement)
    if chosen is not None and basis is not None and chosen.basis != basis:
        warnings.append(Problem("wage.basis", "wage_basis_differs",
                                {"agreement": chosen.code, "basis": chosen.basis}))
    comparable = chosen if chosen is not None and chosen.basis == basis else None
    # No current rate for the chosen agreement and the wage not typed in full:
    # the employer is asked for the agreed rate (the table fills in none).
    if (chosen is not None and not chosen.current_on(facts.start_date or today)
            and (facts.wage(1) is None or facts.wage(2) is None)):
        warnings.append(Problem("collective_agreement", "wage_rate_not_current",
                                {"agreement": chosen.code, "valid_to": chosen.valid_to}))
    for year in WAGE_YEARS:
        amount, path = facts.wage(year), f"wage.year{year}"
        if amount is None:
            continue
        if amount <= 0:
            errors.append(Problem(path, "wage_not_positive"))
            continue
        if basis is None:
            continue
        reference = comparable.rate(year) if comparable is not None else wages.highest(basis, year)
        if reference is not None and amount > wages.absurd_factor * reference:
            errors.append(Problem(path, "wage_absurd",
                                  {"limit": wages.absurd_factor * reference, "basis": basis,
                                   "factor": wages.absurd_factor}))
        elif comparable is not None and amount < comparable.rate(year):
            warnings.append(Problem(path, "wage_below_table",
                                    {"rate": comparable.rate(year), "basis": basis,
                                     "agreement": comparable.code}))
    return errors, warnings

