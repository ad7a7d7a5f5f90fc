"""Bonus claims of a course: when each falls due, how much, for whom, and
which an early end cancels. Pure and total (any facts give an answer), and
cheap: the daily job runs it for every open course to keep the stored claims
in step. Every amount, month count and deadline comes from the rule set's
claim types; this module only counts days.

How a schedule is made:

- A claim falls due on the day after its milestone is met. Six months of
  employment from 1 March are met on 31 August: due 1 September. Months are
  counted with `dates.add_months`, as the course's end is: from 31 August the
  six months end with February, due on its last day. Completion is met on the
  course's last day: a course from 2026-03-01 ends 2028-02-29, and the claim
  is due 2028-03-01.
- Time not served moves milestones: approved extensions, and pauses between
  two employers. The course's end (so the completion claim) moves by all of
  it. A milestone of months of employment moves by each such period that
  begins before its due date (as moved by the earlier periods), by the
  period's whole length even when the period runs on past that date (it
  straddles it): none of its days are served, so the months are complete
  that many days later. A period that begins on the due date or later does
  not move it. Overlapping periods count once; days before the course's
  start do not count.
- An early end (`terminated_on`: the last day in the course) cancels each
  claim whose milestone is not met by then. A cancelled claim is still
  returned, with the reason, so stored claims can be cancelled.
- A company claim goes to the employer who holds the course on the day its
  milestone is met; time served with earlier employers counts. A claim for
  private employers only is not made when that employer is public.
- A claim with rates by year of the person's integration programme needs
  the programme's start. The year is judged on the day the claim type names
  (the course's start or the due date); past the last year a rate covers, no
  claim is made. The amount is the rate in force on the due date.
- A deadline is the claim type's `deadline_months_after` after the due date.

Dates are expected within `dates.EARLIEST`..`dates.LATEST`, the range every
input accepts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from igu_admin.domain.agreement_rules import Problem, end_date
from igu_admin.domain.dates import add_months, whole_years
from igu_admin.domain.rule_parts import ClaimType, ExtensionRule, Rate, RuleSet

# Why a claim is cancelled. Claims that never apply (a public employer, a
# claim type switched off, no programme start, past the programme's years)
# are not returned at all.
TERMINATED = "terminated"
CANCEL_REASONS = (TERMINATED,)


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, both included."""

    start: date
    end: date


@dataclass(frozen=True)
class Extension(Period):
    """An approved extension: the course is extended by the period's length.
    `ground`: the rule set's extension ground (rule_parts.EXTENSION_GROUNDS)."""

    ground: str


@dataclass(frozen=True)
class EmployerPeriod:
    """The course with one employer, from `start` until the next employer's
    period starts (or the course ends). The first period holds the course from
    its start."""

    start: date
    private: bool


@dataclass(frozen=True)
class CourseFacts:
    """What the schedule depends on. `pauses`: days between two employers
    with none (not served). `integration_programme_start`: the first day of
    the person's integration programme, when known."""

    start_date: date
    employers: tuple[EmployerPeriod, ...]
    extensions: tuple[Extension, ...] = ()
    pauses: tuple[Period, ...] = ()
    terminated_on: date | None = None
    integration_programme_start: date | None = None


def one_employer(start_date: date, private: bool, *, extensions: Sequence[Extension] = (),
                 terminated_on: date | None = None,
                 integration_programme_start: date | None = None) -> CourseFacts:
    """The facts of a course with one employer throughout."""
    return CourseFacts(start_date, (EmployerPeriod(start_date, private),), tuple(extensions),
                       terminated_on=terminated_on,
                       integration_programme_start=integration_programme_start)


@dataclass(frozen=True)
class ScheduledClaim:
    """One claim. `due_date` and `deadline` are the ones it has (or would have
    had, when cancelled). `cancelled`: a CANCEL_REASONS code, or None.
    `employer_period`: for a company claim, the index in `CourseFacts.employers`
    of the employer it goes to; None for other beneficiaries. `rate`: the
    rate applied, with its source."""

    claim_type: str
    beneficiary: str
    amount: Decimal
    due_date: date
    deadline: date | None
    cancelled: str | None
    employer_period: int | None
    rate: Rate


@dataclass(frozen=True)
class Schedule:
    """`end_date`: the course's last day after extensions and pauses (the
    planned end, also when the course ended early)."""

    end_date: date
    claims: tuple[ScheduledClaim, ...]

    @property
    def due(self) -> tuple[ScheduledClaim, ...]:
        """The claims not cancelled."""
        return tuple(c for c in self.claims if c.cancelled is None)

    @property
    def cancelled(self) -> tuple[ScheduledClaim, ...]:
        return tuple(c for c in self.claims if c.cancelled is not None)


def schedule(ruleset: RuleSet, facts: CourseFacts) -> Schedule:
    """Every claim of the course under `ruleset` (as loaded: the parts in force
    on the start date are taken here), in the order of the rule set's claim
    types. Claim types switched off (`enabled = false`) are left out."""
    start = facts.start_date
    unserved = _unserved(facts)
    last_day = end_date(start, ruleset.as_of(start).course) + timedelta(
        days=sum(_days(p) for p in unserved))
    claims = (_claim(claim_type, facts, unserved, last_day)
              for claim_type in ruleset.claims if claim_type.enabled)
    return Schedule(last_day, tuple(c for c in claims if c is not None))


def _claim(claim_type: ClaimType, facts: CourseFacts, unserved: list[Period],
           last_day: date) -> ScheduledClaim | None:
    if claim_type.milestone == "completion":
        due = last_day + timedelta(days=1)
    else:
        due = _after_months(facts.start_date, claim_type.months or 0, unserved)
    met_on = due - timedelta(days=1)
    employer: int | None = None
    if claim_type.beneficiary == "company":
        employer = _holder(facts.employers, met_on)
        if employer is None or (claim_type.private_employers_only
                                and not facts.employers[employer].private):
            return None
    year = None
    if claim_type.by_programme_year:
        if facts.integration_programme_start is None:
            return None
        day = facts.start_date if claim_type.programme_year_day == "course_start" else due
        year = programme_year(facts.integration_programme_start, day)
    rate = claim_type.rate_for(due, year)
    if rate is None:  # before the first rate, or a year no rate covers
        return None
    deadline = (None if claim_type.deadline_months_after is None
                else add_months(due, claim_type.deadline_months_after))
    return ScheduledClaim(claim_type.code, claim_type.beneficiary, rate.amount, due, deadline,
                          None if reached(due, facts.terminated_on) else TERMINATED, employer,
                          rate)


def reached(due: date, terminated_on: date | None) -> bool:
    """Whether the milestone of a claim falling due on `due` is met in a course
    whose last day was `terminated_on` (None: it did not end early). It is
    met on the day before the due date."""
    return terminated_on is None or terminated_on >= due - timedelta(days=1)


def holder_on(facts: CourseFacts, day: date) -> int | None:
    """The index in `facts.employers` of the employer holding the course on `day`."""
    return _holder(facts.employers, day)


def programme_year(programme_start: date, day: date) -> int | None:
    """Which year of the integration programme `day` falls in (the first is 1),
    or None before the programme starts."""
    if day < programme_start:
        return None
    return whole_years(programme_start, day) + 1


def _unserved(facts: CourseFacts) -> list[Period]:
    """Extensions and pauses from the course's start on, overlaps merged, in order."""
    spans = sorted((max(p.start, facts.start_date), p.end)
                   for p in (*facts.extensions, *facts.pauses))
    merged: list[Period] = []
    for first, last in spans:
        if last < first:
            continue
        if merged and first <= merged[-1].end + timedelta(days=1):
            if last > merged[-1].end:
                merged[-1] = Period(merged[-1].start, last)
        else:
            merged.append(Period(first, last))
    return merged


def _days(period: Period) -> int:
    return (period.end - period.start).days + 1


def _after_months(start: date, months: int, unserved: list[Period]) -> date:
    """The day after `months` of service from `start`."""
    due = add_months(start, months)
    for period in unserved:
        if period.start >= due:
            break
        due += timedelta(days=_days(period))
    return due


def _holder(employers: tuple[EmployerPeriod, ...], day: date) -> int | None:
    """The employer period holding the course on `day` (the latest begun by
    then; before any has begun, the first)."""
    if not employers:
        return None
    begun = [i for i, p in enumerate(employers) if p.start <= day]
    if not begun:
        return min(range(len(employers)), key=lambda i: employers[i].start)
    return max(begun, key=lambda i: (employers[i].start, i))


def extension_problems(start: date, extensions: Sequence[Extension],
                       rule: ExtensionRule | None) -> tuple[Problem, ...]:
    """Extensions the rule set does not allow for a course starting on
    `start` (`rule`: its extension part as in force then, None if it has
    none). Paths as the API names them: `extensions.0.reason` for a ground the
    rules lack (code extension_ground_not_in_rules), `extensions.0.to` for an
    absence not longer than the ground's minimum (absence_too_short, with
    `weeks`)."""
    problems: list[Problem] = []
    for i, extension in enumerate(extensions):
        ground = rule.ground(extension.ground) if rule is not None else None
        if ground is None:
            problems.append(Problem(f"extensions.{i}.reason", "extension_ground_not_in_rules",
                                    {"start": start}))
        elif ground.min_continuous_weeks_over is not None \
                and _days(extension) <= ground.min_continuous_weeks_over * 7:
            problems.append(Problem(f"extensions.{i}.to", "absence_too_short",
                                    {"weeks": ground.min_continuous_weeks_over},
                                    related=(f"extensions.{i}.from",)))
    return tuple(problems)
