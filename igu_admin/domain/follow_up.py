"""The follow-up of an active course (opfølgning): the check-ins' schedule,
the next check-in, how overdue it is, and the course's risk with its reasons.

No law requires the follow-up: it is the municipality's own practice, so the
months of the schedule are a setting (config `IGU_FOLLOW_UP_MONTHS`, and a
municipality's own months), never a rule set's value. Risk is computed from
facts the caller gathers, each reason with its code and the day it holds
since, so a page can explain it; nothing here is weighed or scored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from igu_admin.domain.dates import add_months

RATINGS = ("good", "concern", "at_risk")
HELD_BY = ("caseworker", "mentor")
PARTICIPANTS = ("trainee", "employer", "mentor", "school", "interpreter")
RISKS = ("ok", "at_risk")

# The municipality's practice, not law: how late a check-in may be, and how
# long an asked-for sickness extension marks the course, before it is at risk.
OVERDUE_LIMIT_DAYS = 30
SICKNESS_WINDOW_DAYS = 90
# How far back the list of courses ended early reaches (the municipality's
# review of what went wrong, not a rule of the act).
EARLY_ENDED_MONTHS = 24

CHECK_IN_AT_RISK = "check_in_at_risk"
CHECK_IN_OVERDUE = "check_in_overdue"
SICKNESS_EXTENSION = "sickness_extension"
PLAN_MISSING = "plan_missing"
PLAN_SENT_BACK = "plan_sent_back"
CLAIM_REJECTED = "claim_rejected"
REASON_CODES = (CHECK_IN_AT_RISK, CHECK_IN_OVERDUE, SICKNESS_EXTENSION, PLAN_MISSING,
                PLAN_SENT_BACK, CLAIM_REJECTED)


def parse_months(text: str) -> tuple[int, ...]:
    """Months as a setting is written ("1,3,6"): positive, ascending, no
    repeats; ValueError otherwise."""
    months = tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    check_months(months)
    return months


def check_months(months: Sequence[int]) -> None:
    if not months or any(m <= 0 for m in months) or list(months) != sorted(set(months)):
        raise ValueError("follow-up months must be positive and ascending")


def schedule(start: date, months: Iterable[int], end: date | None = None) -> list[date]:
    """The check-ins' days: `months` after the start, none after the course's end."""
    days = [add_months(start, m) for m in months]
    return [d for d in days if end is None or d <= end]


def planned_after(start: date, months: Iterable[int], day: date,
                  end: date | None = None) -> date | None:
    """The first planned check-in after `day`: what a check-in held on `day`
    proposes as the next one."""
    return next((d for d in schedule(start, months, end) if d > day), None)


@dataclass(frozen=True)
class LastCheckIn:
    held_on: date
    next_on: date | None
    any_at_risk: bool


def next_check_in(start: date, months: Iterable[int], last: LastCheckIn | None,
                  end: date | None = None) -> date | None:
    """The next check-in: as the last one agreed; before any, the first planned."""
    if last is None:
        planned = schedule(start, months, end)
        return planned[0] if planned else None
    return last.next_on


def months_served(start: date, last_day: date) -> int:
    """Whole months served from `start` to `last_day` (the termination date,
    the last day of employment) both included: a month is served once the
    day before its monthly anniversary is worked. 0 before a full month."""
    months = 0
    while add_months(start, months + 1) - timedelta(days=1) <= last_day:
        months += 1
    return months


def early_ended_since(today: date) -> date:
    """The first termination date the list of courses ended early shows."""
    return add_months(today, -EARLY_ENDED_MONTHS)


def overdue_days(next_on: date | None, today: date) -> int:
    """max(0, today - next check-in); 0 when none is due."""
    if next_on is None:
        return 0
    return max(0, (today - next_on).days)


@dataclass(frozen=True)
class Reason:
    code: str
    since: date
    # Values the sentence needs (days overdue, the deadline...).
    days: int = 0


@dataclass(frozen=True)
class PlanFacts:
    """The schooling plan as the follow-up reads it. `submitted`: a version
    has been sent; `sent_back`: the municipality asked for changes (since
    `sent_back_on`); `outside`: an imported course with no plan in igu-admin
    (its plan lives elsewhere, so nothing is flagged)."""

    deadline: date | None
    submitted: bool = False
    sent_back: bool = False
    sent_back_on: date | None = None
    outside: bool = False


@dataclass(frozen=True)
class RiskFacts:
    today: date
    last_check_in: LastCheckIn | None
    next_check_in: date | None
    sickness_requested_on: Sequence[date] = ()
    plan: PlanFacts | None = None
    claims_rejected_on: Sequence[date] = field(default_factory=tuple)


@dataclass(frozen=True)
class Risk:
    risk: str
    reasons: tuple[Reason, ...]
    overdue_days: int


def assess(facts: RiskFacts) -> Risk:
    """The course's risk and every reason that holds, in REASON_CODES order."""
    reasons: list[Reason] = []
    last = facts.last_check_in
    if last is not None and last.any_at_risk:
        reasons.append(Reason(CHECK_IN_AT_RISK, last.held_on))
    overdue = overdue_days(facts.next_check_in, facts.today)
    if overdue > OVERDUE_LIMIT_DAYS and facts.next_check_in is not None:
        reasons.append(Reason(CHECK_IN_OVERDUE, facts.next_check_in, overdue))
    window_start = facts.today - timedelta(days=SICKNESS_WINDOW_DAYS)
    recent = [d for d in facts.sickness_requested_on if window_start <= d <= facts.today]
    if recent:
        reasons.append(Reason(SICKNESS_EXTENSION, max(recent)))
    plan = facts.plan
    if plan is not None and not plan.outside and plan.deadline is not None \
            and facts.today > plan.deadline:
        if not plan.submitted:
            reasons.append(Reason(PLAN_MISSING, plan.deadline))
        elif plan.sent_back:
            since = max(plan.deadline, plan.sent_back_on or plan.deadline)
            reasons.append(Reason(PLAN_SENT_BACK, since))
    if facts.claims_rejected_on:
        reasons.append(Reason(CLAIM_REJECTED, max(facts.claims_rejected_on)))
    return Risk("at_risk" if reasons else "ok", tuple(reasons), overdue)


def list_order(risk: str, overdue: int, tie: int = 0) -> tuple[int, int, int]:
    """The follow-up list's order: at risk first, then the most overdue."""
    return (0 if risk == "at_risk" else 1, -overdue, tie)
