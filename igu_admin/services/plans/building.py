"""Schooling plans: the employer builds the plan of an agreement, the rules
judge it at every change, and it is submitted to the trainee's municipality
as immutable versions: with the agreement, or later on its own.

- The employer edits the plan while the agreement is a draft, awaits the
  municipality's decision, was sent back for changes, or is approved or
  running (a plan can be adjusted later); not once the agreement has ended,
  and not while the plan itself awaits a decision. The municipality decides
  on the agreement's version as sent, so a plan made after it (it is due by
  the end of the first month of employment) need not wait for that
  decision. Saving an approved plan makes it a draft again (the lifecycle's
  `revise`).
- The municipality's caseworkers read the plan once the agreement has been
  submitted (the agreement's tenancy); finance officers have no use for it.
- An agreement without a plan has an empty draft plan: no items,
  lock_version 0. The first save makes it (lock_version 1).
- A plan is submitted on its own only once the agreement has been submitted
  (so the municipality can see it), and only when the rules find no errors.
  When the employer submits the agreement, a plan in draft (or sent back)
  that the rules accept goes with it, in the same transaction.
- The deadline for the plan is the end of the rule set's first month(s) of
  employment (domain.schooling.plan_deadline).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from igu_admin.core import audit, rules_in_force
from igu_admin.core.errors import ConflictError, NotFound, PermissionDenied, SubmissionRefused
from igu_admin.core.lifecycle import change_status, ensure_allowed
from igu_admin.core.locking import ensure_current
from igu_admin.core.plan_snapshot import snapshot
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain import agreement_rules
from igu_admin.domain.lifecycle import Action, AgreementStatus, PlanStatus, RecordKind
from igu_admin.domain.rulesets import RuleSet
from igu_admin.domain.schooling import (
    PlanCheck,
    PlanContext,
    PlanElement,
    check_plan,
    plan_deadline,
)
from igu_admin.extensions import db
from igu_admin.inputs.plan import PlanInput, PlanItemInput, PlanValidation
from igu_admin.models import Agreement, Role, SchoolingPlan, SchoolingPlanItem, SchoolingPlanVersion
from igu_admin.models.base import utcnow
from igu_admin.models.user import User
from igu_admin.services import documents, notifications
from igu_admin.wording import plan as plan_messages

__all__ = ["AGREEMENT_STATUSES_TO_EDIT", "AGREEMENT_STATUSES_TO_SUBMIT", "can_edit",
           "can_submit", "check", "deadline", "elements", "find_plan", "get_plan",
           "open_deadlines", "plan_statuses", "refusals", "review", "save_plan",
           "submit_plan", "submit_with_agreement", "validate"]

A, P = AgreementStatus, PlanStatus
# The agreement's statuses in which the employer may change its plan: also
# while the agreement awaits its decision (the plan is due within the first
# month of employment, whatever the municipality's pace); a plan awaiting
# its own decision is refused by the plan's status.
AGREEMENT_STATUSES_TO_EDIT = (A.DRAFT.value, A.SUBMITTED.value, A.CHANGES_REQUESTED.value,
                              A.APPROVED.value, A.ACTIVE.value)
# ... and in which the plan may be submitted on its own: the agreement has
# been sent, so the municipality can see it.
AGREEMENT_STATUSES_TO_SUBMIT = (A.SUBMITTED.value, A.CHANGES_REQUESTED.value, A.APPROVED.value,
                                A.ACTIVE.value)
# The plan statuses that go with the agreement when it is submitted.
_SENT_WITH_AGREEMENT = (P.DRAFT.value, P.CHANGES_REQUESTED.value)
_READERS = (Role.EMPLOYER, Role.CASEWORKER, Role.ADMIN)
# Where a finding about the plan as a whole is reported (refusals per path).
PLAN_PATH = "items"


# --- the rules ---------------------------------------------------------------

def elements(items: Iterable[SchoolingPlanItem]) -> list[PlanElement]:
    """The rules' view of stored items; a stored AMU element is always judged
    on its course number."""
    return [PlanElement(item.kind, item.start_date, item.end_date,
                        None if item.hours is None else Decimal(item.hours),
                        item.course_number or "")
            for item in items]


def _context(agreement: Agreement, ruleset: RuleSet, passed_danish_test: bool) -> PlanContext:
    start = agreement.start_date
    end = None if start is None else agreement_rules.end_date(start, ruleset.course)
    return PlanContext(start, end, agreement.weekly_hours, passed_danish_test)


def check(plan: SchoolingPlan) -> PlanCheck:
    """The plan held against its agreement: the period from the start date and
    the rule set, the weekly hours, the rule set's schooling part. While the
    agreement has no start date, the finding `period_unknown` stands in for
    the rules that need the period."""
    agreement = plan.agreement
    ruleset = rules_in_force.in_force_for(agreement)
    return check_plan(elements(plan.items), _context(agreement, ruleset,
                                                     bool(plan.passed_danish_test)),
                      ruleset.schooling, ruleset.course)


def review(plan: SchoolingPlan) -> plan_messages.WordedCheck:
    """The plan's check with every finding worded, naming its element."""
    return plan_messages.worded(check(plan), plan.items)


def validate(request: PlanValidation) -> PlanCheck:
    """A plan held against the rules without an agreement (the public check):
    the period runs from `start_date` to the end the rule set gives it; the
    rule set is the one asked for, else the server's (IGU_RULESET: a fixed
    set, or by-start-date the one governing the start date). Weekly hours
    left out leave the workplace's share unjudged; AMU numbers left out are
    not judged."""
    mode = request.ruleset or rules_in_force.default_mode()
    start = request.start_date
    ruleset = rules_in_force.catalogue().select(mode, start).ruleset.as_of(start)
    context = PlanContext(start, agreement_rules.end_date(start, ruleset.course),
                          request.weekly_hours, request.passed_danish_test)
    return check_plan([item.element() for item in request.items], context, ruleset.schooling,
                      ruleset.course)


def refusals(worded: plan_messages.WordedCheck) -> dict[str, list[str]]:
    """The errors per field path, for a refused submission: `items.2` for an
    element, `items` for the plan as a whole."""
    found: dict[str, list[str]] = {}
    for error in worded.errors:
        path = PLAN_PATH if error.item is None else f"{PLAN_PATH}.{error.item}"
        found.setdefault(path, []).append(error.message)
    return found


# --- the deadline ------------------------------------------------------------

def deadline(agreement: Agreement) -> date | None:
    """The last day for the plan: the end of the first month of employment
    (the rule set's months); None while the agreement has no start date."""
    if agreement.start_date is None:
        return None
    return plan_deadline(agreement.start_date, rules_in_force.in_force_for(agreement).schooling)


def open_deadlines(agreements_: Sequence[Agreement]) -> dict[int, date]:
    """For a list page, in one query: the plan's deadline of each agreement
    whose plan has never been submitted (no version yet) and which has a
    start date, by agreement id. An agreement that has ended, or never
    began, has no open deadline."""
    live = [a for a in agreements_ if a.start_date is not None
            and a.status in AGREEMENT_STATUSES_TO_EDIT]
    if not live:
        return {}
    submitted = set(db.session.scalars(
        select(SchoolingPlan.agreement_id).join(SchoolingPlanVersion)
        .where(SchoolingPlan.agreement_id.in_([a.id for a in live]))))
    found: dict[int, date] = {}
    for agreement in live:
        if agreement.id not in submitted:
            day = deadline(agreement)
            if day is not None:
                found[agreement.id] = day
    return found


def plan_statuses(agreements_: Sequence[Agreement]) -> dict[int, str]:
    """For a list page, in one query: the status of each agreement's plan, by
    agreement id; an agreement without a plan is left out."""
    if not agreements_:
        return {}
    rows = db.session.execute(select(SchoolingPlan.agreement_id, SchoolingPlan.status).where(
        SchoolingPlan.agreement_id.in_([a.id for a in agreements_])))
    return {agreement_id: status for agreement_id, status in rows}


# --- what the employer may do now --------------------------------------------

def can_edit(plan: SchoolingPlan) -> bool:
    """Whether save_plan would take a change of the plan now (its status and
    its agreement's; the lock_version aside)."""
    return (plan.agreement.status in AGREEMENT_STATUSES_TO_EDIT
            and plan.status != P.SUBMITTED.value)


def can_submit(plan: SchoolingPlan) -> bool:
    """Whether the plan may be sent on its own now, the rules aside: the
    agreement has been sent and the plan is a draft or was sent back."""
    return (plan.agreement.status in AGREEMENT_STATUSES_TO_SUBMIT
            and plan.status in _SENT_WITH_AGREEMENT)


# --- reading -----------------------------------------------------------------

def find_plan(agreement: Agreement) -> SchoolingPlan | None:
    return db.session.scalar(select(SchoolingPlan).where(
        SchoolingPlan.agreement_id == agreement.id))


def _empty_plan(agreement: Agreement) -> SchoolingPlan:
    """The plan of an agreement that has none yet: never added to the session."""
    plan = SchoolingPlan(status=P.DRAFT.value, passed_danish_test=False, lock_version=0,
                         items=[], versions=[])
    plan.agreement = agreement
    return plan


def _ensure_reader(actor: User, agreement: Agreement) -> None:
    """The employer of the agreement's company, a caseworker of its municipality
    once it has been submitted, or an administrator. Finance officers never."""
    if actor.role not in _READERS:
        raise PermissionDenied("plan_read")
    if actor.role == Role.EMPLOYER and agreement.company_id != actor.company_id:
        raise NotFound(str(agreement.id))
    if actor.role == Role.CASEWORKER and (
            agreement.municipality_code != actor.municipality_code
            or agreement.submitted_at is None):
        raise NotFound(str(agreement.id))


def get_plan(actor: User, agreement: Agreement) -> SchoolingPlan:
    """The agreement's plan, or its empty draft (items [], lock_version 0,
    not stored). Creates nothing."""
    _ensure_reader(actor, agreement)
    plan = find_plan(agreement)
    return plan if plan is not None else _empty_plan(agreement)


# --- changing ----------------------------------------------------------------

def _ensure_employer_of(actor: User, agreement: Agreement) -> None:
    if actor.role != Role.EMPLOYER:
        raise PermissionDenied("plan_edit")
    if agreement.company_id != actor.company_id:
        raise NotFound(str(agreement.id))


def _plan_as_read(agreement: Agreement, lock_version: int) -> SchoolingPlan | None:
    """The stored plan, if the caller read it as it stands (lock_version 0:
    the caller saw no plan). Refuses a stale lock_version (ConflictError)."""
    plan = find_plan(agreement)
    if plan is None:
        if lock_version != 0:
            raise ConflictError("stale")
        return None
    ensure_current(plan, lock_version)
    return plan


def _summary(plan: SchoolingPlan) -> dict[str, Any]:
    """What the audit keeps of a plan: no titles or notes, its shape and a hash."""
    items = [{"kind": i.kind, "start": _iso(i.start_date), "end": _iso(i.end_date),
              "hours": f"{Decimal(i.hours):.2f}"} for i in plan.items]
    return {"items": len(items), "passed_danish_test": bool(plan.passed_danish_test),
            "items_sha256": _sha256(items)}


@use_case
def save_plan(actor: User, agreement: Agreement, plan_input: PlanInput,
              lock_version: int) -> SchoolingPlan:
    """Replace the agreement's whole plan (items in the order given) as last
    read at `lock_version` (0: no plan yet; the first save makes it). Refuses
    a stale lock_version, an agreement that has ended, and a plan awaiting a
    decision (ConflictError). Saving an approved plan makes
    it a draft again. The rules do not refuse a save: they judge the plan
    (see `check`), and errors block its submission only."""
    _ensure_employer_of(actor, agreement)
    plan = _plan_as_read(agreement, lock_version)
    if agreement.status not in AGREEMENT_STATUSES_TO_EDIT:
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value, action="edit_plan",
                            status=agreement.status)
    created = plan is None
    if plan is None:
        plan = SchoolingPlan(agreement=agreement, status=P.DRAFT.value, items=[])
        db.session.add(plan)
        before = None
    else:
        if plan.status == P.SUBMITTED.value:
            raise ConflictError("status", kind=RecordKind.PLAN.value, action="edit",
                                status=plan.status)
        before = _summary(plan)
        if plan.status == P.APPROVED.value:
            change_status(plan, RecordKind.PLAN, Action.REVISE, actor)
    plan.passed_danish_test = plan_input.passed_danish_test
    plan.items = [_item(position, given) for position, given in enumerate(plan_input.items)]
    # The items are rows of their own: touching the plan makes its
    # lock_version move with any change to them.
    plan.updated_at = utcnow()
    try:
        db.session.flush()
    except IntegrityError as exc:
        if not created:
            raise
        # Another first save made the agreement's one plan meanwhile: this
        # caller did not see it, as with a stale lock_version.
        raise ConflictError("stale") from exc
    audit.record(actor, RecordKind.PLAN.value, plan.id, "created" if created else "updated",
                 before=before, after={"agreement_id": agreement.id, **_summary(plan)})
    return plan


def _item(position: int, given: PlanItemInput) -> SchoolingPlanItem:
    return SchoolingPlanItem(position=position, kind=given.kind, title=given.title,
                             provider=given.provider, course_number=given.course_number or "",
                             start_date=given.start, end_date=given.end, hours=given.hours,
                             note=given.note)


# --- submitting --------------------------------------------------------------

@use_case
def submit_plan(actor: User, agreement: Agreement, lock_version: int) -> SchoolingPlanVersion:
    """Send the plan, as last read at `lock_version`, to the trainee's
    municipality as a new immutable version (1, then 2 after changes...).
    Refuses a stale lock_version, an agreement not yet submitted or ended,
    and a plan already awaiting a decision or approved (ConflictError), and a
    plan the rules find errors in (SubmissionRefused, every error)."""
    _ensure_employer_of(actor, agreement)
    plan = _plan_as_read(agreement, lock_version)
    if agreement.status not in AGREEMENT_STATUSES_TO_SUBMIT:
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value, action="submit_plan",
                            status=agreement.status)
    if plan is None:
        # Nothing saved yet: the empty plan fails the rules (weeks, AMU).
        raise SubmissionRefused(refusals(review(_empty_plan(agreement))))
    ensure_allowed(plan, RecordKind.PLAN, Action.SUBMIT, actor)
    result = review(plan)
    if not result.check.valid:
        raise SubmissionRefused(refusals(result))
    version = _submit(actor, plan)
    # Sent on its own, the plan has a message of its own (with the agreement,
    # the agreement's message tells of both).
    notifications.plan_submitted(agreement, version.number)
    return version


def submit_with_agreement(actor: User, agreement: Agreement) -> SchoolingPlanVersion | None:
    """Called by agreements.submit, in its unit of work: the plan goes with
    the agreement when it is a draft (or was sent back) and the rules find no
    errors in it. Otherwise it stays as it is, to be submitted later on its
    own; the agreement's submission is not refused for it."""
    plan = find_plan(agreement)
    if plan is None or plan.status not in _SENT_WITH_AGREEMENT or not check(plan).valid:
        return None
    return _submit(actor, plan)


def _submit(actor: User, plan: SchoolingPlan) -> SchoolingPlanVersion:
    change_status(plan, RecordKind.PLAN, Action.SUBMIT, actor)
    plan.submitted_at = utcnow()
    version: SchoolingPlanVersion = documents.freeze(
        documents.PLAN, actor, plan.id, plan.submitted_at, snapshot(plan),
        plan_id=plan.id, agreement_id=plan.agreement_id)
    return version


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _sha256(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
