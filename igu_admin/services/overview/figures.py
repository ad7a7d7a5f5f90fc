"""The municipality's overview, the benchmark and the quarters as read: a
few aggregate queries, whatever the number of courses, and the domain
(domain.overview) that turns their counts into measures, rounds and
suppresses.

Read only: no audit event (nothing changes, and the figures are aggregates).

The queries count by the domain's rules, written again in SQL (`is_start`,
`is_active_on`, `ended_kind`, `age_on`); `course_records` reads one compact
row per agreement instead, for the test that holds the two to each other:
- the courses started in the period by target group, sex and age at the
  start, and their days from registered address to first day;
- the approved agreements running on `to`; the agreements per way of ending
  (per municipality and target group for the benchmark);
- the whole days from first submission (`first_submitted_at`, the time of
  the agreement's version 1) to the approval or rejection (`decided_at`:
  later decisions only come after a request for changes, and approve/reject
  end the review), counted between Danish calendar days: in the database on
  PostgreSQL, from the timestamps on SQLite (which has no time zones);
- the claims' counts and sums per beneficiary in one pass, and the open
  claims' sums per due date for the forecast.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import ColumnElement, Date, Integer, and_, case, func, or_, select
from sqlalchemy import cast as sql_cast

from igu_admin.core.errors import NotFound, PermissionDenied
from igu_admin.domain import overview as ov
from igu_admin.domain.lifecycle import AgreementStatus, ClaimStatus
from igu_admin.extensions import db
from igu_admin.inputs.errors import InputErrors, input_error
from igu_admin.models import (
    Agreement,
    BonusClaim,
    Municipality,
    Role,
    User,
)

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


def municipality_names() -> dict[str, str]:
    """Every municipality's name by its code."""
    return {code: name for code, name in db.session.execute(
        select(Municipality.code, Municipality.name))}


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
        raise InputErrors({"to": [input_error("period_reversed")]})


# ---------------------------------------------------------------- queries

def _codes_with_courses() -> list[str]:
    """The municipalities with an approved agreement: 98 look-ups in the
    index of a municipality's agreements by status, not a scan of them all."""
    return list(db.session.scalars(
        select(Municipality.code).where(
            select(Agreement.id).where(Agreement.municipality_code == Municipality.code,
                                       Agreement.status.in_(ov.APPROVED_STATUSES)).exists())
        .order_by(Municipality.code)))


def _where_municipality(column: Any, code: str | None) -> list[ColumnElement[bool]]:
    return [] if code is None else [column == code]


def course_records(code: str | None, from_: date, to: date) -> list[ov.CourseRecord]:
    """The approved agreements that touch [from_, to]: started by `to` and
    not ended before `from_`. One compact row each: for holding the
    aggregate queries to the domain's rules (tests), not for the pages."""
    last = func.coalesce(Agreement.termination_date, Agreement.end_date)
    rows = db.session.execute(
        select(Agreement.municipality_code, Agreement.status, Agreement.start_date,
               Agreement.end_date, Agreement.termination_date,
               Agreement.continues_agreement_id.is_not(None),
               Agreement.continued_by_cvr.is_not(None), Agreement.target_group,
               Agreement.registered_since, Agreement.trainee_sex, Agreement.trainee_birth_date)
        .where(Agreement.status.in_(ov.APPROVED_STATUSES), Agreement.start_date.is_not(None),
               Agreement.start_date <= to, or_(last.is_(None), last >= from_),
               *_where_municipality(Agreement.municipality_code, code)))
    return [ov.CourseRecord(*row) for row in cast(Any, rows)]


def _moments(from_: date, to: date) -> tuple[datetime, datetime]:
    """The period's first moment and the moment after its last, Danish days."""
    zone = ZoneInfo(current_app.config["IGU_TIMEZONE"])
    return (datetime.combine(from_, time(), zone),
            datetime.combine(to + timedelta(days=1), time(), zone))


def _decided_where(code: str | None, start: datetime,
                   end: datetime) -> tuple[ColumnElement[bool], ...]:
    return (Agreement.decided_at >= start, Agreement.decided_at < end,
            Agreement.status.in_(ov.DECIDED_STATUSES),
            Agreement.first_submitted_at.is_not(None),
            *_where_municipality(Agreement.municipality_code, code))


def decisions_by_day(code: str | None, from_: date,
                     to: date) -> Counter[tuple[str, date, int]]:
    """The decisions (approval or rejection) made in the period, counted by
    municipality, Danish day of the decision, and whole days from the first
    submission (Danish calendar days)."""
    start, end = _moments(from_, to)
    where = _decided_where(code, start, end)
    result: Counter[tuple[str, date, int]] = Counter()
    zone_name = current_app.config["IGU_TIMEZONE"]
    if db.session.get_bind().dialect.name == "postgresql":
        decided_day = sql_cast(func.timezone(zone_name, Agreement.decided_at), Date)
        days = decided_day - sql_cast(func.timezone(zone_name, Agreement.first_submitted_at),
                                      Date)
        for municipality, day, n, count in cast(Any, db.session.execute(
                select(Agreement.municipality_code, decided_day, days, func.count())
                .where(*where).group_by(Agreement.municipality_code, decided_day, days))):
            result[municipality, day, int(n)] += count
        return result
    zone = ZoneInfo(zone_name)
    for municipality, submitted, decided in cast(Any, db.session.execute(
            select(Agreement.municipality_code, Agreement.first_submitted_at,
                   Agreement.decided_at).where(*where))):
        day = decided.astimezone(zone).date()
        result[municipality, day, (day - submitted.astimezone(zone).date()).days] += 1
    return result


def decision_days(code: str | None, from_: date, to: date) -> dict[str, Counter[int]]:
    """Per municipality, a histogram of the whole days from first submission
    to approval or rejection, of the decisions made in the period (as
    `decisions_by_day`, without the day: fewer groups to count)."""
    start, end = _moments(from_, to)
    result: dict[str, Counter[int]] = defaultdict(Counter)
    if db.session.get_bind().dialect.name == "postgresql":
        zone_name = current_app.config["IGU_TIMEZONE"]
        days = (sql_cast(func.timezone(zone_name, Agreement.decided_at), Date)
                - sql_cast(func.timezone(zone_name, Agreement.first_submitted_at), Date))
        for municipality, gap, count in cast(Any, db.session.execute(
                select(Agreement.municipality_code, days, func.count())
                .where(*_decided_where(code, start, end))
                .group_by(Agreement.municipality_code, days))):
            result[municipality][int(gap)] += count
        return dict(result)
    for (municipality, _day, gap), count in decisions_by_day(code, from_, to).items():
        result[municipality][gap] += count
    return dict(result)


def _all_days(histograms: dict[str, Counter[int]]) -> Counter[int]:
    total: Counter[int] = Counter()
    for days in histograms.values():
        total.update(days)
    return total


def claim_totals(code: str | None, from_: date, to: date) -> dict[str, ov.ClaimTotals]:
    """Per beneficiary (company: the company bonus; municipality: the result
    grant): the claims that fell due in the period (not cancelled) and those
    paid in it (the amount paid), counted and summed in one pass."""
    due = and_(BonusClaim.due_date.between(from_, to),
               BonusClaim.status != ClaimStatus.CANCELLED.value)
    paid = and_(BonusClaim.paid_on.between(from_, to),
                BonusClaim.status == ClaimStatus.PAID.value)
    paid_amount = func.coalesce(BonusClaim.paid_amount, BonusClaim.amount)
    rows: Any = db.session.execute(
        select(BonusClaim.beneficiary,
               func.sum(case((due, 1), else_=0)), func.sum(case((due, BonusClaim.amount))),
               func.sum(case((paid, 1), else_=0)), func.sum(case((paid, paid_amount))))
        .where(or_(BonusClaim.due_date.between(from_, to),
                   BonusClaim.paid_on.between(from_, to)),
               *_where_municipality(BonusClaim.municipality_code, code))
        .group_by(BonusClaim.beneficiary))
    found = {beneficiary: ov.ClaimTotals(int(due_n or 0), _money(due_sum or Decimal(0)),
                                         int(paid_n or 0), _money(paid_sum or Decimal(0)))
             for beneficiary, due_n, due_sum, paid_n, paid_sum in rows}
    return {b: found.get(b, ov.ClaimTotals()) for b in (COMPANY, MUNICIPALITY)}


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


def _ended_kind(from_: date, to: date) -> Any:
    """domain.overview.ended_kind in SQL: completed, ended_early, continued
    or NULL."""
    in_period = Agreement.termination_date.between(from_, to)
    return case(
        (and_(Agreement.termination_date.is_not(None), in_period,
              Agreement.continued_by_cvr.is_not(None)), ov.CONTINUED),
        (and_(Agreement.termination_date.is_not(None), in_period), ov.ENDED_EARLY),
        (and_(Agreement.termination_date.is_(None),
              Agreement.status == AgreementStatus.COMPLETED.value,
              Agreement.end_date.between(from_, to)), ov.COMPLETED),
        else_=None)


def _ended_where(from_: date, to: date) -> tuple[ColumnElement[bool], ...]:
    # The indexes on the two dates find the candidates; the CASE decides.
    return (Agreement.status.in_(ov.APPROVED_STATUSES),
            or_(Agreement.termination_date.between(from_, to),
                Agreement.end_date.between(from_, to)))


def ended_by_group(from_: date, to: date) -> dict[str, dict[str | None, ov.EndedCounts]]:
    """Per municipality and target group, the agreements completed, ended
    early (not continued), or ended early and continued, in the period."""
    kind = _ended_kind(from_, to)
    rows: Any = db.session.execute(
        select(Agreement.municipality_code, Agreement.target_group, kind, func.count())
        .where(*_ended_where(from_, to))
        .group_by(Agreement.municipality_code, Agreement.target_group, kind))
    counts: dict[str, dict[str | None, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for municipality, group, what, n in rows:
        if what is not None:
            counts[municipality][group][what] += n
    return {m: {g: ov.EndedCounts(c[ov.COMPLETED], c[ov.ENDED_EARLY], c[ov.CONTINUED])
                for g, c in groups.items()}
            for m, groups in counts.items()}


def ended_kinds(code: str | None, from_: date, to: date) -> dict[str, int]:
    """The agreements per ended_kind in the period (one municipality, or all)."""
    kind = _ended_kind(from_, to)
    rows: Any = db.session.execute(
        select(kind, func.count())
        .where(*_ended_where(from_, to), *_where_municipality(Agreement.municipality_code, code))
        .group_by(kind))
    return {what: n for what, n in rows if what is not None}


def _starts_where(code: str | None, from_: date, to: date) -> tuple[ColumnElement[bool], ...]:
    """domain.overview.is_start in SQL, of approved agreements."""
    return (Agreement.start_date.between(from_, to), Agreement.continues_agreement_id.is_(None),
            Agreement.status.in_(ov.APPROVED_STATUSES),
            *_where_municipality(Agreement.municipality_code, code))


def _part(value: Any, field: str) -> Any:
    return func.extract(field, value)


def start_cells(code: str | None, from_: date, to: date) -> list[ov.StartCell]:
    """The courses started in the period by target group, sex and whole years
    of age at the start (domain.overview.age_on in SQL: the difference of the
    years, less one before the birthday)."""
    started = (select(Agreement.target_group, Agreement.trainee_sex,
                      Agreement.start_date.label("start"),
                      Agreement.trainee_birth_date.label("birth"))
               .where(*_starts_where(code, from_, to)).subquery())
    day = started.c.start
    born = started.c.birth
    age = (_part(day, "year") - _part(born, "year")
           - case((_part(day, "month") * 100 + _part(day, "day")
                   < _part(born, "month") * 100 + _part(born, "day"), 1), else_=0))
    rows: Any = db.session.execute(
        select(started.c.target_group, started.c.trainee_sex, age, func.count())
        .group_by(started.c.target_group, started.c.trainee_sex, age))
    return [ov.StartCell(group, sex, None if years is None else int(years), n)
            for group, sex, years, n in rows]


def _days_between(later: Any, earlier: Any) -> Any:
    """Whole days between two dates, in the database's own arithmetic."""
    if db.session.get_bind().dialect.name == "postgresql":
        return later - earlier
    return sql_cast(func.julianday(later) - func.julianday(earlier), Integer)


def registered_days(code: str | None, from_: date, to: date) -> Counter[int]:
    """The days from registered address to first day of the courses started
    in the period (those with the date), as a histogram."""
    days = _days_between(Agreement.start_date, Agreement.registered_since)
    rows: Any = db.session.execute(
        select(days, func.count())
        .where(*_starts_where(code, from_, to), Agreement.registered_since.is_not(None))
        .group_by(days))
    return Counter({int(n): count for n, count in rows})


def active_on(code: str | None, day: date) -> int:
    """domain.overview.is_active_on in SQL: the approved agreements running on `day`."""
    last = func.coalesce(Agreement.termination_date, Agreement.end_date)
    return db.session.scalar(
        select(func.count()).select_from(Agreement)
        .where(Agreement.status.in_(ov.APPROVED_STATUSES), Agreement.start_date <= day,
               or_(last.is_(None), last >= day),
               *_where_municipality(Agreement.municipality_code, code))) or 0


def ended_and_active(code: str | None, from_: date, to: date) -> tuple[dict[str, int], int]:
    """`ended_kinds` and `active_on(to)` in one pass over the agreements: the
    union of the two sets read once, each counted by its own condition."""
    last = func.coalesce(Agreement.termination_date, Agreement.end_date)
    running = and_(Agreement.start_date <= to, or_(last.is_(None), last >= to))
    kind = _ended_kind(from_, to)
    rows: Any = db.session.execute(
        select(kind, func.count(), func.sum(case((running, 1), else_=0)))
        .where(Agreement.status.in_(ov.APPROVED_STATUSES),
               or_(running, Agreement.termination_date.between(from_, to),
                   Agreement.end_date.between(from_, to)),
               *_where_municipality(Agreement.municipality_code, code))
        .group_by(kind))
    ended: dict[str, int] = {}
    active = 0
    for what, n, running_n in rows:
        if what is not None:
            ended[what] = n
        active += int(running_n or 0)
    return ended, active


def counted_measures(code: str | None, from_: date, to: date) -> ov.Measures:
    """The measures of a municipality (or all) counted by the database: a
    few aggregate queries, whatever the number of courses."""
    ended, active = ended_and_active(code, from_, to)
    return ov.measures_from_counts(
        starts=start_cells(code, from_, to), registered_days=registered_days(code, from_, to),
        active_on_to=active, ended=ended, decision_days=_all_days(decision_days(code, from_, to)))


# ---------------------------------------------------------------- use cases

def overview(actor: User, municipality: str, from_: date, to: date) -> ov.Overview:
    """The figures of a municipality (or, for an administrator, "all": the
    instance's) over [from_, to], both days included, suppression applied.
    An employer: PermissionDenied; another municipality than a caseworker's
    or finance officer's own: NotFound; `from_` after `to`: InputErrors."""
    found = municipality_named(actor, municipality)
    _check_period(from_, to)
    code = None if found is None else found.code
    figures = counted_measures(code, from_, to)
    claims = claim_totals(code, from_, to)
    own = ov.shown_share(ov.EndedCounts(figures.completed, figures.ended_early))
    instance = None
    if own is None and code is not None:
        everywhere = ended_kinds(None, from_, to)
        instance = ov.shown_share(ov.EndedCounts(everywhere.get(ov.COMPLETED, 0),
                                                 everywhere.get(ov.ENDED_EARLY, 0)))
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


def quarters(actor: User, municipality: str, to: date, count: int = 8,
             period: tuple[date, date] | None = None) -> tuple[ov.QuarterFigures, ...]:
    """The last `count` calendar quarters ending with the one holding `to`,
    oldest first: started, ended, days to decision and the money due and
    paid (both kinds of claims), suppressed as the overview is, and across
    the quarters as within a breakdown (`period`: the overview's shown
    beside them)."""
    found = municipality_named(actor, municipality)
    code = None if found is None else found.code
    spans = ov.last_quarters(to, count)
    first, last = spans[0][1], spans[-1][2]
    due = _claim_days(code, first, last, BonusClaim.due_date,
                      BonusClaim.status != ClaimStatus.CANCELLED.value, BonusClaim.amount)
    # `status || ''`: an expression, so that SQLite (which keeps no statistics
    # unless analysed) does not walk every paid claim of the instance by the
    # index on status instead of the municipality's claims.
    paid = _claim_days(code, first, last, BonusClaim.paid_on,
                       BonusClaim.status.concat("") == ClaimStatus.PAID.value,
                       func.coalesce(BonusClaim.paid_amount, BonusClaim.amount))
    # The two years read once, by day, and counted into quarters here.
    starts = dict(cast(Any, db.session.execute(
        select(Agreement.start_date, func.count()).where(*_starts_where(code, first, last))
        .group_by(Agreement.start_date))).all())
    flag = Agreement.continued_by_cvr.is_not(None)
    ends = [(ov.CourseRecord("", status, first, end_date, terminated, False, continued,
                             None, None, None, None), n)
            for status, end_date, terminated, continued, n in cast(Any, db.session.execute(
                select(Agreement.status, Agreement.end_date, Agreement.termination_date, flag,
                       func.count())
                .where(*_ended_where(first, last),
                       *_where_municipality(Agreement.municipality_code, code))
                .group_by(Agreement.status, Agreement.end_date, Agreement.termination_date,
                          flag)))]
    decided = decisions_by_day(code, first, last)
    result = []
    for label, start, end in spans:
        kinds: Counter[str] = Counter()
        for record, n in ends:
            kind = ov.ended_kind(record, start, end)
            if kind is not None:
                kinds[kind] += n
        days: Counter[int] = Counter()
        for (_municipality, day, n), count in decided.items():
            if start <= day <= end:
                days[n] += count
        figures = ov.measures_from_counts(
            starts=[ov.StartCell(None, None, None, sum(
                n for day, n in starts.items() if start <= day <= end))],
            registered_days=(), active_on_to=0, ended=kinds, decision_days=days)
        due_n, due_sum = _within(due, start, end)
        paid_n, paid_sum = _within(paid, start, end)
        result.append(ov.quarter_figures(label, start, end, figures, ov.ClaimTotals(
            due_n, due_sum, paid_n, paid_sum)))
    return ov.hide_lone_quarters(result, period)


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
