"""Who may start an IGU: one explained result per criterion.

Every limit comes from the rule set; this module only knows how to apply
them. Messages are not made here: each criterion carries the facts its
explanation needs, and the adapters word them in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from igu_admin.domain.dates import add_months, anniversary, days_within, whole_years
from igu_admin.domain.rulesets import RuleCatalogue, RuleSet, Selection

CRITERIA_CODES = ("scheme_window", "age", "residence", "target_group", "previous_igu",
                  "recent_employment")


@dataclass(frozen=True)
class Absence:
    """A period (both days included) with a registered address abroad."""

    start: date
    end: date


@dataclass(frozen=True)
class EligibilityInput:
    start_date: date
    birth_date: date
    registered_since: date
    target_group: str
    previous_igu: bool = False
    recent_ordinary_employment: bool = False
    absences: tuple[Absence, ...] = ()
    # True when igu-admin itself holds an IGU agreement for the person.
    previous_igu_recorded: bool = False


@dataclass(frozen=True)
class Criterion:
    code: str
    passed: bool
    value: Any
    legal_reference: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Assessment:
    eligible: bool
    ruleset: RuleSet
    criteria: tuple[Criterion, ...]

    def criterion(self, code: str) -> Criterion:
        return next(c for c in self.criteria if c.code == code)


class EligibilityInputError(ValueError):
    """The facts contradict each other: not a "no" but an input to correct.

    `errors` maps the field to blame to stable error codes.
    """

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def check_consistency(inp: EligibilityInput) -> None:
    errors: dict[str, list[str]] = {}
    if inp.start_date < inp.birth_date:
        errors.setdefault("start_date", []).append("start_before_birth")
    if inp.registered_since < inp.birth_date:
        errors.setdefault("registered_since", []).append("registration_before_birth")
    elif inp.registered_since > inp.start_date:
        errors.setdefault("registered_since", []).append("registration_after_start")
    if any(a.end < a.start for a in inp.absences):
        errors.setdefault("absences", []).append("absence_reversed")
    if errors:
        raise EligibilityInputError(errors)


def assess(inp: EligibilityInput, catalogue: RuleCatalogue, mode: str) -> Assessment:
    """Assess `inp` under the rule set `mode` (a set's code or by-start-date)."""
    check_consistency(inp)
    selection = catalogue.select(mode, inp.start_date)
    rs = selection.ruleset
    criteria = [
        *_window(catalogue, selection, inp.start_date),
        _age(rs, inp),
        _residence(rs, inp),
        _target_group(rs, inp),
        _previous_igu(rs, inp),
        Criterion("recent_employment", not inp.recent_ordinary_employment,
                  inp.recent_ordinary_employment, rs.recent_employment.legal_reference,
                  {"months": rs.recent_employment.months,
                   "since": add_months(inp.start_date, -rs.recent_employment.months)}),
    ]
    return Assessment(all(c.passed for c in criteria), rs, tuple(criteria))


def _window(catalogue: RuleCatalogue, selection: Selection, start: date) -> list[Criterion]:
    if selection.in_window is None:
        return []
    first, last = catalogue.start_date_range()
    return [Criterion("scheme_window", selection.in_window,
                      selection.ruleset.code if selection.in_window else None,
                      selection.ruleset.window.legal_reference,
                      {"start_date": start, "first": first, "last": last})]


def _age(rs: RuleSet, inp: EligibilityInput) -> Criterion:
    age = whole_years(inp.birth_date, inp.start_date)
    rule = rs.age
    return Criterion("age", rule.min_years <= age < rule.max_years_exclusive, age,
                     rule.legal_reference,
                     {"min": rule.min_years, "max": rule.max_years_exclusive})


def residence_limit(rs: RuleSet, inp: EligibilityInput) -> tuple[date, int]:
    """The first start date that is too late, and the days abroad that moved it.

    Only days abroad between the first registration and the start count.
    """
    abroad = days_within(((a.start, a.end) for a in inp.absences),
                         inp.registered_since, inp.start_date - timedelta(days=1))
    return anniversary(inp.registered_since, rs.residence.max_years) + timedelta(days=abroad), abroad


def _residence(rs: RuleSet, inp: EligibilityInput) -> Criterion:
    limit, abroad = residence_limit(rs, inp)
    years = whole_years(inp.registered_since, inp.start_date - timedelta(days=abroad))
    return Criterion("residence", inp.start_date < limit, years, rs.residence.legal_reference,
                     {"max": rs.residence.max_years, "limit_date": limit, "days_abroad": abroad})


def _previous_igu(rs: RuleSet, inp: EligibilityInput) -> Criterion:
    had_igu = inp.previous_igu or inp.previous_igu_recorded
    return Criterion("previous_igu", not had_igu, had_igu, rs.previous_igu.legal_reference,
                     {"recorded": inp.previous_igu_recorded})


def _target_group(rs: RuleSet, inp: EligibilityInput) -> Criterion:
    return Criterion("target_group", inp.target_group in rs.target_group.eligible,
                     inp.target_group, rs.target_group.legal_reference)

