"""Preparing, sending and recording bonus claims: one use case per step.

Who: the side that receives the money handles the claim (lifecycle
CLAIM_HANDLERS): the employer the company's claims, the finance officer the
municipality's. Others who may see a claim (the finance officer a company
claim of the municipality, a caseworker) only read it: they are refused with
PermissionDenied (403), a claim outside their tenancy is never found (the
adapters load it through services.tenancy).

Each use case takes the `lock_version` the actor last read (None: the record
just read), changes the claim through the lifecycle table and writes its
audit event in the same unit of work.

- Evidence: documents are attached to the items of the claim type's
  evidence (rule-set data) while the claim is scheduled or due; schooling
  items the course had no such schooling for may be marked not relevant.
- prepare: due -> prepared once nothing is missing (else SubmissionRefused,
  422, listing each missing item at `evidence.<code>`); reopen goes back.
  A company claim due on or after the first de minimis regime's date
  (rules/de-minimis.toml) is prepared with the employer's de minimis
  declaration: the claim page requires it (422 at `de_minimis` without
  it); the API takes it when given, as systems that prepared claims before
  the declaration existed still may (the summary then says it is missing).
  The claim crossing the ceiling is a warning the preparation returns, not
  a refusal. A
  municipality's claim is not de minimis aid and takes none.
- submit (date, SIRI's or the state's reference), record_payment (date,
  amount), record_rejection (reason).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext
from sqlalchemy import func, select

from igu_admin.core import audit, de_minimis, rules_in_force
from igu_admin.core.clock import today
from igu_admin.core.errors import ConflictError, NotFound, PermissionDenied, SubmissionRefused
from igu_admin.core.lifecycle import change_status, ensure_allowed
from igu_admin.core.locking import ensure_current
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain import claim_evidence
from igu_admin.domain.claim_evidence import EvidenceItem
from igu_admin.domain.de_minimis import Assessment, Declaration, assess
from igu_admin.domain.lifecycle import Action, ClaimStatus, RecordKind, claim_handler
from igu_admin.domain.rule_parts import ClaimType
from igu_admin.extensions import db
from igu_admin.inputs.uploads import Upload
from igu_admin.models import BonusClaim, ClaimEvidence, User
from igu_admin.models.base import utcnow
from igu_admin.wording.rule_labels import evidence_label

# While a claim is being gathered its evidence may change; once prepared it
# is what the application is made from (reopen it to change it).
EVIDENCE_OPEN = (ClaimStatus.SCHEDULED.value, ClaimStatus.DUE.value)
REFERENCE_LENGTH = 100
REASON_LENGTH = 2000
GRANTOR_LENGTH = 200
GRANTORS_MAX = 20
COMPANY = "company"


def claim_type(claim: BonusClaim) -> ClaimType | None:
    """The claim's type in the rule set of its agreement (None if the rule set
    no longer has it)."""
    code = claim.agreement.ruleset_code
    if not code or code not in rules_in_force.catalogue().codes:
        return None
    return next((t for t in rules_in_force.catalogue().get(code).claims
                 if t.code == claim.claim_type), None)


def required_evidence(claim: BonusClaim) -> tuple[str, ...]:
    found = claim_type(claim)
    return found.evidence if found is not None else ()


def checklist(claim: BonusClaim) -> tuple[EvidenceItem, ...]:
    """The claim's evidence, item by item, with what is attached."""
    counts: dict[str, int] = {}
    for document in claim.evidence:
        counts[document.evidence_code] = counts.get(document.evidence_code, 0) + 1
    return claim_evidence.checklist(required_evidence(claim), counts,
                                    claim.evidence_not_relevant or ())


def missing_evidence(claim: BonusClaim) -> tuple[str, ...]:
    return claim_evidence.missing(checklist(claim))


def may_handle(actor: User, claim: BonusClaim) -> bool:
    """Whether `actor` prepares and records `claim` (not only reads it)."""
    return claim_handler(claim.beneficiary) == actor.role


def _ensure_handler(actor: User, claim: BonusClaim) -> None:
    if not may_handle(actor, claim):
        raise PermissionDenied("claim_handle")


def _begin(actor: User, claim: BonusClaim, lock_version: int | None,
           action: Action | None = None) -> None:
    """The checks every step makes, in the API's order: role (403), lock
    (409 stale), status (409)."""
    _ensure_handler(actor, claim)
    ensure_current(claim, lock_version)
    if action is not None:
        ensure_allowed(claim, RecordKind.CLAIM, action, actor)


def _ensure_evidence_open(claim: BonusClaim) -> None:
    if claim.status not in EVIDENCE_OPEN:
        raise ConflictError("status", kind=RecordKind.CLAIM.value, action="evidence",
                            status=claim.status)


@use_case
def attach_evidence(actor: User, claim: BonusClaim, code: str, upload: Upload,
                    lock_version: int | None = None) -> ClaimEvidence:
    """Attach a checked document to one evidence item. An item the claim type
    does not ask for is refused (SubmissionRefused at `evidence_code`)."""
    _begin(actor, claim, lock_version)
    _ensure_evidence_open(claim)
    if code not in required_evidence(claim):
        raise SubmissionRefused({"evidence_code": [gettext(
            "This claim is not sent with that kind of evidence.")]})
    document = ClaimEvidence(claim_id=claim.id, evidence_code=code, filename=upload.filename,
                             media_type=upload.media_type, size=upload.size,
                             sha256=upload.sha256, content=upload.content,
                             uploaded_by_id=actor.id)
    db.session.add(document)
    db.session.flush()
    db.session.expire(claim, ["evidence"])
    audit.record(actor, RecordKind.CLAIM.value, claim.id, "evidence_attached", after={
        "evidence_id": document.id, "evidence_code": code, "media_type": upload.media_type,
        "size": upload.size, "sha256": upload.sha256})
    return document


@use_case
def remove_evidence(actor: User, claim: BonusClaim, evidence_id: int,
                    lock_version: int | None = None) -> None:
    _begin(actor, claim, lock_version)
    _ensure_evidence_open(claim)
    document = next((d for d in claim.evidence if d.id == evidence_id), None)
    if document is None:
        raise NotFound(str(evidence_id))
    db.session.delete(document)
    db.session.flush()
    db.session.expire(claim, ["evidence"])
    audit.record(actor, RecordKind.CLAIM.value, claim.id, "evidence_removed", before={
        "evidence_id": evidence_id, "evidence_code": document.evidence_code,
        "sha256": document.sha256})


@use_case
def mark_not_relevant(actor: User, claim: BonusClaim, code: str, not_relevant: bool,
                      lock_version: int | None = None) -> None:
    """Say that the course had no schooling of the kind an item asks
    documents of (or take that back). Only such items may be marked."""
    _begin(actor, claim, lock_version)
    _ensure_evidence_open(claim)
    if code not in required_evidence(claim) or code not in claim_evidence.ONLY_IF_RELEVANT:
        raise SubmissionRefused({"evidence_code": [gettext(
            "This evidence is needed for every claim of this kind.")]})
    before = sorted(claim.evidence_not_relevant or [])
    marked = set(before) | {code} if not_relevant else set(before) - {code}
    if sorted(marked) != before:
        claim.evidence_not_relevant = sorted(marked)
        audit.record(actor, RecordKind.CLAIM.value, claim.id, "evidence_not_relevant",
                     before={"not_relevant": before}, after={"not_relevant": sorted(marked)})


def de_minimis_needed(claim: BonusClaim) -> bool:
    """Whether the claim is de minimis aid, so that it is prepared with the
    employer's declaration: a company claim due on or after the first
    regime's date (the due date is when the right to the bonus arises)."""
    return (claim.beneficiary == COMPANY
            and de_minimis.table().regime_on(claim.due_date) is not None)


def de_minimis_check(claim: BonusClaim) -> Assessment | None:
    """The declared other aid and the claim against the ceiling in force on
    the due date (None without a declaration, or for a claim that is not de
    minimis aid)."""
    if claim.de_minimis_declared_at is None or claim.de_minimis_other_aid_eur is None:
        return None
    return assess(de_minimis.table(), claim.amount, claim.due_date,
                  claim.de_minimis_other_aid_eur)


def _declaration_errors(claim: BonusClaim, declaration: Declaration | None,
                        required: bool) -> dict[str, list[str]]:
    if not de_minimis_needed(claim):
        if declaration is None:
            return {}
        if claim.beneficiary != COMPANY:
            return {"de_minimis": [gettext(
                "Only a company claim carries a de minimis declaration.")]}
        return {"de_minimis": [gettext(
            "This claim fell due before the bonus counted as de minimis aid: "
            "leave the declaration out.")]}
    if declaration is None:
        return {} if not required else {"de_minimis": [gettext(
            "Declare the other de minimis aid the company has received in the last three "
            "years (0 if none).")]}
    errors: dict[str, list[str]] = {}
    if not declaration.declared:
        errors["de_minimis.declared"] = [gettext(
            "Confirm that the company declares its other de minimis aid.")]
    if declaration.other_aid_eur < 0:
        errors["de_minimis.other_aid_eur"] = [gettext("The amount cannot be negative.")]
    elif declaration.other_aid_eur >= Decimal("10000000000"):
        errors["de_minimis.other_aid_eur"] = [gettext("The amount is too large.")]
    grantors = [g.strip() for g in declaration.grantors]
    if any(not g for g in grantors):
        errors["de_minimis.grantors"] = [gettext("A grantor's name is empty.")]
    elif len(grantors) > GRANTORS_MAX:
        errors["de_minimis.grantors"] = [gettext(
            "Name at most %(max)d grantors.", max=GRANTORS_MAX)]
    elif any(len(g) > GRANTOR_LENGTH for g in grantors):
        errors["de_minimis.grantors"] = [gettext(
            "Use at most %(max)d characters.", max=GRANTOR_LENGTH)]
    elif declaration.other_aid_eur > 0 and not grantors:
        errors["de_minimis.grantors"] = [gettext(
            "Name who granted the other de minimis aid.")]
    return errors


@use_case
def prepare(actor: User, claim: BonusClaim, lock_version: int | None = None,
            declaration: Declaration | None = None, *,
            require_declaration: bool = False) -> Assessment | None:
    """due -> prepared, once every evidence item is done and, for a claim
    that is de minimis aid, with the employer's declaration (refused
    without it when `require_declaration`). Returns the
    check against the ceiling (None for a claim that is not de minimis aid):
    the caller warns when it is crossed."""
    _begin(actor, claim, lock_version, Action.PREPARE)
    errors: dict[str, list[str]] = {f"evidence.{code}": [gettext(
        "Missing: %(evidence)s", evidence=evidence_label(code))]
        for code in missing_evidence(claim)}
    errors.update(_declaration_errors(claim, declaration, require_declaration))
    if errors:
        raise SubmissionRefused(errors)
    details: dict[str, object] = {}
    if declaration is not None:
        claim.de_minimis_other_aid_eur = declaration.other_aid_eur
        claim.de_minimis_grantors = [g.strip() for g in declaration.grantors]
        claim.de_minimis_declared_at = utcnow()
        claim.de_minimis_declared_by_id = actor.id
    check = de_minimis_check(claim) if declaration is not None else None
    if check is not None:
        # Flat: the audit keeps plain values only.
        details.update({
            "de_minimis_regime": check.regime.code,
            "de_minimis_other_aid_eur": f"{check.other_aid_eur:.2f}",
            "de_minimis_grantors": "; ".join(claim.de_minimis_grantors or []),
            "de_minimis_claim_eur": f"{check.claim_eur:.2f}",
            "de_minimis_dkk_per_eur": str(check.rate.dkk_per_eur),
            "de_minimis_exceeds_ceiling": check.exceeds})
    change_status(claim, RecordKind.CLAIM, Action.PREPARE, actor,
                  evidence=len(claim.evidence), **details)
    claim.prepared_at = utcnow()
    return check


@use_case
def reopen(actor: User, claim: BonusClaim, lock_version: int | None = None) -> None:
    """prepared -> due, to change the evidence."""
    _begin(actor, claim, lock_version, Action.REOPEN)
    change_status(claim, RecordKind.CLAIM, Action.REOPEN, actor)
    claim.prepared_at = None


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise SubmissionRefused({path: [message] for path, message in errors.items()})


def _not_in_future(day: date, path: str, errors: dict[str, str]) -> None:
    if day > today():
        errors[path] = gettext("The date cannot be later than today.")


@use_case
def submit(actor: User, claim: BonusClaim, submitted_on: date, reference: str,
           lock_version: int | None = None) -> None:
    """prepared -> submitted, with the day it was sent and SIRI's (or the
    state's) reference."""
    _begin(actor, claim, lock_version, Action.SUBMIT)
    reference = reference.strip()
    errors: dict[str, str] = {}
    if not reference:
        errors["reference"] = gettext("Enter the reference of the application.")
    elif len(reference) > REFERENCE_LENGTH:
        errors["reference"] = gettext("Use at most %(max)d characters.", max=REFERENCE_LENGTH)
    _not_in_future(submitted_on, "submitted_on", errors)
    _refuse(errors)
    change_status(claim, RecordKind.CLAIM, Action.SUBMIT, actor,
                  submitted_on=submitted_on.isoformat(), reference=reference)
    claim.submitted_on, claim.reference, claim.submitted_at = submitted_on, reference, utcnow()


@use_case
def record_payment(actor: User, claim: BonusClaim, paid_on: date, amount: Decimal,
                   lock_version: int | None = None) -> None:
    """submitted -> paid, with the day and the amount paid."""
    _begin(actor, claim, lock_version, Action.RECORD_PAYMENT)
    errors: dict[str, str] = {}
    if amount <= 0:
        errors["amount"] = gettext("The amount must be more than 0.")
    elif amount >= Decimal("10000000000"):
        errors["amount"] = gettext("The amount is too large.")
    if claim.submitted_on is not None and paid_on < claim.submitted_on:
        errors["paid_on"] = gettext("The payment cannot be before the claim was sent.")
    _not_in_future(paid_on, "paid_on", errors)
    _refuse(errors)
    change_status(claim, RecordKind.CLAIM, Action.RECORD_PAYMENT, actor,
                  paid_on=paid_on.isoformat(), amount=f"{amount:.2f}")
    claim.paid_on, claim.paid_amount, claim.paid_at = paid_on, amount, utcnow()


@use_case
def record_rejection(actor: User, claim: BonusClaim, reason: str,
                     lock_version: int | None = None) -> None:
    """submitted -> rejected, with the reason given."""
    _begin(actor, claim, lock_version, Action.RECORD_REJECTION)
    reason = reason.strip()
    if not reason:
        _refuse({"reason": gettext("Enter the reason given for the refusal.")})
    if len(reason) > REASON_LENGTH:
        _refuse({"reason": gettext("Use at most %(max)d characters.", max=REASON_LENGTH)})
    change_status(claim, RecordKind.CLAIM, Action.RECORD_REJECTION, actor, reason=reason)
    claim.rejection_reason = reason


@dataclass(frozen=True)
class BulkResult:
    """Claims changed, and those left as they were (another status, or not the
    actor's to handle), by id."""

    changed: tuple[int, ...]
    skipped: tuple[int, ...]


BULK_ACTIONS = (Action.SUBMIT.value, Action.RECORD_PAYMENT.value)


@use_case
def bulk_record(actor: User, claims: Iterable[BonusClaim], action: str, on: date,
                reference: str = "") -> BulkResult:
    """Mark many claims sent (`submit`, with one reference for the batch) or
    paid (`record_payment`, each with its scheduled amount) on the day `on`,
    one audit event each, in one unit of work. Claims the actor does not
    handle, or whose status does not allow it, are skipped."""
    if action not in BULK_ACTIONS:
        raise ValueError(action)
    errors: dict[str, str] = {}
    _not_in_future(on, "on", errors)
    if action == Action.SUBMIT and not reference.strip():
        errors["reference"] = gettext("Enter the reference of the application.")
    _refuse(errors)
    changed, skipped = [], []
    for claim in claims:
        wanted = Action(action)
        allowed = may_handle(actor, claim) and claim.status == (
            ClaimStatus.PREPARED if wanted is Action.SUBMIT else ClaimStatus.SUBMITTED)
        if not allowed or (wanted is Action.RECORD_PAYMENT and claim.submitted_on is not None
                           and on < claim.submitted_on):
            skipped.append(claim.id)
            continue
        if wanted is Action.SUBMIT:
            submit(actor, claim, on, reference)
        else:
            record_payment(actor, claim, on, claim.amount)
        changed.append(claim.id)
    return BulkResult(tuple(changed), tuple(skipped))


def attach_issued_evidence(actor: User | None, agreement_id: int, code: str, filename: str,
                           media_type: str, content: bytes) -> list[ClaimEvidence]:
    """A document igu-admin issued itself (the certificate at the end of a
    course) attached as evidence `code` to every claim of the agreement that
    asks for it while its evidence is open, in the caller's unit of work.
    It has no uploader (igu-admin made it; the audit event names the actor
    whose step made it). A claim already holding that evidence is left as
    it is."""
    claims = db.session.scalars(select(BonusClaim).where(
        BonusClaim.agreement_id == agreement_id,
        BonusClaim.status.in_(EVIDENCE_OPEN)).order_by(BonusClaim.id))
    sha256 = hashlib.sha256(content).hexdigest()
    attached = []
    for claim in claims:
        if code not in required_evidence(claim) \
                or any(d.evidence_code == code for d in claim.evidence):
            continue
        document = ClaimEvidence(claim_id=claim.id, evidence_code=code, filename=filename,
                                 media_type=media_type, size=len(content), sha256=sha256,
                                 content=content, uploaded_by_id=None)
        db.session.add(document)
        db.session.flush()
        db.session.expire(claim, ["evidence"])
        audit.record(actor, RecordKind.CLAIM.value, claim.id, "evidence_attached", after={
            "evidence_id": document.id, "evidence_code": code, "media_type": media_type,
            "size": len(content), "sha256": sha256, "issued_by": "igu-admin"})
        attached.append(document)
    return attached


def issued_evidence(agreement_id: int, code: str) -> ClaimEvidence | None:
    """The first document igu-admin issued as evidence `code` to a claim of
    the agreement (no uploader; None when there is none)."""
    return db.session.scalar(
        select(ClaimEvidence).join(BonusClaim, ClaimEvidence.claim_id == BonusClaim.id)
        .where(BonusClaim.agreement_id == agreement_id, ClaimEvidence.evidence_code == code,
               ClaimEvidence.uploaded_by_id.is_(None))
        .order_by(ClaimEvidence.id).limit(1))


def evidence_document(claim: BonusClaim, evidence_id: int) -> ClaimEvidence:
    """One of the claim's documents (NotFound for another claim's)."""
    document = db.session.scalar(select(ClaimEvidence).where(
        ClaimEvidence.claim_id == claim.id, ClaimEvidence.id == evidence_id))
    if document is None:
        raise NotFound(str(evidence_id))
    return document


def evidence_count(claim: BonusClaim) -> int:
    return int(db.session.scalar(select(func.count()).select_from(ClaimEvidence)
                                 .where(ClaimEvidence.claim_id == claim.id)) or 0)
