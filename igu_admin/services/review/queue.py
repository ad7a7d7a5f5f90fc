"""The caseworker's queue: the cases of their municipality with something
waiting for the municipality's decision (an agreement submitted, a plan
submitted, an extension requested), oldest first, one page at a time.

Each row carries what the caseworker sorts their day by: how long the case
has waited, the employer, the trainee (masked CPR), the start date, who has
taken the case, and flags for what needs attention. One query gives the page
(joins and correlated sub-queries, the total by a window function), so a
page costs the same whatever the number of cases (no N+1); the flags come
from the columns that query loads.

Searching by CPR number goes through the keyed hash the agreements keep
(`trainee_cpr_hash`): the number typed is hashed here and never stored,
logged or put in a URL by this module.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import aliased, contains_eager

from igu_admin.core import clock
from igu_admin.core.cpr_vault import vault
from igu_admin.core.database import unicode_lower
from igu_admin.core.errors import PermissionDenied
from igu_admin.domain.identifiers import mask_cpr
from igu_admin.domain.lifecycle import (
    COUNTS_AS_IGU,
    AgreementStatus,
    ExtensionStatus,
    PlanStatus,
)
from igu_admin.extensions import db
from igu_admin.models import (
    Agreement,
    CourseExtension,
    Role,
    SchoolingPlan,
    SchoolingPlanItem,
    User,
)
from igu_admin.services import agreements, plans

__all__ = ["ASSIGNEE_FILTERS", "PAGE_SIZE", "START_SOON_DAYS", "STATUS_FILTERS", "Flag",
           "QueuePage", "QueueQuery", "QueueRow", "Waiting", "queue"]

# A start date this many days away (or fewer) is flagged on a case still
# awaiting the decision: the employer has to sign and register the agreement
# before the start, so a decision is needed now. The product's choice, not
# the law's (jobcentres asked for two weeks' notice).
START_SOON_DAYS = 14
PAGE_SIZE = 50

A, P, E = AgreementStatus, PlanStatus, ExtensionStatus


class Waiting(StrEnum):
    """What a case waits for the municipality's decision on."""

    AGREEMENT = "agreement"
    PLAN = "plan"
    EXTENSION = "extension"


class Flag(StrEnum):
    """What needs the caseworker's attention on a case."""

    ELIGIBILITY = "eligibility"  # the trainee's stored facts fail a criterion
    PLAN_MISSING = "plan_missing"  # no plan has been sent
    PLAN_ERRORS = "plan_errors"  # the plan was sent back, or has an element outside the period
    START_SOON = "start_soon"  # undecided, and the start is at most START_SOON_DAYS away
    START_PASSED = "start_passed"  # undecided, and the start date has passed
    PLAN_DEADLINE_PASSED = "plan_deadline_passed"  # no plan sent by the rule set's deadline


# "waiting": anything waiting; one kind of thing waiting; or "all": every
# case of the municipality, waiting or not (to find a case by name or CPR).
STATUS_FILTERS = ("waiting", Waiting.AGREEMENT.value, Waiting.PLAN.value,
                  Waiting.EXTENSION.value, "all")
ASSIGNEE_FILTERS = ("all", "mine", "unassigned")
# An agreement is decided while submitted; its plan while the agreement is
# in these statuses (not once withdrawn or rejected).
_PLAN_DECIDED_WITH = (A.SUBMITTED.value, A.CHANGES_REQUESTED.value, A.APPROVED.value,
                      A.ACTIVE.value)
# The agreement statuses in which something may wait for the municipality.
_MAY_WAIT = _PLAN_DECIDED_WITH
# The agreement statuses in which the start date is still ahead of a decision.
_UNDECIDED = (A.SUBMITTED.value, A.CHANGES_REQUESTED.value)
# A plan sent and not withdrawn into a draft: its elements are those sent.
_SENT_PLAN = (P.SUBMITTED.value, P.APPROVED.value)


@dataclass(frozen=True)
class QueueQuery:
    """What the caseworker asked for. `cpr` is a parsed CPR number (10 digits),
    used only to compute its keyed hash for the look-up."""

    status: str = "waiting"
    assignee: str = "all"
    name: str = ""
    cpr: str | None = None
    page: int = 1


@dataclass(frozen=True)
class QueueRow:
    agreement: Agreement
    waiting: tuple[Waiting, ...]
    waiting_since: datetime | None
    days_waiting: int | None
    masked_cpr: str | None
    plan_status: str | None
    flags: tuple[Flag, ...]
    plan_deadline: date | None

    @property
    def assigned_name(self) -> str | None:
        person = self.agreement.assigned_caseworker
        return None if person is None else (person.name or person.email)


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def queue(actor: User, asked: QueueQuery) -> QueuePage:
    """One page of the caseworker's municipality's cases as asked (a search
    in every status, whatever the status filter). Refuses
    anyone but a caseworker (PermissionDenied): the queue is theirs."""
    if actor.role != Role.CASEWORKER or actor.municipality_code is None:
        raise PermissionDenied("queue")
    page = max(1, asked.page)
    name = " ".join(asked.name.split()).lower()
    # A search (a name or a CPR number) looks through every case of the
    # municipality, whatever the status shown: the case sought may be
    # decided, withdrawn or ended. The caseworker filter still applies.
    searching = bool(name) or asked.cpr is not None
    status = ("all" if searching else
              asked.status if asked.status in STATUS_FILTERS else "waiting")
    assignee = asked.assignee if asked.assignee in ASSIGNEE_FILTERS else "all"
    statement = _statement(status, assignee, bool(name), asked.cpr is not None)
    values = {"municipality": actor.municipality_code, "me": actor.id,
              "name": f"%{_escaped(name)}%", "limit": PAGE_SIZE,
              "offset": (page - 1) * PAGE_SIZE,
              "cpr_hash": vault().lookup_hash(asked.cpr) if asked.cpr is not None else ""}
    today = clock.today()
    rows, total = [], 0
    for found in db.session.execute(statement, values):
        total = found.total
        rows.append(_row(found, today))
    return QueuePage(rows, total, page)


_ESCAPE = "\\"


def _escaped(text: str) -> str:
    """A name as typed, its LIKE wildcards matching only themselves."""
    return text.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace(
        "_", _ESCAPE + "_")


@functools.cache
def _statement(status: str, assignee: str, by_name: bool, by_cpr: bool) -> Select[Any]:
    """The queue's one statement for a shape of question, made once (the
    values are bound parameters): an inner query picks the page (filters,
    order, the total by a window function) from the cheap columns; the outer
    one loads the page's rows with what the flags need, so the correlated
    look-ups run for one page of rows, not for every case waiting."""
    plan = aliased(SchoolingPlan)
    pending = (select(CourseExtension.agreement_id,
                      func.min(CourseExtension.requested_at).label("since"))
               .where(CourseExtension.status == E.REQUESTED.value)
               .group_by(CourseExtension.agreement_id).subquery())
    waits = {
        Waiting.AGREEMENT: Agreement.status == A.SUBMITTED.value,
        Waiting.PLAN: and_(plan.status == P.SUBMITTED.value,
                           Agreement.status.in_(_PLAN_DECIDED_WITH)),
        Waiting.EXTENSION: and_(Agreement.status == A.ACTIVE.value,
                                pending.c.since.is_not(None)),
    }
    any_wait = or_(*waits.values())
    since = case((waits[Waiting.AGREEMENT], Agreement.submitted_at),
                 (waits[Waiting.PLAN], plan.submitted_at),
                 (waits[Waiting.EXTENSION], pending.c.since))
    # Waiting cases first, the longest waiting first; then the rest, newest first.
    rank = case((any_wait, 0), else_=1)
    where = [Agreement.municipality_code == bindparam("municipality"),
             Agreement.submitted_at.is_not(None)]
    if status == "waiting":
        # Implied by any_wait; said as well, so that the index on the
        # municipality and the status can narrow first.
        where += [Agreement.status.in_(_MAY_WAIT), any_wait]
    elif status != "all":
        where.append(waits[Waiting(status)])
    if assignee == "mine":
        where.append(Agreement.assigned_caseworker_id == bindparam("me"))
    elif assignee == "unassigned":
        where.append(Agreement.assigned_caseworker_id.is_(None))
    if by_name:
        where.append(unicode_lower(Agreement.trainee_name).like(bindparam("name"),
                                                                escape=_ESCAPE))
    if by_cpr:
        where.append(Agreement.trainee_cpr_hash == bindparam("cpr_hash"))
    picked = (
        select(Agreement.id.label("id"), since.label("since"), rank.label("rank"),
               Agreement.submitted_at.label("sent_at"),
               *(condition.label(f"waits_{kind}") for kind, condition in waits.items()),
               plan.id.label("plan_id"), plan.status.label("plan_status"),
               plan.submitted_at.label("plan_sent_at"), func.count().over().label("total"))
        .select_from(Agreement)
        .outerjoin(plan, plan.agreement_id == Agreement.id)
        .outerjoin(pending, pending.c.agreement_id == Agreement.id)
        .where(*where).order_by(rank, since, Agreement.submitted_at.desc(), Agreement.id)
        .limit(bindparam("limit", type_=Integer)).offset(bindparam("offset", type_=Integer))
    ).subquery()
    person = aliased(User)
    return (
        select(Agreement, picked, _recorded_elsewhere().label("recorded_elsewhere"),
               _plan_outside_period(picked.c.plan_id, picked.c.plan_status)
               .label("plan_outside"))
        .join(picked, picked.c.id == Agreement.id)
        .join(Agreement.company)
        .outerjoin(person, person.id == Agreement.assigned_caseworker_id)
        .options(contains_eager(Agreement.company),
                 contains_eager(Agreement.assigned_caseworker.of_type(person)))
        .order_by(picked.c.rank, picked.c.since, picked.c.sent_at.desc(), picked.c.id))


def _recorded_elsewhere() -> ColumnElement[bool]:
    """Whether igu-admin holds another agreement that counts as the person's
    IGU (the look-up the eligibility check makes, by the CPR number's keyed
    hash). A continuation's own chain counts here too: its rows are assessed
    with their chain (agreements.assess) instead."""
    other = aliased(Agreement)
    return exists().where(other.trainee_cpr_hash == Agreement.trainee_cpr_hash,
                          other.id != Agreement.id,
                          other.status.in_([s.value for s in COUNTS_AS_IGU]))


def _plan_outside_period(plan_id: ColumnElement[int],
                         plan_status: ColumnElement[str]) -> ColumnElement[bool]:
    """Whether the plan as sent has an element outside the course's period
    (the rules' `outside_period`), e.g. after the agreement's start date was
    changed. The full check of the plan is on the case page."""
    item = aliased(SchoolingPlanItem)
    return exists().where(
        item.plan_id == plan_id, plan_status.in_(_SENT_PLAN),
        or_(item.start_date < Agreement.start_date, item.end_date > Agreement.end_date))


def _row(found: object, today: date) -> QueueRow:
    agreement: Agreement = found.Agreement  # type: ignore[attr-defined]
    waiting = tuple(kind for kind in Waiting if getattr(found, f"waits_{kind.value}"))
    since: datetime | None = found.since  # type: ignore[attr-defined]
    plan_status: str | None = found.plan_status  # type: ignore[attr-defined]
    plan_sent = found.plan_sent_at is not None  # type: ignore[attr-defined]
    deadline = plans.deadline(agreement) if not plan_sent else None
    flags = _flags(agreement, plan_status, plan_sent, deadline, today,
                   recorded=bool(found.recorded_elsewhere),  # type: ignore[attr-defined]
                   plan_outside=bool(found.plan_outside))  # type: ignore[attr-defined]
    cpr = (mask_cpr(vault().decrypt(agreement.trainee_cpr_encrypted))
           if agreement.trainee_cpr_encrypted is not None else None)
    return QueueRow(agreement=agreement, waiting=waiting, waiting_since=since,
                    days_waiting=None if since is None else (today - _local_day(since)).days,
                    masked_cpr=cpr, plan_status=plan_status, flags=flags,
                    plan_deadline=deadline)


def _flags(agreement: Agreement, plan_status: str | None, plan_sent: bool,
           deadline: date | None, today: date, recorded: bool,
           plan_outside: bool) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    if _eligibility_problem(agreement, recorded):
        flags.append(Flag.ELIGIBILITY)
    if not plan_sent:
        flags.append(Flag.PLAN_MISSING)
    elif plan_status == P.CHANGES_REQUESTED.value or plan_outside:
        flags.append(Flag.PLAN_ERRORS)
    start = agreement.start_date
    if start is not None and agreement.status in _UNDECIDED:
        if start < today:
            flags.append(Flag.START_PASSED)
        elif start <= today + timedelta(days=START_SOON_DAYS):
            flags.append(Flag.START_SOON)
    if deadline is not None and deadline < today and agreement.status in (
            *_UNDECIDED, A.APPROVED.value, A.ACTIVE.value):
        flags.append(Flag.PLAN_DEADLINE_PASSED)
    return tuple(flags)


def _eligibility_problem(agreement: Agreement, recorded: bool) -> bool:
    if agreement.continues_agreement_id is not None:
        # Judged as on the course's first day, its own chain not counted:
        # a few queries, for the few continuations.
        assessment = agreements.assess(agreement, everywhere=True)
    else:
        assessment = agreements.assess_as_listed(agreement, recorded)
    return assessment is not None and not assessment.eligible


def _local_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(current_app.config["IGU_TIMEZONE"])).date()
