"""The municipality's overview, the benchmark and the quarters as read: a
few queries that fetch compact rows or sums, and the domain
(domain.overview) that counts, rounds and suppresses.

Read only: no audit event (nothing changes, and the figures are aggregates).

The queries:
- the approved agreements touching the period, one compact row each (a
  municipality has hundreds; "all" and the benchmark use sums instead);
- the whole days from first submission (the agreement's version 1) to the
  approval or rejection (`decided_at`: later decisions only come after a
  request for changes, and approve/reject end the review), as a histogram
  per municipality, counted in the database on PostgreSQL and from the
  timestamps on SQLite (days counted between Danish calendar days);
- the claims' counts and sums per beneficiary, and the open claims' sums per
  due date for the forecast;
- for the benchmark, ended agreements counted per municipality, target group
  and kind, by the same rules as domain.overview.ended_kind.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import ColumnElement, Date, and_, case, func, or_, select
from sqlalchemy import cast as sql_cast

from igu_admin.core.errors import NotFound, PermissionDenied
from igu_admin.domain import overview as ov
from igu_admin.domain.lifecycle import AgreementStatus, ClaimStatus
from igu_admin.extensions import db
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import (
    Agreement,
    AgreementVersion,
    BonusClaim,
    Municipality,
    Role,
    Trainee,
    User,
)
from igu_admin.wording import overview as overview_messages

COMPANY, MUNICIPALITY = "company", "municipality"
# The claims still to be paid: the forecast's.
OPEN_CLAIMS = (ClaimStatus.SCHEDULED.value, ClaimStatus.DUE.value, ClaimStatus.PREPARED.value,
               ClaimStatus.SUBMITTED.value)
VIEWERS = (Role.CASEWORKER, Role.FINANCE, Role.ADMIN)


# ---------------------------------------------------------------- who sees what

def _ensure_viewer(actor: User) -> None:
    if actor.role not in VIEWERS:
        raise PermissionDenied("overview_view")


def municipalities_for(actor: User) -> list[Municipality]:
    """The municipalities whose overview the actor may see: their own for a
    caseworker or finance officer; for an administrator every municipality
    with courses (an approved agreement), by name."""
    _ensure_viewer(actor)
    if actor.role != Role.ADMIN:
        own = db.session.get(Municipality, actor.municipality_code)
        return [own] if own is not None else []
    return list(db.session.scalars(
        select(Municipality).where(Municipality.code.in_(_codes_with_courses()))
        .order_by(Municipality.name)))


def municipality_named(actor: User, code: str) -> Municipality | None:
    """The municipality the actor asks for (None for "all", an
    administrator's only). Another municipality than a caseworker's or
    finance officer's own, "all" for them, and an unknown code: NotFound,
    as tenancy answers."""
    _ensure_viewer(actor)
    if code == ov.ALL and actor.role == Role.ADMIN:
        return None
    if actor.role != Role.ADMIN and code != actor.municipality_code:
        raise NotFound(code)
    found = db.session.get(Municipality, code) if len(code) <= 3 else None
    if found is None:
        raise NotFound(code)
    return found


def _check_period(from_: date, to: date) -> None:
    if from_ > to:
        raise InputErrors({"to": [overview_messages.period_reversed()]})


# ---------------------------------------------------------------- queries

def _codes_with_courses() -> list[str]:
    return list(db.session.scalars(
        select(Agreement.municipality_code).distinct()
        .where(Agreement.status.in_(ov.APPROVED_STATUSES),
               Agreement.municipality_code.is_not(None))))


def _where_municipality(column: Any, code: str | None) -> list[ColumnElement[bool]]:
    return [] if code is None else [column == code]


def course_records(code: str | None, from_: date, to: date) -> list[ov.CourseRecord]:
    """The approved agreements that touch [from_, to]: started by `to` and
    not ended before `from_`. One compact row each."""
    last = func.coalesce(Agreement.termination_date, Agreement.end_date)
    rows = db.session.execute(
        select(Agreement.municipality_code, Agreement.status, Agreement.start_date,
               Agreement.end_date, Agreement.termination_date,
               Agreement.continues_agreement_id.is_not(None),
               Agreement.continued_by_cvr.is_not(None), Agreement.target_group,
               Agreement.registered_since, Agreement.trainee_sex, Trainee.birth_date)
        .outerjoin(Trainee, Trainee.id == Agreement.trainee_id)
        .where(Agreement.status.in_(ov.APPROVED_STATUSES), Agreement.start_date.is_not(None),
               Agreement.start_date <= to, or_(last.is_(None), last >= from_),
               *_where_municipality(Agreement.municipality_code, code)))
    return [ov.CourseRecord(*row) for row in cast(Any, rows)]


def _moments(from_: date, to: date) -> tuple[datetime, datetime]:
    """The period's first moment and the moment after its last, Danish days."""
    zone = ZoneInfo(current_app.config["IGU_TIMEZONE"])
    return (datetime.combine(from_, time(), zone),
            datetime.combine(to + timedelta(days=1), time(), zone))


def decision_days(code: str | None, from_: date, to: date) -> dict[str, Counter[int]]:
    """Per municipality, a histogram of the whole days from first submission
    to approval or rejection, of the decisions made in the period."""
    start, end = _moments(from_, to)
    first = and_(AgreementVersion.agreement_id == Agreement.id, AgreementVersion.number == 1)
    where = (Agreement.status.in_(ov.DECIDED_STATUSES), Agreement.decided_at >= start,
             Agreement.decided_at < end,
             *_where_municipality(Agreement.municipality_code, code))
    result: dict[str, Counter[int]] = defaultdict(Counter)
    zone_name = current_app.config["IGU_TIMEZONE"]
    if db.session.get_bind().dialect.name == "postgresql":
        days = (sql_cast(func.timezone(zone_name, Agreement.decided_at), Date)
                - sql_cast(func.timezone(zone_name, AgreementVersion.submitted_at), Date))
        for municipality, n, count in cast(Any, db.session.execute(
                select(Agreement.municipality_code, days, func.count())
                .join(AgreementVersion, first).where(*where)
                .group_by(Agreement.municipality_code, days))):
            result[municipality][int(n)] += count
        return dict(result)
    zone = ZoneInfo(zone_name)
    for municipality, submitted, decided in cast(Any, db.session.execute(
            select(Agreement.municipality_code, AgreementVersion.submitted_at,
                   Agreement.decided_at).join(AgreementVersion, first).where(*where))):
        result[municipality][(decided.astimezone(zone).date()
                              - submitted.astimezone(zone).date()).days] += 1
    return dict(result)


def _all_days(histograms: dict[str, Counter[int]]) -> Counter[int]:
    total: Counter[int] = Counter()
    for days in histograms.values():
        total.update(days)
    return total


def claim_totals(code: str | None, from_: date, to: date) -> dict[str, ov.ClaimTotals]:
    """Per beneficiary (company: the company bonus; municipality: the result
    grant): the claims that fell due in the period (not cancelled) and those
    paid in it, counted and summed."""
    due: dict[str, tuple[int, Decimal]] = {}
    for beneficiary, count, amount in db.session.execute(
            select(BonusClaim.beneficiary, func.count(), func.sum(BonusClaim.amount))
            .where(BonusClaim.due_date >= from_, BonusClaim.due_date <= to,
                   BonusClaim.status != ClaimStatus.CANCELLED.value,
                   *_where_municipality(BonusClaim.municipality_code, code))
            .group_by(BonusClaim.beneficiary)):
        due[beneficiary] = (count, Decimal(amount or 0))
    paid: dict[str, tuple[int, Decimal]] = {}
    for beneficiary, count, amount in db.session.execute(
            select(BonusClaim.beneficiary, func.count(),
                   func.sum(func.coalesce(BonusClaim.paid_amount, BonusClaim.amount)))
            .where(BonusClaim.paid_on >= from_, BonusClaim.paid_on <= to,
                   BonusClaim.status == ClaimStatus.PAID.value,
                   *_where_municipality(BonusClaim.municipality_code, code))
            .group_by(BonusClaim.beneficiary)):
        paid[beneficiary] = (count, Decimal(amount or 0))
    zero = (0, Decimal(0))
    return {b: ov.ClaimTotals(due.get(b, zero)[0], _money(due.get(b, zero)[1]),
                              paid.get(b, zero)[0], _money(paid.get(b, zero)[1]))
            for b in (COMPANY, MUNICIPALITY)}


def _money(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(Decimal("0.01"))


def scheduled_amounts(code: str | None, after: date) -> dict[date, Decimal]:
    """The open claims' amounts per due date in the 12 months after the month
    holding `after`."""
    months = ov.months_after(after)
    rows = db.session.execute(
        select(BonusClaim.due_date, func.sum(BonusClaim.amount))
        .where(BonusClaim.status.in_(OPEN_CLAIMS), BonusClaim.due_date >= months[0][0],
               BonusClaim.due_date <= months[-1][1],
               *_where_municipality(BonusClaim.municipality_code, code))
        .group_by(BonusClaim.due_date))
    return {day: Decimal(amount) for day, amount in rows}


def ended_by_group(from_: date, to: date) -> dict[str, dict[str | None, ov.EndedCounts]]:
    """Per municipality and target group, the agreements completed or ended
    early (not continued) in the period: domain.overview.ended_kind in SQL."""
    in_period = Agreement.termination_date.between(from_, to)
    kind = case(
        (and_(Agreement.termination_date.is_not(None), in_period,
              Agreement.continued_by_cvr.is_(None)), ov.ENDED_EARLY),
        (and_(Agreement.termination_date.is_(None),
              Agreement.status == AgreementStatus.COMPLETED.value,
              Agreement.end_date.between(from_, to)), ov.COMPLETED),
        else_=None)
    rows: Any = db.session.execute(
        select(Agreement.municipality_code, Agreement.target_group, kind, func.count())
        .where(Agreement.status.in_(ov.APPROVED_STATUSES),
               or_(in_period, Agreement.end_date.between(from_, to)))
        .group_by(Agreement.municipality_code, Agreement.target_group, kind))
    counts: dict[str, dict[str | None, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for municipality, group, what, n in rows:
        if what is not None:
            counts[municipality][group][what] += n
    return {m: {g: ov.EndedCounts(c[ov.COMPLETED], c[ov.ENDED_EARLY]) for g, c in groups.items()}
            for m, groups in counts.items()}


def _sum_counts(groups: dict[str, dict[str | None, ov.EndedCounts]]) -> ov.EndedCounts:
    completed = early = 0
    for by_group in groups.values():
        for counts in by_group.values():
            completed += counts.completed
            early += counts.ended_early
    return ov.EndedCounts(completed, early)


# ---------------------------------------------------------------- use cases

def overview(actor: User, municipality: str, from_: date, to: date) -> ov.Overview:
    """The figures of a municipality (or, for an administrator, "all": the
    instance's) over [from_, to], both days included, suppression applied.
    An employer: PermissionDenied; another municipality than a caseworker's
    or finance officer's own: NotFound; `from_` after `to`: InputErrors."""
    found = municipality_named(actor, municipality)
    _check_period(from_, to)
    code = None if found is None else found.code
    records = course_records(code, from_, to)
    histograms = decision_days(code, from_, to)
    figures = ov.measures(records, from_, to, _all_days(histograms))
    claims = claim_totals(code, from_, to)
    own = ov.shown_share(ov.EndedCounts(figures.completed, figures.ended_early))
    instance = None
    if own is None and code is not None:
        instance = ov.shown_share(_sum_counts(ended_by_group(from_, to)))
    forecast = ov.forecast(to, scheduled_amounts(code, to), own, instance,
                           is_instance=code is None)
    return ov.overview_of(code or ov.ALL, from_, to, figures, claims[COMPANY],
                          claims[MUNICIPALITY], forecast)


def benchmark(actor: User, from_: date, to: date) -> ov.Benchmark:
    """Every municipality with courses in the instance, compared over
    [from_, to]. Aggregates only: every caseworker, finance officer and
    administrator sees every row; an employer: PermissionDenied."""
    _ensure_viewer(actor)
    _check_period(from_, to)
    return ov.benchmark(_codes_with_courses(), ended_by_group(from_, to),
                        decision_days(None, from_, to))


def quarters(actor: User, municipality: str, to: date,
             count: int = 8) -> tuple[ov.QuarterFigures, ...]:
    """The last `count` calendar quarters ending with the one holding `to`,
    oldest first: started, ended, days to decision and the money due and
    paid (both kinds of claims), suppressed as the overview is."""
    found = municipality_named(actor, municipality)
    code = None if found is None else found.code
    spans = ov.last_quarters(to, count)
    first, last = spans[0][1], spans[-1][2]
    records = course_records(code, first, last)
    due = _claim_days(code, first, last, BonusClaim.due_date,
                      BonusClaim.status != ClaimStatus.CANCELLED.value, BonusClaim.amount)
    paid = _claim_days(code, first, last, BonusClaim.paid_on,
                       BonusClaim.status == ClaimStatus.PAID.value,
                       func.coalesce(BonusClaim.paid_amount, BonusClaim.amount))
    result = []
    for label, start, end in spans:
        days = _all_days(decision_days(code, start, end))
        in_quarter = [r for r in records if r.start_date <= end]
        figures = ov.measures(in_quarter, start, end, days)
        due_n, due_sum = _within(due, start, end)
        paid_n, paid_sum = _within(paid, start, end)
        result.append(ov.quarter_figures(label, start, end, figures, ov.ClaimTotals(
            due_n, due_sum, paid_n, paid_sum)))
    return tuple(result)


def _claim_days(code: str | None, first: date, last: date, day: Any, condition: Any,
                amount: Any) -> Sequence[tuple[date, int, Decimal]]:
    return [(d, n, Decimal(s or 0)) for d, n, s in cast(Any, db.session.execute(
        select(day, func.count(), func.sum(amount))
        .where(day >= first, day <= last, condition,
               *_where_municipality(BonusClaim.municipality_code, code))
        .group_by(day)))]


def _within(rows: Sequence[tuple[date, int, Decimal]], start: date,
            end: date) -> tuple[int, Decimal]:
    n, total = 0, Decimal(0)
    for day, count, amount in rows:
        if start <= day <= end:
            n += count
            total += amount
    return n, _money(total)
