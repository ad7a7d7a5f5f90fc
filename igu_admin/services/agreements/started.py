"""Agreements the jobcentre starts for a company ("Startet af jobcentret").

A caseworker starts a draft for a company igu-admin knows (found by its CVR
number) or for one it does not, invited in the same transaction with the
invitations service. The draft belongs to the company, as any draft: the
employer completes the workplace, wage and terms and submits it. The
trainee part (`trainee.*`: the person and the facts for eligibility) is the
jobcentre's: its caseworkers may change it until the agreement is submitted,
and the employer only reads it (and may ask for a change in a comment).

Caseworkers see the drafts their municipality started (core.tenancy); other
drafts stay the company's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from igu_admin.core import audit, parties, tenancy
from igu_admin.core.errors import ConflictError, NotFound, PermissionDenied, ServiceError
from igu_admin.core.locking import ensure_current
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain.lifecycle import AgreementStatus, RecordKind, StartedBy
from igu_admin.extensions import db
from igu_admin.inputs.agreement import AgreementChanges, AgreementStart, given_paths
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import Agreement, Company, Role, User
from igu_admin.services import accounts
from igu_admin.services.agreements.drafting import (
    apply_changes,
    change_and_record,
    create_draft,
    draft_defaults,
    in_trainee_part,
    update_draft,
)
from igu_admin.wording import agreement as agreement_messages
from igu_admin.wording.accounts import account_error

# Where the request names the company: a known one by CVR, or one to invite.
COMPANY_CVR_PATH = "company.cvr"
INVITE_PATH = "company_invite"


@dataclass(frozen=True)
class CompanyInvite:
    """A company igu-admin does not know, and the person to invite to it."""

    cvr: str
    name: str
    email: str
    employer_type: str  # private | public
    person_name: str = ""


def _outside_trainee_part(changes: AgreementChanges) -> list[str]:
    # Only the agreement's fields: a patch's lock_version is not one.
    fields = set(AgreementChanges.model_fields)
    return sorted(p for p in given_paths(changes)
                  if p.split(".")[0] in fields and not in_trainee_part(p))


def _only_trainee_part(changes: AgreementChanges) -> None:
    """A caseworker changes the trainee part only: any other field is refused
    at its path (400), nothing saved."""
    outside = _outside_trainee_part(changes)
    if outside:
        message = agreement_messages.trainee_part_only()
        raise InputErrors({path: [message] for path in outside})


def _ensure_caseworker(actor: User) -> None:
    # A caseworker always has a municipality; without one there is no jobcentre.
    if actor.role != Role.CASEWORKER or not actor.municipality_code:
        raise PermissionDenied("agreement_start")


def _known_company(cvr: str) -> Company:
    company = accounts.find_company_by_cvr(cvr)
    if company is None:
        raise InputErrors({COMPANY_CVR_PATH: [agreement_messages.company_not_known()]})
    return company


def _invited_company(actor: User, invite: CompanyInvite) -> Company:
    """The company created with its invitation (the caseworker's invitation
    page's service call), in the caller's transaction; its refusals at the
    request's fields."""
    try:
        invitation = accounts.invite_company(
            actor, invite.cvr, invite.name, invite.employer_type, invite.email,
            person_name=invite.person_name)
    except ServiceError as error:
        field = error.field or "email"
        message = (agreement_messages.company_known_start_by_cvr()
                   if error.code == "company_exists" else account_error(error.code))
        raise InputErrors({f"{INVITE_PATH}.{field}": [message]}) from error
    return invitation.company


@use_case
def start_for_company(actor: User, changes: AgreementChanges, *, cvr: str | None = None,
                      invite: CompanyInvite | None = None) -> Agreement:
    """A new draft a caseworker starts for a company: the one with the CVR
    number `cvr`, or a new one created and invited by `invite` (exactly one
    of the two). Only the trainee part may be given; the company's address
    and default terms fill the rest as for the employer's own draft. The
    draft records the caseworker's municipality as its starter."""
    _ensure_caseworker(actor)
    if (cvr is None) == (invite is None):
        raise ValueError("a company by CVR, or an invitation: one of the two")
    _only_trainee_part(changes)
    if invite is not None:
        company = _invited_company(actor, invite)
    else:
        assert cvr is not None
        company = _known_company(cvr)
    agreement = Agreement(company_id=company.id, company=company, created_by_id=actor.id,
                          absences=[], status=AgreementStatus.DRAFT.value, step_reached="",
                          started_by=StartedBy.MUNICIPALITY.value,
                          started_by_municipality_code=actor.municipality_code)
    # The contact person is the employer's to give: left empty.
    paths = apply_changes(agreement, changes, None, defaults=draft_defaults(company, ""))
    db.session.add(agreement)
    db.session.flush()
    audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "created",
                 after={"status": agreement.status, "fields": paths,
                        "started_by": StartedBy.MUNICIPALITY.value,
                        "company_id": company.id, "invited": invite is not None})
    return agreement


def ensure_starter_of(actor: User, agreement: Agreement) -> None:
    """The actor is a caseworker of the municipality that started the draft
    (NotFound otherwise, as for any record outside the tenancy)."""
    if actor.role != Role.CASEWORKER:
        raise PermissionDenied("agreement_edit")
    if not parties.is_started_by_jobcentre_of(actor, agreement):
        raise NotFound(str(agreement.id))


@use_case
def update_trainee_part(actor: User, agreement: Agreement, changes: AgreementChanges,
                        lock_version: int) -> Agreement:
    """A caseworker's change to the trainee part of a draft their
    municipality started, as last read at `lock_version`, until it is
    submitted. Refuses another field (InputErrors at its path), a stale
    lock_version or a submitted agreement (ConflictError), values that break
    a rule (InputErrors). The eligibility is assessed again from the facts
    at every read, so it follows the change."""
    ensure_starter_of(actor, agreement)
    _only_trainee_part(changes)
    ensure_current(agreement, lock_version)
    if agreement.status != AgreementStatus.DRAFT.value or agreement.submitted_at is not None:
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value, action="edit",
                            status=agreement.status)
    # The employer's furthest step stays theirs: the jobcentre's steps record none.
    change_and_record(actor, agreement, changes, None, by=StartedBy.MUNICIPALITY.value)
    return agreement


def started_drafts(actor: User) -> list[Agreement]:
    """The drafts the caseworker's municipality started, newest first."""
    if actor.role != Role.CASEWORKER:
        raise PermissionDenied("agreement_start")
    query = (select(Agreement).options(joinedload(Agreement.company))
             .where(tenancy.started_draft_filter(actor))
             .order_by(Agreement.id.desc()))
    return list(db.session.scalars(query))


def started_draft(actor: User, agreement_id: int) -> Agreement:
    """One draft the caseworker's municipality started (NotFound otherwise)."""
    agreement = tenancy.get_agreement(actor, agreement_id)
    ensure_starter_of(actor, agreement)
    return agreement


def start_draft(actor: User, body: AgreementStart) -> Agreement:
    """The API's new draft: a caseworker's for the company named by
    `company` or `company_invite`, an employer's for their own company
    (which names none)."""
    # The agreement's fields as given, without the company named (checked already).
    given = body.model_fields_set & set(AgreementChanges.model_fields)
    changes = AgreementChanges.model_construct(
        _fields_set=given, **{name: getattr(body, name) for name in given})
    if actor.role == Role.CASEWORKER:
        if (body.company is None) == (body.company_invite is None):
            message = agreement_messages.company_or_invite()
            raise InputErrors({"company": [message], INVITE_PATH: [message]})
        if body.company_invite is not None:
            invite = body.company_invite
            return start_for_company(actor, changes, invite=CompanyInvite(
                cvr=invite.cvr, name=invite.name, email=invite.email,
                employer_type=invite.employer_type))
        assert body.company is not None
        return start_for_company(actor, changes, cvr=body.company.cvr)
    named = [path for path in ("company", INVITE_PATH) if path in body.model_fields_set]
    if named:
        message = agreement_messages.company_is_callers()
        raise InputErrors({path: [message] for path in named})
    return create_draft(actor, changes)


def change_draft(actor: User, agreement: Agreement, changes: AgreementChanges,
                 lock_version: int) -> Agreement:
    """The API's change: a caseworker's to the trainee part of a draft their
    jobcentre started, an employer's to their draft."""
    if actor.role == Role.CASEWORKER:
        return update_trainee_part(actor, agreement, changes, lock_version)
    return update_draft(actor, agreement, changes, lock_version)
