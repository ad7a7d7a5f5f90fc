"""Agreements: a draft made by the employer, submitted as immutable versions,
withdrawn before a decision. The guided flow and the review build on these."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from igu_admin.domain.eligibility import Absence, Assessment, EligibilityInput
from igu_admin.domain.lifecycle import Action, RecordKind
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementVersion, Trainee, User
from igu_admin.models.base import utcnow
from igu_admin.services import agreement_pdf, audit, eligibility, trainees
from igu_admin.services.errors import ServiceError
from igu_admin.services.lifecycle import change_status, ensure_allowed
from igu_admin.services.locking import ensure_current
from igu_admin.services.unit_of_work import use_case

# What a draft must hold before it can be submitted (field paths as in the API).
REQUIRED_TO_SUBMIT = ("trainee", "start_date", "trainee.target_group",
                      "trainee.registered_since", "trainee.previous_igu",
                      "trainee.recent_ordinary_employment", "job_title")


@dataclass(frozen=True)
class TraineeFacts:
    cpr: str
    first_name: str
    last_name: str
    municipality_code: str
    email: str = ""


@dataclass(frozen=True)
class DraftFields:
    """Any subset of an agreement's fields; None leaves a field as it is."""

    trainee: TraineeFacts | None = None
    start_date: date | None = None
    job_title: str | None = None
    target_group: str | None = None
    registered_since: date | None = None
    absences: tuple[Absence, ...] | None = None
    previous_igu: bool | None = None
    recent_ordinary_employment: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@use_case
def start_draft(actor: User, fields: DraftFields) -> Agreement:
    """A new draft for the employer's own company."""
    if actor.company_id is None:
        raise ServiceError("company_required", "company")
    agreement = Agreement(company_id=actor.company_id, created_by_id=actor.id, absences=[])
    db.session.add(agreement)
    _apply(agreement, fields)
    db.session.flush()
    audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "created",
                 after={"status": agreement.status})
    return agreement


def _apply(agreement: Agreement, fields: DraftFields) -> None:
    if fields.trainee is not None:
        agreement.trainee = _trainee_for(fields.trainee)
        agreement.municipality_code = fields.trainee.municipality_code
    for name in ("start_date", "job_title", "target_group", "registered_since", "previous_igu",
                 "recent_ordinary_employment"):
        value = getattr(fields, name)
        if value is not None:
            setattr(agreement, name, value)
    if fields.absences is not None:
        agreement.absences = [{"from": a.start.isoformat(), "to": a.end.isoformat()}
                              for a in fields.absences]


def _trainee_for(facts: TraineeFacts) -> Trainee:
    """The person, found by CPR (keyed hash) or registered now."""
    found = trainees.find_by_cpr(facts.cpr)
    if found is not None:
        return found
    return trainees.new_trainee(facts.cpr, facts.first_name, facts.last_name,
                                facts.municipality_code, email=facts.email)


def missing_fields(agreement: Agreement) -> list[str]:
    """Field paths still empty that submission needs."""
    present = {
        "trainee": agreement.trainee_id is not None or agreement.trainee is not None,
        "start_date": agreement.start_date is not None,
        "trainee.target_group": bool(agreement.target_group),
        "trainee.registered_since": agreement.registered_since is not None,
        "trainee.previous_igu": agreement.previous_igu is not None,
        "trainee.recent_ordinary_employment": agreement.recent_ordinary_employment is not None,
        "job_title": bool(agreement.job_title.strip()),
    }
    return [path for path in REQUIRED_TO_SUBMIT if not present[path]]


def assess(agreement: Agreement, everywhere: bool = False) -> Assessment | None:
    """The eligibility of the agreement's trainee, from the facts kept on it;
    None while facts are missing. A recorded IGU is looked for in the
    agreement's own company only, unless `everywhere` (the municipality's
    review, where a recorded IGU elsewhere is shown)."""
    trainee = agreement.trainee
    if (trainee is None or agreement.start_date is None or agreement.registered_since is None
            or not agreement.target_group):
        return None
    facts = EligibilityInput(
        start_date=agreement.start_date, birth_date=trainee.birth_date,
        registered_since=agreement.registered_since, target_group=agreement.target_group,
        previous_igu=bool(agreement.previous_igu),
        recent_ordinary_employment=bool(agreement.recent_ordinary_employment),
        absences=tuple(Absence(date.fromisoformat(a["from"]), date.fromisoformat(a["to"]))
                       for a in agreement.absences or []))
    return eligibility.check(eligibility.EligibilityRequest(
        facts=facts, cpr=trainees.plain_cpr(trainee), lookup_recorded_igu=True,
        ruleset=agreement.ruleset_code, exclude_agreement_id=agreement.id,
        lookup_company_id=None if everywhere else agreement.company_id))


def check_lock(agreement: Agreement, lock_version: int | None) -> None:
    """A writer that read an older state may not overwrite a newer one."""
    ensure_current(agreement, lock_version)


@use_case
def submit(actor: User, agreement: Agreement, lock_version: int | None = None) -> AgreementVersion:
    """Send the agreement to the trainee's municipality: a new immutable version."""
    check_lock(agreement, lock_version)
    ensure_allowed(agreement, RecordKind.AGREEMENT, Action.SUBMIT, actor)
    missing = missing_fields(agreement)
    if missing:
        raise ServiceError("incomplete", missing[0])
    assessment = assess(agreement)
    if assessment is None or not assessment.eligible:
        raise ServiceError("not_eligible", "trainee")
    agreement.ruleset_code = assessment.ruleset.code
    change_status(agreement, RecordKind.AGREEMENT, Action.SUBMIT, actor)
    agreement.submitted_at = utcnow()
    number = (db.session.scalar(select(func.max(AgreementVersion.number))
                                .where(AgreementVersion.agreement_id == agreement.id)) or 0) + 1
    data = submitted_data(agreement)
    version = AgreementVersion(agreement_id=agreement.id, number=number, submitted_by_id=actor.id,
                               submitted_at=agreement.submitted_at, data=data)
    # A version is never updated once inserted: its PDF is made before the insert.
    agreement_pdf.attach_pdf(version)
    db.session.add(version)
    db.session.flush()
    audit.record(actor, "agreement_version", version.id, "created",
                 after={"agreement_id": agreement.id, "number": number,
                        "data_sha256": _sha256(data)})
    return version


def submitted_data(agreement: Agreement) -> dict[str, Any]:
    """The agreement's fields as submitted (no CPR: the trainee's id points to it)."""
    return {
        "company_id": agreement.company_id,
        "trainee_id": agreement.trainee_id,
        "municipality_code": agreement.municipality_code,
        "ruleset": agreement.ruleset_code,
        "start_date": _iso(agreement.start_date),
        "job_title": agreement.job_title,
        "target_group": agreement.target_group,
        "registered_since": _iso(agreement.registered_since),
        "absences": list(agreement.absences or []),
        "previous_igu": agreement.previous_igu,
        "recent_ordinary_employment": agreement.recent_ordinary_employment,
        # The agreement's content, so its PDF can be made again from the version alone.
        "end_date": _iso(agreement.end_date),
        "workplace_address": agreement.workplace_address,
        "tasks": agreement.tasks,
        "weekly_hours": _decimal(agreement.weekly_hours),
        "collective_agreement": agreement.collective_agreement,
        "wage_basis": agreement.wage_basis,
        "wage_rate_year1": _decimal(agreement.wage_rate_year1),
        "wage_rate_year2": _decimal(agreement.wage_rate_year2),
        "terms_holiday": agreement.terms_holiday,
        "terms_notice": agreement.terms_notice,
        "terms_other": agreement.terms_other,
        "contact_person": agreement.contact_person,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _sha256(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@use_case
def withdraw(actor: User, agreement: Agreement, lock_version: int | None = None) -> None:
    """The employer takes the agreement back before the municipality decides."""
    check_lock(agreement, lock_version)
    change_status(agreement, RecordKind.AGREEMENT, Action.WITHDRAW, actor)
