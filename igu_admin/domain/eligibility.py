"""Who may start an IGU: one explained result per criterion.

Every limit comes from the rule set; this module only knows how to apply
them. A part of a rule set with its own date (a target group that joined
later, a criterion that changed) is judged against the start date, and the
criterion's facts name that date. Messages are not made here: each criterion
carries the facts its explanation needs, and the adapters word them in the
user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from igu_admin.domain.dates import add_months, anniversary, days_within, whole_years
from igu_admin.domain.rule_parts import Dating, RecentEmploymentRule, Source
from igu_admin.domain.rulesets import BY_START_DATE, RuleCatalogue, RuleSet, Selection

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
    # How sure the reference is (rule_parts.SURENESS), and the rule file's
    # note on it (what was read and what was not): for administrators and
    # the API, never for a document to be signed.
    sureness: str = "verified"
    note: str | None = None


@dataclass(frozen=True)
class Notice:
    """Information that goes with an answer but decides nothing (e.g. a
    national cap no installation can count, or a start date outside the
    window of the rule set named)."""

    code: str
    legal_reference: str
    facts: dict[str, Any] = field(default_factory=dict)
    sureness: str = "verified"
    note: str | None = None


@dataclass(frozen=True)
class InForce:
    """The answer of the act in force on the start date (the rule set whose
    window holds it), when another set was applied."""

    ruleset: RuleSet
    eligible: bool


@dataclass(frozen=True)
class Assessment:
    eligible: bool
    ruleset: RuleSet
    criteria: tuple[Criterion, ...]
    notices: tuple[Notice, ...] = ()
    # None when the act in force on the start date is the one applied, or
    # when no act's window holds the start date.
    in_force_on_start: InForce | None = None

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
    """Assess `inp` under the rule set `mode` (a set's code or by-start-date).

    A set named by its code judges by its own criteria whatever the start
    date; a start outside its window adds the notice `outside_window`. When
    the set applied is not the act in force on the start date, the answer
    also carries that act's verdict on the same facts (`in_force_on_start`).
    """
    check_consistency(inp)
    applied = _judge(inp, catalogue, catalogue.select(mode, inp.start_date))
    governing = catalogue.governing(inp.start_date)
    if governing is None or governing.code == applied.ruleset.code:
        return applied
    in_force = _judge(inp, catalogue, catalogue.select(BY_START_DATE, inp.start_date))
    return replace(applied, in_force_on_start=InForce(in_force.ruleset, in_force.eligible))


def _judge(inp: EligibilityInput, catalogue: RuleCatalogue, selection: Selection) -> Assessment:
    rs = selection.ruleset
    now = rs.as_of(inp.start_date)
    criteria = [
        *_window(catalogue, selection, inp.start_date),
        _age(now, inp),
        _residence(now, inp),
        _target_group(now, inp),
        _previous_igu(now, inp),
        _recent_employment(rs, inp),
    ]
    outside: tuple[Notice, ...] = ()
    if selection.in_window is None and not rs.window.governs(inp.start_date):
        outside = (_outside_window(rs, inp.start_date, catalogue.governing(inp.start_date)),)
    return Assessment(all(c.passed for c in criteria), rs, tuple(criteria),
                      outside + notices(now))


def _outside_window(rs: RuleSet, start: date, governing: RuleSet | None) -> Notice:
    """A set named by its code, for a start date its window does not hold:
    said, never failed (the set judges by its own criteria all the same)."""
    window = rs.window
    last = window.last_start_date if window.applies_to is None else \
        min(window.last_start_date, window.applies_to)
    return Notice("outside_window", window.legal_reference,
                  {"start_date": start, "ruleset": rs.code, "first": window.applies_from,
                   "last": last, "in_force": governing.code if governing else None},
                  window.source.sureness, window.source.note)


def notices(now: RuleSet) -> tuple[Notice, ...]:
    """The notices for a rule set as it applies on a start date (`RuleSet.as_of`)."""
    if now.cap is None:
        return ()
    return (Notice("yearly_cap", now.cap.legal_reference,
                   {"max_per_year": now.cap.max_new_courses_per_year,
                    "pause_months": now.cap.max_pause_months},
                   now.cap.source.sureness, now.cap.source.note),)


def _window(catalogue: RuleCatalogue, selection: Selection, start: date) -> list[Criterion]:
    if selection.in_window is None:
        return []
    first, last = catalogue.start_date_range()
    window = selection.ruleset.window
    return [Criterion("scheme_window", selection.in_window,
                      selection.ruleset.code if selection.in_window else None,
                      window.legal_reference,
                      {"start_date": start, "first": first, "last": last},
                      window.source.sureness, window.source.note)]


def _dating(rule: Any) -> dict[str, Any]:
    """For a rule in force from a date later than its rule set's: the date
    (`rule_from`), which the explanation names, and how sure it is."""
    since = getattr(rule, "since", None)
    if since is None:
        return {}
    return {"rule_from": since.effective_from, "date_sureness": since.sureness}


def _note(source: Source, since: Dating | None) -> str | None:
    """The rule file's notes on a criterion's source and on the date it
    applies from, in that order; None without any."""
    notes = [text for text in (source.note, since.note if since else None) if text]
    return " ".join(notes) or None


def _age(rs: RuleSet, inp: EligibilityInput) -> Criterion:
    age = whole_years(inp.birth_date, inp.start_date)
    rule = rs.age
    return Criterion("age", rule.min_years <= age < rule.max_years_exclusive, age,
                     rule.legal_reference,
                     {"min": rule.min_years, "max": rule.max_years_exclusive, **_dating(rule)},
                     rule.source.sureness, _note(rule.source, rule.since))


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
                     {"max": rs.residence.max_years, "limit_date": limit, "days_abroad": abroad,
                      **_dating(rs.residence)},
                     rs.residence.source.sureness, _note(rs.residence.source, rs.residence.since))


def _previous_igu(rs: RuleSet, inp: EligibilityInput) -> Criterion:
    had_igu = inp.previous_igu or inp.previous_igu_recorded
    return Criterion("previous_igu", not had_igu, had_igu, rs.previous_igu.legal_reference,
                     {"recorded": inp.previous_igu_recorded, **_dating(rs.previous_igu)},
                     rs.previous_igu.source.sureness,
                     _note(rs.previous_igu.source, rs.previous_igu.since))


def _target_group(rs: RuleSet, inp: EligibilityInput) -> Criterion:
    """A group with its own date is in the target group only for courses
    starting on or after it; the facts then name the date (`since`)."""
    rule, group = rs.target_group, inp.target_group
    eligible = rule.eligible_on(inp.start_date)
    facts: dict[str, Any] = {"eligible": sorted(eligible)}
    source, since = rule.source, None
    dated = rule.dated.get(group) if group in rule.eligible else None
    if dated is not None:
        facts["since"] = dated.since.effective_from
        facts["date_sureness"] = dated.since.sureness
        source, since = dated.source, dated.since
    return Criterion("target_group", group in eligible, group, source.legal_reference, facts,
                     source.sureness, _note(source, since))


def _recent_employment(rs: RuleSet, inp: EligibilityInput) -> Criterion:
    """The bar after ordinary employment in the company, in the version in
    force on the start date. The facts name which rule applied (`bar`), the
    date it applies from (`rule_from`, None when it is the set's first rule)
    and, for an earlier rule, the date the next one took over (`until`, with
    its months in `next_months`)."""
    versions = [v for v in rs.versions("recent_employment")
                if isinstance(v, RecentEmploymentRule)]
    rule = [v for v in versions if v.in_force_for(inp.start_date)][-1]
    later = [v for v in versions if not v.in_force_for(inp.start_date)]
    facts: dict[str, Any] = {
        "bar": rule.bar, "months": rule.months,
        "rule_from": rule.since.effective_from if rule.since else None,
        "until": later[0].since.effective_from if later and later[0].since else None,
        "next_months": later[0].months if later else None,
        # How sure the date that decided is: the later rule's, or this one's.
        "date_sureness": (later[0].since.sureness if later and later[0].since else
                          rule.since.sureness if rule.since else "verified"),
    }
    if rule.months is not None:
        facts["since"] = add_months(inp.start_date, -rule.months)
    deciding = later[0].since if later and later[0].since else rule.since
    return Criterion("recent_employment", not inp.recent_ordinary_employment,
                     inp.recent_ordinary_employment, rule.legal_reference, facts,
                     rule.source.sureness, _note(rule.source, deciding))

