"""The claim's pages: the employer gathers the evidence of a company claim,
prepares it, downloads its summary and records it; the finance officer does
the same for the municipality's claims and follows the company claims."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.extensions import db
from igu_admin.inputs.uploads import MAX_BYTES
from igu_admin.jobs.claims_due import claims_due_step
from igu_admin.models import AuditEvent, ClaimStatus, Role
from igu_admin.services.agreements import trainees
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.claims import approved, claims_of
from igu_admin.testing.de_minimis import NO_OTHER_AID_FORM
from tests import upload_files
from tests.conftest import csrf_token

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def due_claims(app):
    """An approved course from 1 March 2026 whose six-month claims fell due."""
    agreement = approved(programme_start=date(2025, 6, 1))
    claims_due_step(date(2026, 9, 1))
    return agreement


def claim_of(agreement, claim_type: str):
    return claims_of(agreement)[claim_type]


def post(client, url: str, page: str, data: dict, **kwargs):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data}, **kwargs)


def attach(client, area: str, claim, code: str, content: bytes = PDF, name: str = "bevis.pdf"):
    page = f"/{area}/claims/{claim.id}"
    return post(client, f"{page}/evidence", page,
                {"evidence_code": code, "lock_version": str(claim.lock_version),
                 "document": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def actions(claim_id: int) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type == "claim", AuditEvent.entity_id == str(claim_id))
        .order_by(AuditEvent.id)))


def test_the_employer_gathers_evidence_prepares_downloads_and_records_a_company_claim(
        app, client, auth, due_claims) -> None:
    auth.login(make_user(Role.EMPLOYER, company=due_claims.company).email)
    claim = claim_of(due_claims, "company_bonus_6_months")
    listing = client.get("/employer/claims").get_data(as_text=True)
    assert f'href="/employer/claims/{claim.id}"' in listing
    page = client.get(f"/employer/claims/{claim.id}").get_data(as_text=True)
    assert page.count('data-evidence="') == 2  # the rule set's evidence for the claim
    assert "data-missing" in page
    # Preparing with evidence missing is refused, naming what is missing.
    refused = post(client, f"/employer/claims/{claim.id}/prepare", f"/employer/claims/{claim.id}",
                   {"lock_version": str(claim.lock_version)})
    assert refused.status_code == 422
    assert "<title>Fejl:" in refused.get_data(as_text=True)
    for code in ("vitas_registration", "employment_period"):
        response = attach(client, "employer", claim, code)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    claim = claim_of(due_claims, "company_bonus_6_months")
    assert [d.media_type for d in claim.evidence] == ["application/pdf"] * 2
    assert "data-missing" not in client.get(f"/employer/claims/{claim.id}").get_data(as_text=True)
    document = claim.evidence[0]
    download = client.get(f"/employer/claims/{claim.id}/evidence/{document.id}")
    assert download.data == PDF and download.headers["Cache-Control"] == "no-store"
    assert post(client, f"/employer/claims/{claim.id}/prepare", f"/employer/claims/{claim.id}",
                {"lock_version": str(claim.lock_version), **NO_OTHER_AID_FORM}).status_code == 302
    assert claim_of(due_claims, "company_bonus_6_months").status == ClaimStatus.PREPARED
    summary = client.get(f"/employer/claims/{claim.id}/summary.pdf")
    assert summary.status_code == 200 and summary.mimetype == "application/pdf"
    assert f"bonuskrav-{claim.id}-oversigt.pdf" in summary.headers["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(summary.data)).pages)
    cpr = trainees.display_cpr(due_claims.trainee, full=True)
    for expected in (due_claims.company.cvr, cpr, "1. marts 2026", "bevis.pdf",
                     "Virksomhedsbonus efter 6 måneder", "20.000,00"):
        assert expected in text, expected
    claim = claim_of(due_claims, "company_bonus_6_months")
    sent = post(client, f"/employer/claims/{claim.id}/submit", f"/employer/claims/{claim.id}",
                {"lock_version": str(claim.lock_version), "submitted_on": "15.09.2026",
                 "reference": "SIRI-2026-4711"})
    assert sent.status_code == 302
    claim = claim_of(due_claims, "company_bonus_6_months")
    assert (claim.status, claim.submitted_on, claim.reference) == (
        ClaimStatus.SUBMITTED, date(2026, 9, 15), "SIRI-2026-4711")
    paid = post(client, f"/employer/claims/{claim.id}/paid", f"/employer/claims/{claim.id}",
                {"lock_version": str(claim.lock_version), "paid_on": "01.10.2026",
                 "amount": "20.000,00"})
    assert paid.status_code == 302
    claim = claim_of(due_claims, "company_bonus_6_months")
    assert claim.status == ClaimStatus.PAID and claim.paid_amount == 20000
    assert actions(claim.id) == ["created", "fall_due", "evidence_attached", "evidence_attached",
                                 "prepare", "submit", "record_payment"]


def test_a_refusal_is_recorded_with_its_reason(app, client, auth, due_claims) -> None:
    auth.login(make_user(Role.EMPLOYER, company=due_claims.company).email)
    claim = claim_of(due_claims, "company_bonus_6_months")
    with unit_of_work():
        claim.status = ClaimStatus.SUBMITTED
    claim = claim_of(due_claims, "company_bonus_6_months")
    page = f"/employer/claims/{claim.id}"
    empty = post(client, f"{page}/rejected", page, {"lock_version": str(claim.lock_version),
                                                    "reason": " "})
    assert empty.status_code == 400
    assert 'aria-invalid="true"' in empty.get_data(as_text=True)
    done = post(client, f"{page}/rejected", page, {"lock_version": str(claim.lock_version),
                                                   "reason": "Aftalen var ikke registreret"})
    assert done.status_code == 302
    claim = claim_of(due_claims, "company_bonus_6_months")
    assert (claim.status, claim.rejection_reason) == (ClaimStatus.REJECTED,
                                                      "Aftalen var ikke registreret")


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"", "tom.pdf", "Filen er tom."),
    (b"GIF89a" + b"\x00" * 20, "billede.pdf", "Vedhæft en PDF-, PNG- eller JPEG-fil."),
    (b"MZ\x90\x00", "virus.pdf", "Vedhæft en PDF-, PNG- eller JPEG-fil."),
])
def test_a_document_is_judged_by_its_content_not_its_name(app, client, auth, due_claims,
                                                          content: bytes, name: str,
                                                          message: str) -> None:
    auth.login(make_user(Role.EMPLOYER, company=due_claims.company).email)
    claim = claim_of(due_claims, "company_bonus_6_months")
    response = attach(client, "employer", claim, "vitas_registration", content, name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert claim_of(due_claims, "company_bonus_6_months").evidence == []


def test_a_png_named_pdf_is_kept_as_a_png_with_its_hash(app, client, auth, due_claims) -> None:
    import hashlib

    auth.login(make_user(Role.EMPLOYER, company=due_claims.company).email)
    claim = claim_of(due_claims, "company_bonus_6_months")
    assert attach(client, "employer", claim, "vitas_registration", PNG,
                  "../../etc/skærmbillede.pdf").status_code == 302
    [document] = claim_of(due_claims, "company_bonus_6_months").evidence
    assert (document.media_type, document.filename) == ("image/png", "skærmbillede.png")
    assert document.sha256 == hashlib.sha256(PNG).hexdigest()


def test_a_document_above_ten_megabytes_is_refused(app, client, auth, due_claims) -> None:
    auth.login(make_user(Role.EMPLOYER, company=due_claims.company).email)
    claim = claim_of(due_claims, "company_bonus_6_months")
    response = attach(client, "employer", claim, "vitas_registration",
                      PDF + b"0" * (MAX_BYTES - len(PDF) + 1))
    assert response.status_code == 400
    assert "Filen er større end 10 MB." in response.get_data(as_text=True)


def test_other_pages_still_refuse_a_file(app, client, auth) -> None:
    user = make_user(Role.ADMIN)
    auth.login(user.email)
    response = client.post("/admin/companies/new", data={
        "csrf_token": csrf_token(client, "/admin/companies/new"),
        "document": (io.BytesIO(PDF), "x.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 400


def test_schooling_evidence_the_course_did_not_have_can_be_marked_not_relevant(
        app, client, auth) -> None:
    agreement = approved()
    claims_due_step(date(2028, 3, 1))
    auth.login(make_user(Role.EMPLOYER, company=agreement.company).email)
    claim = claim_of(agreement, "company_bonus_completion")
    page = f"/employer/claims/{claim.id}"
    marked = post(client, f"{page}/not-relevant", page, {
        "lock_version": str(claim.lock_version), "evidence_code": "language_centre_transcript",
        "not_relevant": "1"})
    assert marked.status_code == 302
    assert claim_of(agreement, "company_bonus_completion").evidence_not_relevant == [
        "language_centre_transcript"]
    claim = claim_of(agreement, "company_bonus_completion")
    always = post(client, f"{page}/not-relevant", page, {
        "lock_version": str(claim.lock_version), "evidence_code": "amu_certificates",
        "not_relevant": "1"})
    assert always.status_code == 422


def test_a_stale_page_cannot_prepare(app, client, auth, due_claims) -> None:
    auth.login(make_user(Role.EMPLOYER, company=due_claims.company).email)
    claim = claim_of(due_claims, "company_bonus_6_months")
    page = f"/employer/claims/{claim.id}"
    response = post(client, f"{page}/prepare", page, {"lock_version": str(claim.lock_version - 1)})
    assert response.status_code == 409
    assert "En anden har ændret det i mellemtiden" in response.get_data(as_text=True)


def test_the_finance_officer_handles_the_municipalitys_claim_and_follows_the_companys(
        app, client, auth, due_claims) -> None:
    auth.login(make_user(Role.FINANCE, municipality="101").email)
    grant = claim_of(due_claims, "municipality_result_grant")
    company_claim = claim_of(due_claims, "company_bonus_6_months")
    page = client.get(f"/finance/claims/{grant.id}").get_data(as_text=True)
    assert 'data-evidence="continuous_employment"' in page
    assert attach(client, "finance", grant, "continuous_employment").status_code == 302
    grant = claim_of(due_claims, "municipality_result_grant")
    assert post(client, f"/finance/claims/{grant.id}/prepare", f"/finance/claims/{grant.id}",
                {"lock_version": str(grant.lock_version)}).status_code == 302
    assert claim_of(due_claims, "municipality_result_grant").status == ClaimStatus.PREPARED
    # The company's claim: shown, with no step to take and no CPR-bearing summary.
    followed = client.get(f"/finance/claims/{company_claim.id}").get_data(as_text=True)
    assert "data-evidence" not in followed and "Virksomheden klargør" in followed
    assert client.get(f"/finance/claims/{company_claim.id}/summary.pdf").status_code == 403
    assert post(client, f"/finance/claims/{company_claim.id}/prepare",
                f"/finance/claims/{grant.id}",
                {"lock_version": str(company_claim.lock_version)}).status_code == 403


def test_an_employer_never_sees_the_municipalitys_claim(app, client, auth, due_claims) -> None:
    auth.login(make_user(Role.EMPLOYER, company=due_claims.company).email)
    grant = claim_of(due_claims, "municipality_result_grant")
    assert client.get(f"/employer/claims/{grant.id}").status_code == 404
    assert f"/employer/claims/{grant.id}" not in client.get("/employer/claims").get_data(
        as_text=True)


@pytest.mark.parametrize("suffix", ["", "/summary.pdf", "/evidence/1"])
def test_another_tenants_claim_is_not_found_on_every_claim_page(app, client, auth, due_claims,
                                                                 suffix: str) -> None:
    claim = claim_of(due_claims, "company_bonus_6_months")
    auth.login(make_user(Role.EMPLOYER, company=make_company("101")).email)
    assert client.get(f"/employer/claims/{claim.id}{suffix}").status_code == 404
    auth.logout()
    auth.login(make_user(Role.FINANCE, municipality="751").email)
    assert client.get(f"/finance/claims/{claim.id}{suffix}").status_code == 404


@pytest.mark.parametrize("step", ["evidence", "prepare", "reopen", "submit", "paid", "rejected",
                                  "not-relevant", "evidence/1/remove"])
def test_every_step_of_another_tenants_claim_is_not_found(app, client, auth, due_claims,
                                                          step: str) -> None:
    claim = claim_of(due_claims, "company_bonus_6_months")
    auth.login(make_user(Role.EMPLOYER, company=make_company("101")).email)
    response = post(client, f"/employer/claims/{claim.id}/{step}", "/employer/claims",
                    {"lock_version": "1"})
    assert response.status_code == 404


def test_the_agreement_page_lists_its_claims(app, client, auth, due_claims) -> None:
    auth.login(make_user(Role.EMPLOYER, company=due_claims.company).email)
    html = client.get(f"/employer/agreements/{due_claims.id}").get_data(as_text=True)
    listed = html[html.index("data-claims>"):]
    links = re.findall(r'href="/employer/claims/(\d+)"', listed[:listed.index("</ul>")])
    assert len(links) == 2  # the company's two, not the municipality's grant
    # The next steps link only the company's claims too.
    todo = re.findall(r'data-todo-step="claim".*?href="/employer/claims/(\d+)"', html, re.S)
    assert todo and set(todo) <= set(links)


@pytest.mark.parametrize(("content", "name", "message"), [
    (upload_files.pdf(upload_files.open_action), "bevis.pdf",
     "PDF-filen indeholder JavaScript eller en handling, der kører, når den åbnes."),
    (upload_files.png_header(30000, 30000), "skærm.png",
     "Billedet er større end 50 millioner pixel."),
])
def test_a_pdf_that_acts_or_an_image_too_large_is_refused_at_the_field(
        app, client, auth, due_claims, content: bytes, name: str, message: str) -> None:
    auth.login(make_user(Role.EMPLOYER, company=due_claims.company).email)
    claim = claim_of(due_claims, "company_bonus_6_months")
    response = attach(client, "employer", claim, "vitas_registration", content, name)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    # At the item's own file field, which a file input cannot refill: the item stays the one
    # asked about, and nothing else was entered.
    assert re.search(r'id="document-vitas_registration-error"[^>]*>.*?' + re.escape(message[:20]),
                     html, re.S)
    assert claim_of(due_claims, "company_bonus_6_months").evidence == []
