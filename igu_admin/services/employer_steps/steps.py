"""What the employer does next with each IGU course, in order: send the
agreement (or make the changes asked for), build the schooling plan by its
deadline, wait for the municipality's decision, sign the approved copy by
the first day, register in VITAS by its deadline, and prepare each bonus
claim when it falls due.

Each step says whether it is done, due (overdue once its deadline has
passed), waited on, or later. The deadlines are the rule set's (plan,
VITAS registration) and the course's (signing on or before the first day).
A list page reads its courses' plans and claims in a fixed number of
queries (facts_for), whatever the number of courses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sqlalchemy import select

from igu_admin.core import tenancy
from igu_admin.domain.lifecycle import AgreementStatus, ClaimStatus, PlanStatus
from igu_admin.extensions import db
from igu_admin.models import Agreement, BonusClaim, User
from igu_admin.services import plans
from igu_admin.services.review import registration_deadline

__all__ = ["CourseFacts", "EmployerStep", "State", "StepKey", "facts_for", "first_open",
           "steps_for", "steps_of"]

A = AgreementStatus


class StepKey(StrEnum):
    SEND = "send"  # a draft: finish it and send it to the municipality
    CHANGES = "changes"  # sent back: make the changes and send it again
    PLAN = "plan"  # build the schooling plan (or correct it) and send it
    DECISION = "decision"  # the municipality reviews the agreement
    SIGN = "sign"  # print the approved agreement and sign it with the trainee
    VITAS = "vitas"  # register the agreement and the plan in VITAS
    CLAIM = "claim"  # prepare a bonus claim


class State(StrEnum):
    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"
    WAITING = "waiting"  # on someone else (the municipality)
    LATER = "later"  # not yet possible


@dataclass(frozen=True)
class EmployerStep:
    key: StepKey
    state: State
    deadline: date | None = None
    # A claim step: the claim, its type and the day it fell (or falls) due.
    claim_id: int | None = None
    claim_type: str | None = None
    # The plan: sent back by the municipality, to be corrected and sent again.
    resend: bool = False

    @property
    def open(self) -> bool:
        """Due now: something the employer should do."""
        return self.state in (State.DUE, State.OVERDUE)


@dataclass(frozen=True)
class CourseFacts:
    """What a course's steps are judged from besides the agreement itself."""

    plan_status: str | None = None
    # The plan's deadline while it has never been sent (plans.open_deadlines).
    plan_deadline: date | None = None
    claims: tuple[BonusClaim, ...] = field(default_factory=tuple)


# The statuses in which each part still matters.
_LIVE = (A.DRAFT.value, A.SUBMITTED.value, A.CHANGES_REQUESTED.value, A.APPROVED.value,
         A.ACTIVE.value)
_APPROVED_RUNNING = (A.APPROVED.value, A.ACTIVE.value)
_WITH_CLAIMS = (A.APPROVED.value, A.ACTIVE.value, A.COMPLETED.value, A.TERMINATED.value)
_OPEN_CLAIMS = (ClaimStatus.SCHEDULED.value, ClaimStatus.DUE.value)


def _dated(deadline: date | None, today: date) -> State:
    return State.OVERDUE if deadline is not None and deadline < today else State.DUE


def _agreement_steps(agreement: Agreement) -> list[EmployerStep]:
    status = agreement.status
    if status == A.DRAFT.value:
        return [EmployerStep(StepKey.SEND, State.DUE)]
    if status == A.CHANGES_REQUESTED.value:
        return [EmployerStep(StepKey.CHANGES, State.DUE)]
    return []


def _plan_step(agreement: Agreement, facts: CourseFacts, today: date) -> list[EmployerStep]:
    if agreement.status not in _LIVE:
        return []
    if facts.plan_status == PlanStatus.CHANGES_REQUESTED.value:
        return [EmployerStep(StepKey.PLAN, State.DUE, resend=True)]
    if agreement.start_date is not None and facts.plan_deadline is None:
        return [EmployerStep(StepKey.PLAN, State.DONE)]  # sent: it has a version
    deadline = facts.plan_deadline
    return [EmployerStep(StepKey.PLAN, _dated(deadline, today), deadline)]


def _decision_step(agreement: Agreement) -> list[EmployerStep]:
    status = agreement.status
    if status in _WITH_CLAIMS:
        return [EmployerStep(StepKey.DECISION, State.DONE)]
    if status == A.SUBMITTED.value:
        return [EmployerStep(StepKey.DECISION, State.WAITING)]
    if status in (A.DRAFT.value, A.CHANGES_REQUESTED.value):
        return [EmployerStep(StepKey.DECISION, State.LATER)]
    return []


def _after_approval(agreement: Agreement, today: date) -> list[EmployerStep]:
    status = agreement.status
    start = agreement.start_date
    vitas_deadline = registration_deadline(agreement)
    if status not in _APPROVED_RUNNING:
        if status in _LIVE:
            return [EmployerStep(StepKey.SIGN, State.LATER, start),
                    EmployerStep(StepKey.VITAS, State.LATER, vitas_deadline)]
        return []
    sign = (EmployerStep(StepKey.SIGN, State.DONE, start) if agreement.signed_on is not None
            else EmployerStep(StepKey.SIGN, _dated(start, today), start))
    vitas = (EmployerStep(StepKey.VITAS, State.DONE, vitas_deadline)
             if agreement.registered_on is not None
             else EmployerStep(StepKey.VITAS, _dated(vitas_deadline, today), vitas_deadline))
    return [sign, vitas]


def _claim_steps(agreement: Agreement, facts: CourseFacts) -> list[EmployerStep]:
    if agreement.status not in _WITH_CLAIMS:
        return []
    due = [EmployerStep(StepKey.CLAIM, State.DUE, claim.deadline or claim.due_date,
                        claim.id, claim.claim_type)
           for claim in facts.claims if claim.status == ClaimStatus.DUE.value]
    if due:
        return due
    coming = [claim for claim in facts.claims if claim.status == ClaimStatus.SCHEDULED.value]
    if coming:
        claim = coming[0]
        return [EmployerStep(StepKey.CLAIM, State.LATER, claim.due_date, claim.id,
                             claim.claim_type)]
    return []


def steps_of(agreement: Agreement, facts: CourseFacts, today: date) -> list[EmployerStep]:
    """The course's steps in the order they are taken."""
    return [*_agreement_steps(agreement), *_plan_step(agreement, facts, today),
            *_decision_step(agreement), *_after_approval(agreement, today),
            *_claim_steps(agreement, facts)]


def facts_for(agreements: Sequence[Agreement], user: User) -> dict[int, CourseFacts]:
    """The plans and the open claims `user` may see (an employer: the
    company's, not the municipality's result grant) of the courses, by
    agreement id, in three queries whatever their number."""
    if not agreements:
        return {}
    statuses = plans.plan_statuses(agreements)
    deadlines = plans.open_deadlines(agreements)
    claims: dict[int, list[BonusClaim]] = {}
    found = db.session.scalars(
        select(BonusClaim).where(tenancy.claim_filter(user),
                                 BonusClaim.agreement_id.in_([a.id for a in agreements]),
                                 BonusClaim.status.in_(_OPEN_CLAIMS))
        .order_by(BonusClaim.due_date, BonusClaim.id))
    for claim in found:
        claims.setdefault(claim.agreement_id, []).append(claim)
    return {a.id: CourseFacts(statuses.get(a.id), deadlines.get(a.id),
                              tuple(claims.get(a.id, ()))) for a in agreements}


def steps_for(agreements: Sequence[Agreement], user: User,
              today: date) -> dict[int, list[EmployerStep]]:
    """Each course's steps as `user` sees them, by agreement id (see facts_for)."""
    facts = facts_for(agreements, user)
    return {a.id: steps_of(a, facts[a.id], today) for a in agreements}


def first_open(steps: Sequence[EmployerStep]) -> EmployerStep | None:
    """What the list shows as the next step: the first due one, else the
    first waited on; None when nothing is due or awaited."""
    return next((s for s in steps if s.open), None) or next(
        (s for s in steps if s.state == State.WAITING), None)
