"""Changing an approved agreement (tillæg): while the course runs, the
employer or the caseworker proposes new terms (hours, wages, job title and
tasks, workplace, contact person) from a day within the course; the trainee's
municipality approves or refuses.

The proposal is held against the same rules as a draft's change (the hours
the rule set allows, the wages against the table; `drafting.check_changes`).
Approved, it is a new version of the agreement with its own PDF (the
"Tillæg", services/documents), and its new terms are written to the
agreement's columns once its day has come: at once for a day already come,
else by the daily job on that day (`apply_due`). So the agreement's record
always shows the terms in force today, and every reader of the columns
(previews, lists, the claims' facts) needs nothing new. The claims do not
move: a change of terms changes neither the course's dates nor its bonuses.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from igu_admin.core import audit, clock, rules_in_force, tenancy
from igu_admin.core.errors import ConflictError, PermissionDenied, RulesRefused
from igu_admin.core.lifecycle import change_status, ensure_allowed
from igu_admin.core.locking import ensure_current
from igu_admin.core.unit_of_work import use_case
from igu_admin.documents.amendment_pdf import AMENDMENT
from igu_admin.domain import amendments as rules
from igu_admin.domain.course_events import CoursePeriod
from igu_admin.domain.lifecycle import Action, AgreementStatus, AmendmentStatus, RecordKind
from igu_admin.domain.rulesets import RuleSet
from igu_admin.extensions import db
from igu_admin.inputs.amendment import AmendmentDecisionInput, AmendmentInput
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import Agreement, AgreementAmendment, User
from igu_admin.models.base import utcnow
from igu_admin.services import documents, notifications
from igu_admin.services.agreements.checks import AgreementWarning, rule_findings
from igu_admin.services.agreements.drafting import check_changes
from igu_admin.services.agreements.fields import (
    COLUMNS,
    draft_values,
    leaf_paths,
    plain_cpr,
    put_value,
    submitted_data,
    value_at,
)
from igu_admin.wording import agreement as agreement_messages
from igu_admin.wording import amendment as amendment_messages
from igu_admin.wording.course import refusal_reason_required
from igu_admin.wording.course import worded as course_worded

# Where the API and the pages put the changed terms: `changes.weekly_hours`.
CHANGES = "changes"
RUNNING = (AgreementStatus.APPROVED.value, AgreementStatus.ACTIVE.value)


def amendments_of(agreement: Agreement) -> list[AgreementAmendment]:
    return list(db.session.scalars(select(AgreementAmendment).where(
        AgreementAmendment.agreement_id == agreement.id).order_by(AgreementAmendment.number)))


def get_amendment(agreement: Agreement, number: int) -> AgreementAmendment:
    """Amendment no. `number` of the agreement, or NotFound."""
    return tenancy.numbered_of(AgreementAmendment, agreement, number)


def pending(agreement: Agreement) -> AgreementAmendment | None:
    """The amendment waiting for the municipality's decision, if any."""
    return next((a for a in amendments_of(agreement)
                 if a.status == AmendmentStatus.REQUESTED.value), None)


def can_propose(agreement: Agreement, actor: User) -> bool:
    """Whether the agreement's page offers the proposal form."""
    try:
        ensure_allowed(agreement, RecordKind.AGREEMENT, Action.PROPOSE_AMENDMENT, actor)
    except (ConflictError, PermissionDenied):
        return False
    return agreement.termination_date is None and pending(agreement) is None


def _plain(path: str, value: Any) -> Any:
    """A term's value as the amendment keeps it (JSON): numbers as text."""
    return str(value) if isinstance(value, Decimal) else value


def _typed(path: str, value: Any) -> Any:
    if value is None or path not in ("weekly_hours", "wage.year1", "wage.year2"):
        return value
    return Decimal(str(value))


def _current_terms(agreement: Agreement) -> dict[str, Any]:
    """The terms as the agreement's columns hold them (in force today)."""
    values = draft_values(agreement)
    return {path: value_at(values, path) for path in rules.AMENDABLE_PATHS}


def _approved_waiting(agreement: Agreement) -> list[rules.ApprovedChange]:
    """Approved changes whose day has not come yet (not written to the columns)."""
    return [rules.ApprovedChange(a.number, a.effective_from, new_terms(a))
            for a in amendments_of(agreement)
            if a.status == AmendmentStatus.APPROVED.value and a.applied_at is None]


def terms_on(agreement: Agreement, day: date) -> dict[str, Any]:
    """The agreement's terms on `day`: today's, with the approved changes
    that take effect by then."""
    return rules.terms_on(day, _current_terms(agreement), _approved_waiting(agreement))


def new_terms(amendment: AgreementAmendment) -> dict[str, Any]:
    return {path: _typed(path, change["new"]) for path, change in amendment.changes.items()}


def old_terms(amendment: AgreementAmendment) -> dict[str, Any]:
    return {path: _typed(path, change["old"]) for path, change in amendment.changes.items()}


def warnings_of(agreement: Agreement, amendment: AgreementAmendment) -> list[AgreementWarning]:
    """The points to check in the new terms (a wage below the table's
    rate), at `changes.<path>`; they do not block the proposal."""
    values = _values_with(agreement, terms_on(agreement, amendment.effective_from),
                          new_terms(amendment))
    findings = rule_findings(values, plain_cpr(agreement), _ruleset(agreement, values))
    return [AgreementWarning(p.code, agreement_messages.problem_message(p), f"{CHANGES}.{p.path}")
            for p in findings.warnings if p.path in amendment.changes]


def _values_with(agreement: Agreement, terms: Mapping[str, Any],
                 new: Mapping[str, Any]) -> dict[str, Any]:
    values = draft_values(agreement)
    for path, value in {**terms, **new}.items():
        put_value(values, path, value)
    return values


def _ruleset(agreement: Agreement, values: dict[str, Any]) -> RuleSet:
    """The rule set the agreement is judged under (as a draft's change is)."""
    return rules_in_force.for_agreement(agreement, value_at(values, "start_date"))


def _course(agreement: Agreement) -> CoursePeriod:
    if agreement.start_date is None or agreement.end_date is None:
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value,
                            action=Action.PROPOSE_AMENDMENT.value, status=agreement.status)
    return CoursePeriod(agreement.start_date, agreement.end_date)


def _given(request: AmendmentInput) -> dict[str, Any]:
    """The changed terms as {path: value}, leaves only."""
    nested = request.changes.model_dump(exclude_unset=True)
    return {path: value_at(nested, path) for path in leaf_paths(nested)}


def _check(agreement: Agreement, request: AmendmentInput, old: Mapping[str, Any],
           new: Mapping[str, Any]) -> None:
    """Refuse what the rules refuse for a draft's change (InputErrors, 400,
    at `changes.<path>`), then a day outside the course (RulesRefused, 422,
    at `effective_from`)."""
    if not new:
        raise InputErrors({CHANGES: [amendment_messages.nothing_to_change()]})
    missing = rules.amounts_missing_for_basis(old, new)
    if missing:
        raise InputErrors({f"{CHANGES}.{path}": [amendment_messages.amount_with_basis()]
                           for path in missing})
    values = _values_with(agreement, old, new)
    try:
        check_changes(agreement, values, plain_cpr(agreement), set(new))
    except InputErrors as refused:
        raise InputErrors({f"{CHANGES}.{path}": messages
                           for path, messages in refused.errors.items()}) from None
    problems = rules.check_effective_from(request.effective_from, _course(agreement))
    if problems:
        raise RulesRefused(course_worded(problems))


def _lock_for_numbering(agreement: Agreement) -> None:
    """Two proposals at once must not both take the next number, nor both
    find no pending one: hold the agreement's row (PostgreSQL)."""
    db.session.execute(select(Agreement.id).where(Agreement.id == agreement.id).with_for_update())


@use_case
def propose(actor: User, agreement: Agreement, request: AmendmentInput) -> AgreementAmendment:
    """The employer or the caseworker proposes new terms from
    `request.effective_from`, with the agreement as last read. Refuses
    another role (PermissionDenied), an agreement outside the tenancy
    (NotFound), an agreement neither approved nor active, a stale
    lock_version, an early end recorded, or another amendment waiting for
    its decision (ConflictError), terms the rules refuse (InputErrors at
    `changes.<path>`), and a day outside the course (RulesRefused)."""
    tenancy.get_agreement(actor, agreement.id)
    ensure_allowed(agreement, RecordKind.AGREEMENT, Action.PROPOSE_AMENDMENT, actor)
    ensure_current(agreement, request.lock_version)
    if agreement.termination_date is not None:
        raise ConflictError("termination_recorded", kind=RecordKind.AGREEMENT.value,
                            action=Action.PROPOSE_AMENDMENT.value, status=agreement.status)
    _lock_for_numbering(agreement)
    if pending(agreement) is not None:
        raise ConflictError("amendment_pending", kind=RecordKind.AMENDMENT.value,
                            action=Action.PROPOSE_AMENDMENT.value,
                            status=AmendmentStatus.REQUESTED.value)
    new = _given(request)
    old = terms_on(agreement, request.effective_from)
    _check(agreement, request, old, new)
    number = (db.session.scalar(select(func.max(AgreementAmendment.number)).where(
        AgreementAmendment.agreement_id == agreement.id)) or 0) + 1
    changes = {path: {"old": _plain(path, c["old"]), "new": _plain(path, c["new"])}
               for path, c in rules.old_and_new(old, new).items()}
    amendment = AgreementAmendment(
        agreement_id=agreement.id, number=number, status=AmendmentStatus.REQUESTED.value,
        effective_from=request.effective_from, changes=changes, reason=request.reason,
        proposed_by_id=actor.id, proposed_by_role=str(actor.role), proposed_at=utcnow(),
        decision_reason="")
    db.session.add(amendment)
    db.session.flush()
    audit.record(actor, RecordKind.AMENDMENT.value, amendment.id, "proposed", after={
        "agreement_id": agreement.id, "number": number, "status": amendment.status,
        "effective_from": request.effective_from.isoformat(), "fields": sorted(changes)})
    notifications.amendment_proposed(agreement, amendment)
    return amendment


@use_case
def decide(actor: User, agreement: Agreement, number: int,
           decision: AmendmentDecisionInput) -> AgreementAmendment:
    """The trainee's municipality approves or refuses amendment `number` as
    last read at `decision.lock_version`. A refusal needs a reason
    (InputErrors at `reason`). Approved (only while the course runs): a new
    version of the agreement with the amendment's PDF, and the new terms
    written to the agreement if their day has come."""
    tenancy.get_agreement(actor, agreement.id)
    amendment = get_amendment(agreement, number)
    ensure_current(amendment, decision.lock_version)
    action = Action.APPROVE if decision.decision == "approve" else Action.REFUSE
    ensure_allowed(amendment, RecordKind.AMENDMENT, action, actor)
    if action is Action.REFUSE and not decision.reason:
        raise InputErrors({"reason": [refusal_reason_required()]})
    if action is Action.APPROVE and agreement.status not in RUNNING:
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value, action=action.value,
                            status=agreement.status)
    change_status(amendment, RecordKind.AMENDMENT, action, actor, agreement_id=agreement.id,
                  number=amendment.number, reason=decision.reason)
    amendment.decided_by_id, amendment.decided_at = actor.id, utcnow()
    amendment.decision_reason = decision.reason
    if action is Action.APPROVE:
        _make_version(actor, agreement, amendment)
        if rules.takes_effect(amendment.effective_from, clock.today()):
            apply(actor, agreement, amendment)
    db.session.flush()
    notifications.amendment_decided(agreement, amendment)
    return amendment


def lapse_pending(agreement: Agreement) -> int:
    """Withdraw (as the system) the amendment still awaiting its decision
    when the course ends: no agreement is left to change. Each gets its
    audit event; inside the caller's unit of work."""
    lapsed = 0
    for amendment in amendments_of(agreement):
        if amendment.status == AmendmentStatus.REQUESTED.value:
            change_status(amendment, RecordKind.AMENDMENT, Action.WITHDRAW, None,
                          agreement_id=agreement.id, number=amendment.number,
                          because="course_ended")
            lapsed += 1
    return lapsed


def _make_version(actor: User, agreement: Agreement, amendment: AgreementAmendment) -> None:
    """The agreement's next version: its data as it stands from the day the
    change takes effect, and the amendment (for its PDF, the Tillæg)."""
    data = submitted_data(agreement)
    for path, value in terms_on(agreement, amendment.effective_from).items():
        data[COLUMNS[path]] = _plain(path, value)
    for path, change in amendment.changes.items():
        data[COLUMNS[path]] = change["new"]
    assert amendment.decided_at is not None
    data[AMENDMENT] = {
        "number": amendment.number, "effective_from": amendment.effective_from.isoformat(),
        "changes": amendment.changes, "reason": amendment.reason,
        "approved_on": clock.today().isoformat(), "approved_by": actor.name or actor.email}
    version = documents.freeze(documents.AGREEMENT, actor, agreement.id, amendment.decided_at,
                               data, agreement_id=agreement.id, amendment=amendment.number)
    amendment.version_number = version.number


def apply(actor: User | None, agreement: Agreement, amendment: AgreementAmendment) -> None:
    """Write the approved amendment's new terms to the agreement (its day
    has come), audited on the agreement; in the caller's unit of work."""
    before = {path: _plain(path, value) for path, value in _current_terms(agreement).items()
              if path in amendment.changes}
    for path, value in new_terms(amendment).items():
        setattr(agreement, COLUMNS[path], value)
    amendment.applied_at = utcnow()
    audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "terms_amended",
                 before={"values": before},
                 after={"values": {p: c["new"] for p, c in amendment.changes.items()},
                        "amendment": amendment.number,
                        "effective_from": amendment.effective_from.isoformat()})


def due_query(as_of: date, amendment_id: int | None = None) -> Any:
    """Approved amendments whose day has come by `as_of` and whose terms are
    not written yet, of courses still running (the daily job)."""
    query = select(AgreementAmendment).join(Agreement).where(
        AgreementAmendment.status == AmendmentStatus.APPROVED.value,
        AgreementAmendment.applied_at.is_(None),
        AgreementAmendment.effective_from <= as_of, Agreement.status.in_(RUNNING))
    return query if amendment_id is None else query.where(AgreementAmendment.id == amendment_id)


@use_case
def withdraw(actor: User, agreement: Agreement, number: int,
             lock_version: int) -> AgreementAmendment:
    """Whoever proposed the amendment (the same side: the employer, or the
    municipality) takes it back before the decision."""
    tenancy.get_agreement(actor, agreement.id)
    amendment = get_amendment(agreement, number)
    ensure_current(amendment, lock_version)
    ensure_allowed(amendment, RecordKind.AMENDMENT, Action.WITHDRAW, actor)
    if str(actor.role) != amendment.proposed_by_role:
        raise PermissionDenied("amendment_withdraw")
    change_status(amendment, RecordKind.AMENDMENT, Action.WITHDRAW, actor,
                  agreement_id=agreement.id, number=amendment.number)
    db.session.flush()
    return amendment
