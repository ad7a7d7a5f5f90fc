"""The follow-up as read: one course's next check-in, overdue days, risk and
reasons, and the municipality's list of its active courses, at risk first.

Risk is gathered from the records in a few queries for any number of courses
and judged by `domain.follow_up.assess`: explained, never a score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from igu_admin.core import clock
from igu_admin.core.errors import PermissionDenied
from igu_admin.core.parties import ensure_party
from igu_admin.domain import follow_up as fu
from igu_admin.domain.lifecycle import AgreementStatus, ClaimStatus, PlanStatus, StartedBy
from igu_admin.extensions import db
from igu_admin.models import (
    Agreement,
    BonusClaim,
    CheckIn,
    CourseExtension,
    FollowUpNote,
    Role,
    SchoolingPlan,
    SchoolingPlanVersion,
    User,
)
from igu_admin.services import plans
from igu_admin.services.follow_up.records import check_ins_of, mentor_of, notes_of
from igu_admin.services.follow_up.settings import months_for

# The employer's reason code (a key of EXTENSION_REASONS) for a sickness.
SICKNESS = "sickness"
RISK_FILTERS = ("at_risk", "ok")


@dataclass(frozen=True)
class CourseFollowUp:
    agreement: Agreement
    next_check_in: date | None
    risk: fu.Risk


@dataclass(frozen=True)
class EndedCourse:
    """A course ended early: how long it ran, and whether another employer
    continued it (named on the termination, or by an agreement continuing it)."""

    agreement: Agreement
    months_served: int
    continued_by_cvr: str | None
    continuation: Agreement | None

    @property
    def continued(self) -> bool:
        return self.continued_by_cvr is not None or self.continuation is not None


@dataclass(frozen=True)
class FollowUp:
    """One course's follow-up as both sides see it."""

    course: CourseFollowUp
    mentor: dict[str, str] | None
    check_ins: list[CheckIn]
    notes: list[FollowUpNote]


def _assess_all(agreements: Sequence[Agreement], today: date) -> list[CourseFollowUp]:
    """Each course's risk, from the records of all of them read at once."""
    ids = [a.id for a in agreements]
    if not ids:
        return []
    last: dict[int, CheckIn] = {}
    for check_in in db.session.scalars(select(CheckIn).where(CheckIn.agreement_id.in_(ids))):
        if check_in.agreement_id not in last or check_in.number > last[check_in.agreement_id].number:
            last[check_in.agreement_id] = check_in
    sickness: dict[int, list[date]] = {}
    for agreement_id, asked in db.session.execute(
            select(CourseExtension.agreement_id, CourseExtension.requested_at)
            .where(CourseExtension.agreement_id.in_(ids), CourseExtension.reason == SICKNESS)):
        sickness.setdefault(agreement_id, []).append(asked.date())
    rejected: dict[int, list[date]] = {}
    for claim in db.session.scalars(select(BonusClaim).where(
            BonusClaim.agreement_id.in_(ids), BonusClaim.status == ClaimStatus.REJECTED.value)):
        # A rejection keeps no date of its own: the day the claim was sent stands for it.
        rejected.setdefault(claim.agreement_id, []).append(claim.submitted_on or claim.due_date)
    plan_rows = {p.agreement_id: p for p in db.session.scalars(
        select(SchoolingPlan).where(SchoolingPlan.agreement_id.in_(ids)))}
    submitted = set(db.session.scalars(
        select(SchoolingPlan.agreement_id).join(SchoolingPlanVersion)
        .where(SchoolingPlan.agreement_id.in_(ids))))
    found = []
    for agreement in agreements:
        found.append(_assess(agreement, today, last.get(agreement.id),
                             sickness.get(agreement.id, []), rejected.get(agreement.id, []),
                             plan_rows.get(agreement.id), agreement.id in submitted))
    return found


def _assess(agreement: Agreement, today: date, last_row: CheckIn | None,
            sickness: list[date], rejected: list[date], plan: SchoolingPlan | None,
            submitted: bool) -> CourseFollowUp:
    last = None
    if last_row is not None:
        last = fu.LastCheckIn(last_row.held_on, last_row.next_on, "at_risk" in (
            last_row.work, last_row.school, last_row.danish))
    next_on = None
    if agreement.start_date is not None:
        next_on = fu.next_check_in(agreement.start_date, months_for(agreement), last,
                                   agreement.end_date)
    # An imported course's plan lives outside igu-admin until one is added here.
    outside = agreement.started_by == StartedBy.IMPORT.value and plan is None
    sent_back = plan is not None and plan.status == PlanStatus.CHANGES_REQUESTED
    plan_facts = fu.PlanFacts(
        deadline=plans.deadline(agreement), submitted=submitted, sent_back=sent_back,
        sent_back_on=plan.decided_at.date() if sent_back and plan and plan.decided_at else None,
        outside=outside)
    risk = fu.assess(fu.RiskFacts(today=today, last_check_in=last, next_check_in=next_on,
                                  sickness_requested_on=sickness, plan=plan_facts,
                                  claims_rejected_on=rejected))
    return CourseFollowUp(agreement, next_on, risk)


def follow_up_of(actor: User, agreement: Agreement) -> FollowUp:
    """The follow-up of one course, for its employer or the municipality's caseworker."""
    ensure_party(actor, agreement, "follow_up_read")
    [course] = _assess_all([agreement], clock.today())
    return FollowUp(course, mentor_of(agreement), check_ins_of(agreement), notes_of(agreement))


def follow_up_list(actor: User, *, risk: str | None = None, overdue: bool = False,
                   assigned_to_me: bool = False) -> list[CourseFollowUp]:
    """The municipality's active courses, at risk first, then the most overdue.
    `overdue`: only those whose next check-in has passed."""
    if actor.role != Role.CASEWORKER:
        raise PermissionDenied("follow_up_list")
    query = (select(Agreement).options(joinedload(Agreement.company),
                                       joinedload(Agreement.municipality),
                                       joinedload(Agreement.assigned_caseworker))
             .where(Agreement.municipality_code == actor.municipality_code,
                    Agreement.status == AgreementStatus.ACTIVE.value))
    if assigned_to_me:
        query = query.where(Agreement.assigned_caseworker_id == actor.id)
    courses = _assess_all(list(db.session.scalars(query).unique()), clock.today())
    if risk is not None:
        courses = [c for c in courses if c.risk.risk == risk]
    if overdue:
        courses = [c for c in courses if c.risk.overdue_days > 0]
    return sorted(courses, key=lambda c: fu.list_order(c.risk.risk, c.risk.overdue_days,
                                                       c.agreement.id))


def check_ins_between(first: date, last: date) -> list[CourseFollowUp]:
    """Every municipality's active courses whose next check-in falls from
    `first` to `last` (both included): the daily work's reminders, no actor."""
    query = (select(Agreement).options(joinedload(Agreement.municipality),
                                       joinedload(Agreement.assigned_caseworker))
             .where(Agreement.status == AgreementStatus.ACTIVE.value)
             .order_by(Agreement.id))
    courses = _assess_all(list(db.session.scalars(query).unique()), first)
    return [c for c in courses
            if c.next_check_in is not None and first <= c.next_check_in <= last]


def early_ended_list(actor: User) -> list[EndedCourse]:
    """The municipality's courses ended early (a termination recorded, in
    effect or ahead) with a termination date in the last EARLY_ENDED_MONTHS,
    the latest first."""
    if actor.role != Role.CASEWORKER:
        raise PermissionDenied("follow_up_list")
    since = fu.early_ended_since(clock.today())
    ended = list(db.session.scalars(
        select(Agreement).options(joinedload(Agreement.company))
        .where(Agreement.municipality_code == actor.municipality_code,
               Agreement.termination_date.is_not(None),
               Agreement.termination_date >= since)
        .order_by(Agreement.termination_date.desc(), Agreement.id.desc())).unique())
    # A draft withdrawn or refused continues nothing.
    given_up = (AgreementStatus.WITHDRAWN.value, AgreementStatus.REJECTED.value)
    continuations: dict[int, Agreement] = {}
    for later in db.session.scalars(
            select(Agreement).where(Agreement.continues_agreement_id.in_([a.id for a in ended]),
                                    Agreement.status.not_in(given_up))
            .order_by(Agreement.id)):
        assert later.continues_agreement_id is not None
        continuations.setdefault(later.continues_agreement_id, later)
    found = []
    for agreement in ended:
        assert agreement.termination_date is not None
        served = (fu.months_served(agreement.start_date, agreement.termination_date)
                  if agreement.start_date is not None else 0)
        found.append(EndedCourse(agreement, served, agreement.continued_by_cvr,
                                 continuations.get(agreement.id)))
    return found
