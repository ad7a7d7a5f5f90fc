"""Every download of a document igu-admin keeps is an audit event of the
agreement it belongs to, through the one mechanism (services/documents):
the plan's versions and preview, a claim's summary and its evidence, as the
agreement's versions were already."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from igu_admin.extensions import db
from igu_admin.jobs.claims_due import claims_due_step
from igu_admin.models import AuditEvent, Role
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import PASSWORD, make_user
from igu_admin.testing.claims import approved, claims_of
from igu_admin.testing.plans import bakery, make_plan, plan_agreement, submit_version
from tests.integration.test_claim_pages import attach


def downloads(agreement_id: int) -> list[dict]:
    return [event.after for event in db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "agreement", AuditEvent.entity_id == str(agreement_id),
        AuditEvent.action == "download").order_by(AuditEvent.id))]


@pytest.fixture
def plan_world(app):
    company = bakery("101")
    agreement = plan_agreement(company)
    return {"agreement": agreement, "plan": make_plan(agreement),
            "employer": make_user(Role.EMPLOYER, company=company),
            "caseworker": make_user(Role.CASEWORKER, municipality="101")}


def test_the_plans_preview_and_versions_are_recorded_when_downloaded(client, plan_world) -> None:
    agreement, employer = plan_world["agreement"], plan_world["employer"]
    headers = {"Authorization": f"Bearer {api_tokens.create_token(employer, employer).secret}"}
    url = f"/api/v1/agreements/{agreement.id}/schooling-plan/pdf"
    preview = client.get(url, headers=headers)
    assert preview.status_code == 200
    version = submit_version(plan_world["plan"])
    stored = client.get(f"{url}?version={version.number}", headers=headers)
    assert stored.status_code == 200 and stored.data == version.pdf
    recorded = downloads(agreement.id)
    assert [(e["subject"], e["document"], e["version"]) for e in recorded] == [
        ("plan", "preview", None), ("plan", "version", 1)]
    assert recorded[1]["sha256"] == version.pdf_sha256
    assert [e.channel for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "download"))] == ["api", "api"]


def test_the_caseworkers_plan_version_page_download_is_recorded(client, auth, plan_world) -> None:
    agreement = plan_world["agreement"]
    version = submit_version(plan_world["plan"])
    agreement.status = "submitted"
    db.session.commit()
    auth.login(plan_world["caseworker"].email, PASSWORD)
    response = client.get(f"/caseworker/agreements/{agreement.id}/plan/versions/{version.number}.pdf")
    assert response.status_code == 200, response.status_code
    [event] = downloads(agreement.id)
    assert (event["subject"], event["document"], event["version"]) == ("plan", "version", 1)


@pytest.fixture
def due_claims(app):
    agreement = approved(programme_start=date(2025, 6, 1))
    claims_due_step(date(2026, 9, 1))
    return agreement


def test_a_claims_summary_and_evidence_are_recorded_when_downloaded(client, auth,
                                                                       due_claims) -> None:
    auth.login(make_user(Role.EMPLOYER, company=due_claims.company).email, PASSWORD)
    claim = claims_of(due_claims)["company_bonus_6_months"]
    assert attach(client, "employer", claim, "vitas_registration").status_code == 302
    document = claims_of(due_claims)["company_bonus_6_months"].evidence[0]
    assert client.get(f"/employer/claims/{claim.id}/evidence/{document.id}").status_code == 200
    assert client.get(f"/employer/claims/{claim.id}/summary.pdf").status_code == 200
    recorded = downloads(due_claims.id)
    assert [(e["subject"], e["document"], e["claim_id"]) for e in recorded] == [
        ("claim", "evidence", claim.id), ("claim", "summary", claim.id)]
    assert recorded[0]["sha256"] == document.sha256


def test_a_document_of_another_claim_is_not_found_and_not_recorded(client, auth,
                                                                    due_claims) -> None:
    auth.login(make_user(Role.EMPLOYER, company=due_claims.company).email, PASSWORD)
    claim = claims_of(due_claims)["company_bonus_6_months"]
    assert client.get(f"/employer/claims/{claim.id}/evidence/999999").status_code == 404
    assert downloads(due_claims.id) == []


def test_the_employers_plan_page_downloads_are_recorded(client, auth, plan_world) -> None:
    """The builder's UDKAST preview and a sent version, from the pages."""
    agreement = plan_world["agreement"]
    auth.login(plan_world["employer"].email, PASSWORD)
    preview = client.get(f"/employer/agreements/{agreement.id}/plan/draft.pdf")
    assert preview.status_code == 200 and preview.data.startswith(b"%PDF")
    assert preview.headers["Content-Disposition"] == (
        f'attachment; filename="igu-undervisningsplan-{agreement.id}-udkast.pdf"')
    version = submit_version(plan_world["plan"])
    stored = client.get(f"/employer/agreements/{agreement.id}/plan/versions/{version.number}.pdf")
    assert stored.status_code == 200 and stored.data == version.pdf
    assert [(e["subject"], e["document"], e["version"]) for e in downloads(agreement.id)] == [
        ("plan", "preview", None), ("plan", "version", 1)]
