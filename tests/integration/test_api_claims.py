"""Bonus claims in the JSON API: who sees which, the steps with lock_version,
the filters and their refusals, the export for finance officers."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from igu_admin.inputs.uploads import read_upload
from igu_admin.jobs.claims_due import claims_due_step
from igu_admin.models import ClaimStatus, Role
from igu_admin.services import claims
from igu_admin.services.accounts import api_tokens
from igu_admin.services.agreements import trainees
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.claims import approved, claims_of
from igu_admin.testing.de_minimis import NO_OTHER_AID, NO_OTHER_AID_JSON

PDF = b"%PDF-1.4 bevis"


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}"}


@pytest.fixture
def world(app):
    """Two courses in 101 (one with the municipality's grant) and one in 751,
    their six-month claims due."""
    mine = approved(programme_start=date(2025, 6, 1))
    neighbour = approved(make_company("101"), start=date(2026, 4, 1))
    far = approved(make_company("751"))
    far.municipality_code = "751"
    claims_due_step(date(2026, 10, 15))
    return {"mine": mine, "neighbour": neighbour, "far": far,
            "employer": make_user(Role.EMPLOYER, company=mine.company),
            "finance": make_user(Role.FINANCE, municipality="101"),
            "caseworker": make_user(Role.CASEWORKER, municipality="101")}


def ids(response) -> set[int]:
    assert response.status_code == 200, response.get_json()
    return {item["id"] for item in response.get_json()["items"]}


def test_each_role_sees_its_own_claims(app, client, world) -> None:
    mine, neighbour = claims_of(world["mine"]), claims_of(world["neighbour"])
    employer = ids(client.get("/api/v1/claims", headers=bearer(world["employer"])))
    assert employer == {mine["company_bonus_6_months"].id, mine["company_bonus_completion"].id}
    municipal = {c.id for c in [*mine.values(), *neighbour.values()]}
    assert ids(client.get("/api/v1/claims", headers=bearer(world["finance"]))) == municipal
    assert ids(client.get("/api/v1/claims", headers=bearer(world["caseworker"]))) == municipal
    admin = client.get("/api/v1/claims", headers=bearer(make_user(Role.ADMIN)))
    assert admin.status_code == 403
    assert client.get("/api/v1/claims").status_code == 401


def test_a_claim_as_the_api_shows_it(app, client, world) -> None:
    six = claims_of(world["mine"])["company_bonus_6_months"]
    body = client.get(f"/api/v1/claims/{six.id}", headers=bearer(world["employer"])).get_json()
    assert body["type"] == "company_bonus_6_months" and body["beneficiary"] == "company"
    assert body["amount"] == "20000.00" and body["due_date"] == "2026-09-01"
    assert body["status"] == "due" and body["status_label"] == "Forfalden"
    assert body["company"]["cvr"] == world["mine"].company.cvr
    assert body["missing_evidence"] == ["vitas_registration", "employment_period"]
    assert body["actions"] == ["prepare"]
    followed = client.get(f"/api/v1/claims/{six.id}", headers=bearer(world["finance"]))
    assert followed.get_json()["actions"] == []  # the company's to handle
    cpr = trainees.display_cpr(world["mine"].trainee, full=True)
    assert cpr not in str(body) and cpr.replace("-", "") not in str(body)


@pytest.mark.parametrize(("query", "expected"), [
    ("status=due", {"mine:company_bonus_6_months", "mine:municipality_result_grant",
                    "neighbour:company_bonus_6_months"}),
    ("beneficiary=municipality", {"mine:municipality_result_grant"}),
    ("type=company_bonus_completion", {"mine:company_bonus_completion",
                                       "neighbour:company_bonus_completion"}),
    ("due_from=2026-09-02&due_to=2026-12-31", {"neighbour:company_bonus_6_months"}),
    ("due_from=2028-03-01&due_to=2028-03-01", {"mine:company_bonus_completion"}),
])
def test_the_filters(app, client, world, query: str, expected: set[str]) -> None:
    names = {c.id: f"{key}:{c.claim_type}" for key in ("mine", "neighbour")
             for c in claims_of(world[key]).values()}
    found = ids(client.get(f"/api/v1/claims?{query}", headers=bearer(world["finance"])))
    assert {names[i] for i in found} == expected


@pytest.mark.parametrize(("query", "field", "message"), [
    ("status=sent", "status", "Ukendt status."),
    ("beneficiary=state", "beneficiary", "Ukendt modtager."),
    ("type=bonus", "type", "Ukendt kravtype."),
    ("due_from=2026-02-30", "due_from", "Datoen findes ikke."),
    ("due_from=2026-05-01&due_to=2026-04-01", "body", "Periodens slutning ligger før dens start."),
    ("after=2026-02-30.5", "after", "Brug adressen fra next uændret."),
    ("limit=0", "limit", None),
    ("colour=red", "colour", None),
])
def test_bad_filters_answer_400_at_their_field(app, client, world, query: str, field: str,
                                               message: str | None) -> None:
    response = client.get(f"/api/v1/claims?{query}", headers=bearer(world["finance"]))
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert field in errors, errors
    if message:
        assert errors[field][0].startswith(message)


def test_pages_follow_the_next_link_in_due_date_order(app, client, world) -> None:
    headers = bearer(world["finance"])
    seen, url = [], "/api/v1/claims?limit=2&beneficiary=company"
    while url:
        page = client.get(url, headers=headers).get_json()
        seen += [(item["due_date"], item["id"]) for item in page["items"]]
        url = page["next"]
    assert len(seen) == 4 and seen == sorted(seen)


def test_an_agreements_claims_in_its_tenancy_only(app, client, world) -> None:
    url = f"/api/v1/agreements/{world['mine'].id}/claims"
    assert len(client.get(url, headers=bearer(world["employer"])).get_json()["items"]) == 2
    assert len(client.get(url, headers=bearer(world["finance"])).get_json()["items"]) == 3
    other = make_user(Role.EMPLOYER, company=world["neighbour"].company)
    assert client.get(url, headers=bearer(other)).status_code == 404
    far = make_user(Role.FINANCE, municipality="751")
    assert client.get(url, headers=bearer(far)).status_code == 404


def _prepared(world) -> object:
    six = claims_of(world["mine"])["company_bonus_6_months"]
    for code in ("vitas_registration", "employment_period"):
        claims.attach_evidence(world["employer"], six, code,
                               read_upload(io.BytesIO(PDF), "bevis.pdf"))
    return claims_of(world["mine"])["company_bonus_6_months"]


def test_the_employer_takes_a_company_claim_through_its_steps(app, client, world) -> None:
    headers = bearer(world["employer"])
    six = claims_of(world["mine"])["company_bonus_6_months"]
    url = f"/api/v1/claims/{six.id}"
    missing = client.post(f"{url}/prepare", json={"lock_version": six.lock_version},
                          headers=headers)
    assert missing.status_code == 422
    # What is missing, all at once (the de minimis declaration is taken when given).
    assert set(missing.get_json()["errors"]) == {"evidence.vitas_registration",
                                                 "evidence.employment_period"}
    six = _prepared(world)
    prepared = client.post(f"{url}/prepare", json={"lock_version": six.lock_version,
                                                   "de_minimis": NO_OTHER_AID_JSON},
                           headers=headers)
    assert prepared.status_code == 200 and prepared.get_json()["status"] == "prepared"
    lock = prepared.get_json()["lock_version"]
    again = client.post(f"{url}/prepare", json={"lock_version": lock}, headers=headers)
    assert again.status_code == 409 and "status" in again.get_json()["errors"]
    stale = client.post(f"{url}/submit", headers=headers, json={
        "lock_version": lock - 1, "submitted_on": "2026-09-20", "reference": "SIRI-1"})
    assert stale.status_code == 409 and "lock_version" in stale.get_json()["errors"]
    future = client.post(f"{url}/submit", headers=headers, json={
        "lock_version": lock, "submitted_on": "2099-01-01", "reference": "SIRI-1"})
    assert future.status_code == 422 and "submitted_on" in future.get_json()["errors"]
    sent = client.post(f"{url}/submit", headers=headers, json={
        "lock_version": lock, "submitted_on": "2026-09-20", "reference": "SIRI-1"})
    assert sent.status_code == 200, sent.get_json()
    assert sent.get_json()["reference"] == "SIRI-1"
    assert sent.get_json()["actions"] == ["paid", "reject"]
    paid = client.post(f"{url}/paid", headers=headers, json={
        "lock_version": sent.get_json()["lock_version"], "paid_on": "2026-10-01",
        "amount": "20000.00"})
    assert paid.status_code == 200
    assert (paid.get_json()["status"], paid.get_json()["paid_amount"]) == ("paid", "20000.00")
    assert claims_of(world["mine"])["company_bonus_6_months"].status == ClaimStatus.PAID


def test_a_refusal_is_recorded_through_the_api(app, client, world) -> None:
    headers = bearer(world["employer"])
    six = _prepared(world)
    claims.prepare(world["employer"], six, declaration=NO_OTHER_AID)
    claims.submit(world["employer"], six, date(2026, 9, 20), "SIRI-1")
    six = claims_of(world["mine"])["company_bonus_6_months"]
    url = f"/api/v1/claims/{six.id}/reject"
    empty = client.post(url, headers=headers, json={"lock_version": six.lock_version,
                                                    "reason": "  "})
    assert empty.status_code == 422 and "reason" in empty.get_json()["errors"]
    done = client.post(url, headers=headers, json={"lock_version": six.lock_version,
                                                   "reason": "Ikke registreret i VITAS"})
    assert done.status_code == 200
    assert done.get_json()["rejection_reason"] == "Ikke registreret i VITAS"


def test_only_the_claims_handler_takes_its_steps(app, client, world) -> None:
    six = claims_of(world["mine"])["company_bonus_6_months"]
    grant = claims_of(world["mine"])["municipality_result_grant"]
    body = {"lock_version": six.lock_version}
    finance, caseworker = bearer(world["finance"]), bearer(world["caseworker"])
    # The finance officer sees the company's claim, but does not handle it.
    assert client.post(f"/api/v1/claims/{six.id}/prepare", json=body,
                       headers=finance).status_code == 403
    # A caseworker never takes a claim's steps.
    assert client.post(f"/api/v1/claims/{grant.id}/prepare", json=body,
                       headers=caseworker).status_code == 403
    # Another company's employer does not even find it.
    stranger = bearer(make_user(Role.EMPLOYER, company=world["neighbour"].company))
    assert client.post(f"/api/v1/claims/{six.id}/prepare", json=body,
                       headers=stranger).status_code == 404
    # The employer does not find the municipality's claim.
    assert client.post(f"/api/v1/claims/{grant.id}/prepare", json=body,
                       headers=bearer(world["employer"])).status_code == 404


def test_the_finance_officer_handles_the_municipalitys_claim(app, client, world) -> None:
    grant = claims_of(world["mine"])["municipality_result_grant"]
    claims.attach_evidence(world["finance"], grant, "continuous_employment",
                           read_upload(io.BytesIO(PDF), "bevis.pdf"))
    grant = claims_of(world["mine"])["municipality_result_grant"]
    response = client.post(f"/api/v1/claims/{grant.id}/prepare",
                           json={"lock_version": grant.lock_version},
                           headers=bearer(world["finance"]))
    assert response.status_code == 200 and response.get_json()["status"] == "prepared"


@pytest.mark.parametrize("body", [{}, {"lock_version": "1"}, {"lock_version": 0},
                                  {"lock_version": 1, "extra": True}])
def test_a_malformed_step_answers_400(app, client, world, body: dict) -> None:
    six = claims_of(world["mine"])["company_bonus_6_months"]
    response = client.post(f"/api/v1/claims/{six.id}/prepare", json=body,
                           headers=bearer(world["employer"]))
    assert response.status_code == 400


def test_the_export_is_for_finance_officers_only(app, client, world) -> None:
    for role in ("employer", "caseworker"):
        response = client.get("/api/v1/claims/export?format=csv", headers=bearer(world[role]))
        assert response.status_code == 403
    bad = client.get("/api/v1/claims/export?format=pdf", headers=bearer(world["finance"]))
    assert bad.status_code == 400 and "format" in bad.get_json()["errors"]


def test_the_csv_export_reads_back_with_the_filter(app, client, world) -> None:
    # buffered: the test client reads the streamed body inside the request's context.
    response = client.get("/api/v1/claims/export?format=csv&beneficiary=company&status=due",
                          headers=bearer(world["finance"]), buffered=True)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=\"bonuskrav-")
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Aftalenummer", "Kravnummer", "Krav"]
    assert len(body) == 2 and {r[header.index("Status")] for r in body} == {"Forfalden"}
    first = dict(zip(header, body[0], strict=True))
    assert first["Beløb (kr.)"] == "20000,00" and first["Forfaldsdato"] == "01-09-2026"
    assert first["CVR-nummer"] == world["mine"].company.cvr


def test_the_xlsx_export_reads_back(app, client, world) -> None:
    response = client.get("/api/v1/claims/export?format=xlsx", headers=bearer(world["finance"]),
                          buffered=True)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Aftalenummer" and sheet.freeze_panes == "A2"
    assert len(rows) == 1 + 5 + 1  # header, five claims, totals
    assert rows[-1][0] == "I alt"
    amount = rows[0].index("Beløb (kr.)")
    assert rows[-1][amount] == 20000 * 4 + 88817
