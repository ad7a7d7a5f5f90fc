"""The certificate at the end of a course (issue 19): made at completion and
attached to the completion claim, the partial documentation after an early
end, both employers of a continued course, 409 before the end, tenancy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from igu_admin.core.cpr_vault import vault
from igu_admin.core.rules_in_force import catalogue
from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.domain.agreement_rules import end_date
from igu_admin.extensions import db
from igu_admin.inputs.course import CompletionInput
from igu_admin.models import (
    Agreement,
    AgreementStatus,
    AuditEvent,
    ClaimEvidence,
    Decision,
    IssuedCertificate,
    Role,
    SchoolingPlan,
)
from igu_admin.services.accounts import api_tokens
from igu_admin.services.claims.schedule import schedule_claims
from igu_admin.services.course import certificate
from igu_admin.services.course import end as course_end
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_agreement
from igu_admin.testing.claims import claims_of
from igu_admin.testing.plans import RECORDS_START, make_plan, submit_version
from tests.pdf_text import pdf_text
from tests.research_phrases import research_phrases

URL = "/api/v1/agreements"
# VALID_ITEMS end on these days: 4 + 10 weeks by the summer, 20 in all.
EARLY_END = date(2026, 7, 1)


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": "da"}


def running_course(company, start: date = RECORDS_START) -> Agreement:
    """An active course (igu-2016) with its claims scheduled and the plan of
    VALID_ITEMS."""
    agreement = make_agreement(company, status=AgreementStatus.ACTIVE, start=start)
    agreement.end_date = end_date(start, catalogue().get("igu-2016").as_of(start).course)
    agreement.job_title, agreement.tasks = "Bagerassistent", "Dej, ovn og butik"
    with unit_of_work():
        schedule_claims(agreement)
    make_plan(agreement)
    return agreement


def completed(agreement: Agreement) -> Agreement:
    employer = make_user(Role.EMPLOYER, company=agreement.company)
    assert agreement.end_date is not None
    course_end.complete(employer, agreement, CompletionInput(lock_version=agreement.lock_version),
                        today=agreement.end_date)
    return agreement


def terminated(agreement: Agreement, last_day: date = EARLY_END) -> Agreement:
    agreement.termination_date, agreement.termination_reason = last_day, "resignation"
    agreement.status = AgreementStatus.TERMINATED
    db.session.commit()
    return agreement


@pytest.fixture
def bakery(app):
    return make_company(municipality="101")


def test_completion_attaches_the_certificate_to_the_completion_claim(client, bakery) -> None:
    course = completed(running_course(bakery))
    claim = claims_of(course)["company_bonus_completion"]
    documents = [d for d in claim.evidence if d.evidence_code == "completion_certificate"]
    assert len(documents) == 1
    document = documents[0]
    assert document.uploaded_by_id is None and document.filename == f"igu-bevis-{course.id}.pdf"
    text = pdf_text(document.content)
    assert "Bevisforgennemførtintegrationsgrunduddannelse" in text
    assert course.trainee_name.replace(" ", "") in text
    assert bakery.name.replace(" ", "") in text and "Bagerassistent" in text
    # 148 h AMU = 4 weeks, 185 h Danish counted double = 10 weeks, 20 in all.
    assert "Grundlæggendebageri" in text and "Svejsning,grundlæggende" in text
    assert "Tællendeugerialt(af20)20" in text
    # Issued by igu-admin from the agreement and the plan, with the rule set's
    # reference, and no research notes ("not found").
    assert "igu-adminudstederdettedokumentudfraaftalenogundervisningsplanen" in text
    assert "Retsgrundlag:IGU-loven." in text
    assert not research_phrases(text)
    # The CPR number masked to its birth date.
    cpr = vault().decrypt(course.trainee_cpr_encrypted)
    assert f"{cpr[:6]}-XXXX" in text and cpr not in text
    assert f"{cpr[:6]}-{cpr[6:]}" not in text
    # The download is the same file, recorded.
    employer = make_user(Role.EMPLOYER, company=bakery)
    response = client.get(f"{URL}/{course.id}/certificate", headers=bearer(employer))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data == document.content
    assert f"igu-bevis-{course.id}.pdf" in response.headers["Content-Disposition"]
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_id == str(course.id), AuditEvent.action == "download")).one()
    assert event.after["document"] == "certificate"
    assert "evidence_attached" in db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type == "claim", AuditEvent.entity_id == str(claim.id))).all()


def test_an_early_end_gives_the_documentation_of_a_partly_completed_course(client,
                                                                           bakery) -> None:
    course = terminated(running_course(bakery))
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    response = client.get(f"{URL}/{course.id}/certificate", headers=bearer(caseworker))
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Dokumentationfordelvistgennemførtintegrationsgrunduddannelse" in text
    assert "Bevisfor" not in text
    # Only what ended by the last day: the AMU course and the Danish course.
    assert "Grundlæggendebageri" in text and "Danskuddannelse2,modul3" in text
    assert "Hygiejne" not in text and "Truckcertifikat" not in text
    assert "Tællendeugerialt(af20)14" in text
    assert not research_phrases(text)
    assert "1.juli2026" in text
    assert not db.session.scalars(select(ClaimEvidence)).all()


def test_a_continued_course_names_both_employers_for_both(client, bakery) -> None:
    first = terminated(running_course(bakery))
    other = make_company(municipality="101")
    second = make_agreement(other, status=AgreementStatus.ACTIVE,
                            start=EARLY_END + timedelta(days=1))
    second.trainee_name, second.trainee_cpr_encrypted = first.trainee_name, \
        first.trainee_cpr_encrypted
    second.continues_agreement_id, second.end_date = first.id, first.end_date
    second.job_title = "Lagermedarbejder"
    db.session.commit()
    first_employer = bearer(make_user(Role.EMPLOYER, company=bakery))
    # The course goes on: no certificate yet, through either agreement.
    assert client.get(f"{URL}/{first.id}/certificate",
                      headers=first_employer).status_code == 409
    completed(second)
    for agreement_id, headers in ((first.id, first_employer),
                                  (second.id, bearer(make_user(Role.EMPLOYER, company=other)))):
        response = client.get(f"{URL}/{agreement_id}/certificate", headers=headers)
        assert response.status_code == 200
        text = pdf_text(response.data)
        assert "Bevisforgennemførtintegrationsgrunduddannelse" in text
        assert bakery.name.replace(" ", "") in text and other.name.replace(" ", "") in text
        assert "Bagerassistent" in text and "Lagermedarbejder" in text


def test_before_the_end_the_certificate_answers_409(client, bakery) -> None:
    course = running_course(bakery)
    employer = make_user(Role.EMPLOYER, company=bakery)
    response = client.get(f"{URL}/{course.id}/certificate", headers=bearer(employer))
    assert response.status_code == 409
    assert list(response.get_json()["errors"]) == ["status"]
    assert certificate.certificate_available(course) is None


@pytest.mark.parametrize(("role", "municipality", "own_company", "status"), [
    (Role.EMPLOYER, None, False, 404),
    (Role.CASEWORKER, "751", False, 404),
    (Role.FINANCE, "101", False, 403),
    (Role.ADMIN, None, False, 200),
], ids=["other-employer", "other-municipality", "finance", "admin"])
def test_who_may_fetch_the_certificate(client, bakery, role, municipality, own_company,
                                       status) -> None:
    course = completed(running_course(bakery))
    if role == Role.EMPLOYER:
        user = make_user(role, company=make_company(municipality="751"))
    elif role == Role.ADMIN:
        user = make_user(role)
    else:
        user = make_user(role, municipality=municipality)
    response = client.get(f"{URL}/{course.id}/certificate", headers=bearer(user))
    assert response.status_code == status


# -- the agreement pages ------------------------------------------------------------

def test_both_sides_pages_link_the_certificate_once_the_course_has_ended(client, auth,
                                                                          bakery) -> None:
    course = running_course(bakery)
    employer = make_user(Role.EMPLOYER, company=bakery)
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    auth.login(employer.email)
    page = client.get(f"/employer/agreements/{course.id}").get_data(as_text=True)
    assert "data-certificate" not in page
    assert client.get(f"/employer/agreements/{course.id}/certificate.pdf").status_code == 409
    auth.logout()
    completed(course)
    for user, side in ((employer, "employer"), (caseworker, "caseworker")):
        auth.login(user.email)
        page = client.get(f"/{side}/agreements/{course.id}").get_data(as_text=True)
        link = f'href="/{side}/agreements/{course.id}/certificate.pdf"'
        assert "data-certificate" in page and link in page
        assert "Hent bevis for gennemført integrationsgrunduddannelse (PDF)" in page
        response = client.get(f"/{side}/agreements/{course.id}/certificate.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.headers["Cache-Control"] == "no-store"
        auth.logout()


def test_a_page_of_a_course_ended_early_links_the_partial_documentation(client, auth,
                                                                        bakery) -> None:
    course = terminated(running_course(bakery))
    auth.login(make_user(Role.CASEWORKER, municipality="101").email)
    page = client.get(f"/caseworker/agreements/{course.id}").get_data(as_text=True)
    assert "Hent dokumentation for delvist gennemført forløb (PDF)" in page
    auth.logout()
    auth.login(make_user(Role.CASEWORKER, municipality="751").email)
    assert client.get(f"/caseworker/agreements/{course.id}/certificate.pdf").status_code == 404


# -- the plan as approved, and the documentation kept -----------------------------

def approve_plan(course: Agreement) -> None:
    """The plan as it stands submitted as a version and approved."""
    plan = db.session.scalar(select(SchoolingPlan).where(SchoolingPlan.agreement_id == course.id))
    version = submit_version(plan)
    db.session.add(Decision(agreement_id=course.id, role="caseworker", subject="plan",
                            kind="approve", version_number=version.number))
    db.session.commit()


def test_the_schooling_is_the_plan_as_approved_not_as_changed_since(client, bakery) -> None:
    course = running_course(bakery)
    approve_plan(course)
    # Changed after the approval and never approved again: the AMU course renamed.
    plan = db.session.scalar(select(SchoolingPlan).where(SchoolingPlan.agreement_id == course.id))
    plan.items[0].title = "Et kursus ingen har godkendt"
    db.session.commit()
    text = pdf_text(certificate.render(certificate.course_agreements(terminated(course))))
    assert "Grundlæggendebageri" in text and "Etkursusingenhargodkendt" not in text
    assert "Tællendeugerialt(af20)14" in text


def test_a_plan_never_approved_in_igu_admin_counts_as_it_stands(client, bakery) -> None:
    course = terminated(running_course(bakery))
    plan = db.session.scalar(select(SchoolingPlan).where(SchoolingPlan.agreement_id == course.id))
    plan.items[0].title = "Bageri efter planen"
    db.session.commit()
    assert "Bageriefterplanen" in pdf_text(
        certificate.render(certificate.course_agreements(course)))


def test_the_documentation_of_an_early_end_is_kept_from_its_first_download(client,
                                                                           bakery) -> None:
    course = terminated(running_course(bakery))
    headers = bearer(make_user(Role.CASEWORKER, municipality="101"))
    first = client.get(f"{URL}/{course.id}/certificate", headers=headers)
    # Kept: a later download is the same document, with the same date of issue.
    kept = db.session.scalars(select(IssuedCertificate)).one()
    assert kept.agreement_id == course.id and kept.completed is False
    second = client.get(f"{URL}/{course.id}/certificate", headers=headers)
    assert first.status_code == second.status_code == 200
    assert first.data == second.data == kept.pdf
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_id == str(course.id))).all()
    assert actions.count("certificate_issued") == 1 and actions.count("download") == 2
    issued = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "certificate_issued")).one()
    assert issued.actor_id is not None  # the caseworker whose download issued it
