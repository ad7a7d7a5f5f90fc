"""The certificate at the end of a course (issue 19): "Bevis for gennemført
integrationsgrunduddannelse" once the course is completed, "Dokumentation
for delvist gennemført integrationsgrunduddannelse" once it ended early
(and no agreement in igu-admin continues it).

Made once at completion and attached as the evidence `completion_certificate`
to the completion claim (`issue_at_completion`, called from `end.complete`);
a download hands out those stored bytes, so what the employer sends SIRI is
the file igu-admin hands out. A course that ended early has no such claim:
its documentation is made on the first download and kept
(`IssuedCertificate`), so every download is the same document. Every
download is an audit event of the agreement it is fetched through.

The schooling is read from the plan as the municipality approved it (its
latest approved version), not from the plan as it stands: a change after
the approval is not schooling anyone agreed to.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from igu_admin.core import audit, plan_snapshot, rules_in_force
from igu_admin.core import course as course_chain
from igu_admin.core.cpr_vault import vault
from igu_admin.core.errors import ConflictError
from igu_admin.core.unit_of_work import use_case
from igu_admin.documents import certificate_pdf
from igu_admin.documents.certificate_pdf import (
    CertificateFacts,
    Employment,
    SchoolingDone,
)
from igu_admin.domain.lifecycle import Action, AgreementStatus, RecordKind
from igu_admin.domain.schooling import PlanElement, counted_hours, element_weeks, weeks_of
from igu_admin.extensions import db
from igu_admin.models import (
    Agreement,
    Decision,
    IssuedCertificate,
    SchoolingPlan,
    SchoolingPlanVersion,
    User,
)
from igu_admin.models.base import utcnow
from igu_admin.services import claims, documents

EVIDENCE_CODE = "completion_certificate"
ENDED = (AgreementStatus.COMPLETED.value, AgreementStatus.TERMINATED.value)


def course_agreements(agreement: Agreement) -> list[Agreement]:
    """Every agreement of the agreement's course, the first one first: the
    ones it continues and the ones continuing it."""
    chain = [*reversed(course_chain.continued_agreements(agreement)), agreement]
    seen = {a.id for a in chain}
    while True:
        following = db.session.scalar(
            select(Agreement).where(Agreement.continues_agreement_id == chain[-1].id)
            .order_by(Agreement.id).limit(1))
        if following is None or following.id in seen:
            return chain
        chain.append(following)
        seen.add(following.id)


def ended(last: Agreement) -> bool:
    """Whether the course whose last agreement is `last` has ended: completed,
    or terminated with its last day passed."""
    return last.status in ENDED and last_day(last) is not None


def certificate_available(agreement: Agreement) -> bool | None:
    """For the pages' link: True when the agreement's course was completed,
    False when it ended early, None while it has not ended (no certificate)."""
    last = course_agreements(agreement)[-1]
    if not ended(last):
        return None
    return last.status == AgreementStatus.COMPLETED.value


def last_day(agreement: Agreement) -> date | None:
    if agreement.status == AgreementStatus.COMPLETED.value:
        return agreement.end_date
    return agreement.termination_date


def certificate_facts(chain: list[Agreement]) -> CertificateFacts:
    """What the certificate states about the course made of `chain` (its
    agreements, the first first; the last one has ended)."""
    first, last = chain[0], chain[-1]
    ruleset = rules_in_force.in_force_for(first)
    rule = ruleset.schooling
    employments: list[Employment] = []
    schooling: list[SchoolingDone] = []
    elements: list[PlanElement] = []
    for agreement in chain:
        start, end = agreement.start_date, last_day(agreement)
        assert start is not None and end is not None, "an ended agreement has both"
        employments.append(Employment(
            company_name=agreement.company.name, cvr=agreement.company.cvr,
            first_day=start, last_day=end, job_title=agreement.job_title or "",
            tasks=agreement.tasks or ""))
        for item in approved_schooling(agreement):
            element = plan_snapshot.elements([dict(item)])[0]
            # An element not over by the employment's last day was not completed.
            if element.start is None or element.end is None or element.end > end:
                continue
            elements.append(element)
            schooling.append(SchoolingDone(
                kind=element.kind, title=str(item.get("title") or ""),
                provider=str(item.get("provider") or ""), start=element.start,
                end=element.end, counted_weeks=element_weeks(element, rule)))
    total = weeks_of(counted_hours(elements, rule), Decimal(rule.hours_per_week))
    cpr = (vault().decrypt(last.trainee_cpr_encrypted)
           if last.trainee_cpr_encrypted else None)
    reference = (ruleset.certificate.legal_reference if ruleset.certificate is not None
                 else ruleset.source)
    assert first.start_date is not None and employments
    return CertificateFacts(
        agreement_id=last.id, completed=last.status == AgreementStatus.COMPLETED.value,
        trainee_name=last.trainee_name or "", cpr=cpr, first_day=first.start_date,
        last_day=employments[-1].last_day, employments=tuple(employments),
        schooling=tuple(schooling), counted_weeks=total, required_weeks=rule.weeks,
        legal_reference=reference, issued_at=utcnow())


def approved_schooling(agreement: Agreement) -> list[Mapping[str, Any]]:
    """The elements of the agreement's plan as last approved (the stored
    items of its latest approved version). A plan never approved in
    igu-admin (the approval is igu-admin's own step, not the act's) counts as
    it stands; no plan, no schooling."""
    approved = db.session.scalar(
        select(SchoolingPlanVersion).join(SchoolingPlan)
        .join(Decision, (Decision.agreement_id == SchoolingPlan.agreement_id)
              & (Decision.version_number == SchoolingPlanVersion.number))
        .where(SchoolingPlan.agreement_id == agreement.id,
               Decision.subject == RecordKind.PLAN.value,
               Decision.kind == Action.APPROVE.value)
        .order_by(SchoolingPlanVersion.number.desc()).limit(1))
    if approved is not None:
        return list(approved.data.get("items") or [])
    plan = db.session.scalar(select(SchoolingPlan)
                             .where(SchoolingPlan.agreement_id == agreement.id))
    return [plan_snapshot.item_data(item) for item in plan.items] if plan is not None else []


def render(chain: list[Agreement]) -> bytes:
    return certificate_pdf.certificate_pdf(certificate_facts(chain))


def issue_at_completion(actor: User | None, agreement: Agreement) -> None:
    """The certificate of the course `agreement` just completed, made once and
    attached to its claims that ask for it (the completion bonus), in the
    caller's unit of work."""
    chain = course_agreements(agreement)
    claims.attach_issued_evidence(
        actor, agreement.id, EVIDENCE_CODE, certificate_pdf.filename(agreement.id, True),
        documents.PDF, render(chain))


def certificate(agreement: Agreement, actor: User | None = None) -> documents.Download:
    """The certificate of the agreement's course: the one the completion
    kept as its claim's evidence, else the one kept at the first download
    (made now when this is the first). ConflictError (409) while the
    course has not ended. The caller has loaded the agreement within the
    actor's tenancy; `actor` is who the first download issues it for."""
    chain = course_agreements(agreement)
    last = chain[-1]
    if not ended(last):
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value, action="certificate",
                            status=last.status)
    completed = last.status == AgreementStatus.COMPLETED.value
    name = certificate_pdf.filename(last.id, completed)
    stored = claims.issued_evidence(last.id, EVIDENCE_CODE) if completed else None
    content = stored.content if stored is not None else _kept(actor, last, completed, chain)
    return documents.Download(content, name, document="certificate")


def _kept(actor: User | None, last: Agreement, completed: bool, chain: list[Agreement]
          ) -> bytes:
    """The document kept for the course whose last agreement is `last`, made
    and kept now when there is none. Two first downloads at once: one row is
    kept (the unique agreement), and both hand out that one."""
    found = _issued(last.id)
    if found is not None:
        return found.pdf
    pdf = render(chain)
    sha256 = hashlib.sha256(pdf).hexdigest()
    insert = (postgresql.insert if db.session.get_bind().dialect.name == "postgresql"
              else sqlite.insert)
    inserted = db.session.execute(
        insert(IssuedCertificate).values(agreement_id=last.id, completed=completed, pdf=pdf,
                                         pdf_sha256=sha256, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["agreement_id"])
        .returning(IssuedCertificate.id)).scalar()
    if inserted is not None:
        audit.record(actor, RecordKind.AGREEMENT.value, last.id, "certificate_issued",
                     after={"completed": completed, "pdf_sha256": sha256})
        return pdf
    kept = _issued(last.id)
    assert kept is not None, "the other download's row is committed"
    return kept.pdf


def _issued(agreement_id: int) -> IssuedCertificate | None:
    return db.session.scalar(select(IssuedCertificate)
                             .where(IssuedCertificate.agreement_id == agreement_id))


@use_case
def download_certificate(actor: User, agreement: Agreement) -> documents.Download:
    """As `certificate`, recorded as a download of the agreement it was
    fetched through."""
    return documents.record_download(actor, agreement.id, certificate(agreement, actor))
