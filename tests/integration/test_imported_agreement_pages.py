"""An imported course in the pages and the API that were made for agreements
sent through igu-admin: the caseworker's case page, the employer's home and
agreement, the claims, the agreement record; and a download of its version,
which has no PDF, says so."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from igu_admin.extensions import db
from igu_admin.models import Agreement, Company, Role, User
from igu_admin.services import imports
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_user
from igu_admin.testing.course_imports import course_row, read
from tests.conftest import Auth

TODAY = date(2026, 6, 15)


@pytest.fixture
def imported(app: Flask) -> tuple[Agreement, User]:
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    imports.import_courses(caseworker, "101", read(
        course_row(1, company_bonus_6m_paid_on=date(2026, 4, 2)),
        course_row(2, status="terminated", start_date=date(2025, 1, 6),
                   end_date=date(2027, 3, 5), end_date_given=True, ended_on=date(2025, 12, 31),
                   termination_reason="dismissal")), channel="web", today=TODAY)
    found = db.session.scalar(select(Agreement).where(Agreement.external_ref == "REF-1"))
    assert found is not None
    return found, caseworker


def test_the_case_page_shows_the_imported_version_without_a_pdf(
        client: FlaskClient, auth: Auth, imported: tuple[Agreement, User]) -> None:
    agreement, caseworker = imported
    auth.login(caseworker.email)
    page = client.get(f"/caseworker/agreements/{agreement.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-imported="version-1"' in html and 'data-pdf="version-1"' not in html
    assert 'data-pdf="approved"' not in html
    download = client.get(f"/caseworker/agreements/{agreement.id}/versions/1.pdf")
    assert download.status_code == 404
    assert "PDF" in download.get_data(as_text=True)
    terminated = db.session.scalar(select(Agreement).where(Agreement.external_ref == "REF-2"))
    assert terminated is not None
    assert client.get(f"/caseworker/agreements/{terminated.id}").status_code == 200


def test_the_employer_sees_the_imported_course_and_its_claims(
        client: FlaskClient, auth: Auth, imported: tuple[Agreement, User]) -> None:
    agreement, _caseworker = imported
    company = db.session.get(Company, agreement.company_id)
    assert company is not None
    auth.login(make_user(Role.EMPLOYER, company=company).email)
    assert client.get("/employer/").status_code == 200
    page = client.get(f"/employer/agreements/{agreement.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-imported="version-1"' in html
    assert 'data-section="next-steps"' not in html
    assert client.get("/employer/claims").status_code == 200
    assert client.get(f"/employer/agreements/{agreement.id}/versions/1.pdf").status_code == 404


def test_the_finance_officer_sees_the_imported_claims(
        client: FlaskClient, auth: Auth, imported: tuple[Agreement, User]) -> None:
    auth.login(make_user(Role.FINANCE, municipality="101").email)
    assert client.get("/finance/").status_code == 200


def test_the_api_answers_the_record_and_says_there_is_no_pdf(
        client: FlaskClient, imported: tuple[Agreement, User]) -> None:
    agreement, caseworker = imported
    headers = {"Authorization": f"Bearer {api_tokens.create_token(caseworker, caseworker).secret}",
               "Accept-Language": "en"}
    record = client.get(f"/api/v1/agreements/{agreement.id}", headers=headers)
    assert record.status_code == 200 and record.json["status"] == "active"
    assert record.json["versions"] == [{
        "number": 1, "submitted_at": record.json["versions"][0]["submitted_at"],
        "pdf_sha256": None, "imported": {"on": TODAY.isoformat(),
                                         "by": caseworker.name or caseworker.email}}]
    pdf = client.get(f"/api/v1/agreements/{agreement.id}/pdf", headers=headers)
    assert pdf.status_code == 404 and "no PDF" in pdf.json["errors"]["id"][0]
    claims = client.get(f"/api/v1/agreements/{agreement.id}/claims", headers=headers)
    assert claims.status_code == 200
    assert {c["type"]: c["status"] for c in claims.json["items"]}[
        "company_bonus_6_months"] == "paid"
