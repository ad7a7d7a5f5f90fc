"""The approved copy of an agreement or a plan: its version's PDF stamped with
the municipality's approval (the caseworker, the municipality and the day).

Rendered after the decision, not in it: a decision is a quick change of the
database, and the render (a WeasyPrint PDF) would hold it up. The stamp is
made from the decision as recorded (its author and its day) and the version
as submitted, so it says the same whenever it is rendered: by the scheduler
a minute after the decision, or by the first download before that.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, select
from sqlalchemy.dialects import postgresql, sqlite

from igu_admin.core import audit
from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.documents import agreement_pdf, plan_pdf
from igu_admin.documents.agreement_pdf import Approval
from igu_admin.domain.lifecycle import Action, RecordKind
from igu_admin.extensions import db
from igu_admin.models import (
    Agreement,
    AgreementVersion,
    ApprovedPdf,
    Decision,
    SchoolingPlan,
    SchoolingPlanVersion,
    User,
)
from igu_admin.models.base import utcnow
from igu_admin.services.documents.versions import checked


def approval_decision(agreement_id: int, subject: RecordKind, version_number: int
                      ) -> Decision | None:
    """The approval of the version, if it was approved."""
    return db.session.scalar(select(Decision).where(
        Decision.agreement_id == agreement_id, Decision.subject == subject.value,
        Decision.kind == Action.APPROVE.value, Decision.version_number == version_number)
        .order_by(Decision.id.desc()).limit(1))


def ensure_approved_copy(agreement: Agreement, subject: RecordKind,
                         version: AgreementVersion | SchoolingPlanVersion) -> ApprovedPdf | None:
    """The approved copy of `version`, rendered and kept on first need; None
    when the version was not approved. Two at once: one row is kept (the
    unique constraint), the other reads it."""
    found = approved_copy(agreement.id, version.number, subject)
    if found is not None:
        return found
    decision = approval_decision(agreement.id, subject, version.number)
    if decision is None:
        return None
    pdf = _render(agreement, subject, version, decision)
    with unit_of_work():
        _store_once(agreement, subject, version.number, decision, pdf)
    return approved_copy(agreement.id, version.number, subject)


def approved_copy(agreement_id: int, version_number: int,
                  subject: RecordKind = RecordKind.AGREEMENT) -> ApprovedPdf | None:
    """The approved copy of a version of the agreement (or, with subject
    plan, of its schooling plan), if that version was approved."""
    return db.session.scalar(select(ApprovedPdf).where(
        ApprovedPdf.agreement_id == agreement_id, ApprovedPdf.subject == subject.value,
        ApprovedPdf.version_number == version_number))


def approved_pdf(approved: ApprovedPdf) -> bytes:
    """The approved copy as stored at approval, checked against its SHA-256."""
    return checked(approved.pdf, approved.pdf_sha256, f"approved PDF {approved.id}")


def approval_of(actor: User, agreement: Agreement, day: date) -> Approval:
    """What the approval block says: the trainee's municipality, the day and
    the caseworker who approved."""
    municipality = agreement.municipality.official_name if agreement.municipality else ""
    return Approval(municipality=municipality, approved_on=day,
                    caseworker=actor.name or actor.email)


def _render(agreement: Agreement, subject: RecordKind,
            version: AgreementVersion | SchoolingPlanVersion, decision: Decision) -> bytes:
    author = db.session.get(User, decision.author_id) if decision.author_id else None
    approval = approval_of(author, agreement, _local_day(decision)) if author else None
    if isinstance(version, SchoolingPlanVersion):
        return plan_pdf.render_version(version, approval=approval)
    return agreement_pdf.render_version(version, approval=approval)


def _store_once(agreement: Agreement, subject: RecordKind, number: int, decision: Decision,
                pdf: bytes) -> None:
    """Insert the copy unless another run has (an insert that ignores the
    conflict on agreement, subject and version), with its audit event."""
    sha256 = hashlib.sha256(pdf).hexdigest()
    values = {"agreement_id": agreement.id, "subject": subject.value, "version_number": number,
              "decision_id": decision.id, "pdf": pdf, "pdf_sha256": sha256,
              "created_at": utcnow()}
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    inserted = db.session.execute(
        insert(ApprovedPdf).values(values)
        .on_conflict_do_nothing(index_elements=["agreement_id", "subject", "version_number"])
        .returning(ApprovedPdf.id)).scalar()
    if inserted is not None:
        audit.record(None, RecordKind.AGREEMENT.value, agreement.id, "approved_pdf_stored",
                     after={"subject": subject.value, "version": number,
                            "decision_id": decision.id, "pdf_sha256": sha256})


def _local_day(decision: Decision) -> date:
    return decision.occurred_at.astimezone(ZoneInfo(current_app.config["IGU_TIMEZONE"])).date()


def render_pending(limit: int = 20) -> int:
    """Render the approved copies not made yet (the scheduler, every minute);
    each in its own unit of work. Returns how many were made."""
    pending: list[Any] = list(db.session.execute(
        select(Decision.id).outerjoin(ApprovedPdf, and_(
            ApprovedPdf.agreement_id == Decision.agreement_id,
            ApprovedPdf.subject == Decision.subject,
            ApprovedPdf.version_number == Decision.version_number))
        .where(Decision.kind == Action.APPROVE.value, ApprovedPdf.id.is_(None))
        .order_by(Decision.id).limit(limit)).scalars())
    made = 0
    for decision_id in pending:
        decision = db.session.get(Decision, decision_id)
        assert decision is not None and decision.version_number is not None
        agreement = db.session.get(Agreement, decision.agreement_id)
        assert agreement is not None
        subject = RecordKind(decision.subject)
        version = _version(agreement, subject, decision.version_number)
        if version is not None and ensure_approved_copy(agreement, subject, version):
            made += 1
    return made


def _version(agreement: Agreement, subject: RecordKind, number: int
             ) -> AgreementVersion | SchoolingPlanVersion | None:
    if subject is RecordKind.PLAN:
        return db.session.scalar(select(SchoolingPlanVersion).join(SchoolingPlan).where(
            SchoolingPlan.agreement_id == agreement.id, SchoolingPlanVersion.number == number))
    return db.session.scalar(select(AgreementVersion).where(
        AgreementVersion.agreement_id == agreement.id, AgreementVersion.number == number))
