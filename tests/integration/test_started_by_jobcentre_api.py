"""Agreements a jobcentre starts for a company (issue 18, item 1) through the
API: a caseworker's POST with `company` or `company_invite`, the trainee part
the caseworker may PATCH until submission (400 for any other field), the
employer's 422 on it, tenancy (404), lock_version, eligibility after a
caseworker's change, and `started_by` on every record."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from igu_admin.extensions import db
from igu_admin.models import Agreement, AuditEvent, Company, Invitation, OutboxMessage, Role
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_company, make_user, valid_cvr
from igu_admin.testing.agreements import CPR
from igu_admin.testing.reviews import review_agreement

URL = "/api/v1/agreements"


def bearer(user, lang: str = "en") -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": lang}


def trainee_part() -> dict[str, Any]:
    return review_agreement(CPR)["trainee"]


def employer_part() -> dict[str, Any]:
    body = review_agreement(CPR)
    del body["trainee"]
    return body


@pytest.fixture
def world(app):
    known = make_company(municipality="751")
    employer = make_user(Role.EMPLOYER, company=known)
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    return {"known": known, "employer": bearer(employer),
            "caseworker": bearer(caseworker), "caseworker_user": caseworker,
            "colleague": bearer(make_user(Role.CASEWORKER, municipality="101")),
            "far_caseworker": bearer(make_user(Role.CASEWORKER, municipality="751")),
            "finance": bearer(make_user(Role.FINANCE, municipality="101")),
            "stranger": bearer(make_user(Role.EMPLOYER, company=make_company()))}


def start(client, world, **body: Any) -> dict[str, Any]:
    if "company_invite" not in body:
        body.setdefault("company", {"cvr": world["known"].cvr})
    body.setdefault("trainee", trainee_part())
    response = client.post(URL, json=body, headers=world["caseworker"])
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def patch(client, headers, record: dict[str, Any], **body: Any):
    return client.patch(f"{URL}/{record['id']}", headers=headers,
                        json={"lock_version": record["lock_version"], **body})


def test_a_caseworker_starts_a_draft_for_a_known_company_by_cvr(client, world) -> None:
    record = start(client, world)
    assert record["started_by"] == "municipality"
    assert record["started_by_municipality_code"] == "101"
    assert record["company"]["cvr"] == world["known"].cvr and record["status"] == "draft"
    assert record["trainee"]["cpr"] == "150595-1234"  # the caseworker's own typing, in full
    assert record["contact_person"] == ""  # the employer's to give
    # Assessed once the employer gives the start date (the scheme's window).
    assert record["eligibility"] is None and "start_date" in record["missing"]
    # The draft is the company's: its employer reads it, masked.
    seen = client.get(f"{URL}/{record['id']}", headers=world["employer"]).get_json()
    assert seen["started_by"] == "municipality" and seen["trainee"]["cpr"] == "150595-XXXX"
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "agreement", AuditEvent.entity_id == str(record["id"])))
    [created] = [e for e in events if e.action == "created"]
    assert created.after["started_by"] == "municipality"


def test_a_caseworker_starts_a_draft_for_a_new_company_and_it_is_invited(client, world) -> None:
    cvr = valid_cvr(8101)
    record = start(client, world, company_invite={
        "cvr": cvr, "name": "Ny Bager ApS", "email": "ejer@nybager.dk",
        "employer_type": "private"})
    del record  # the records' shape is tested above
    company = db.session.scalar(select(Company).where(Company.cvr == cvr))
    assert company is not None and company.municipality_code == "101" and company.is_private
    [invitation] = db.session.scalars(select(Invitation).where(
        Invitation.company_id == company.id))
    assert invitation.email == "ejer@nybager.dk"
    [message] = db.session.scalars(select(OutboxMessage))
    assert message.recipient_email == "ejer@nybager.dk" and "/invitation/" in message.body_text


@pytest.mark.parametrize(("body", "paths"), [
    ({}, {"company", "company_invite"}),
    ({"company": {"cvr": "12345678"}}, {"company.cvr"}),
    ({"company": {"cvr": valid_cvr(8102)}}, {"company.cvr"}),  # valid, but unknown
    ({"company_invite": {"cvr": "1234567", "name": "X", "email": "a@b.dk",
                         "employer_type": "private"}}, {"company_invite.cvr"}),
    ({"company_invite": {"cvr": valid_cvr(8103), "name": "X", "email": "nope",
                         "employer_type": "private"}}, {"company_invite.email"}),
    ({"company_invite": {"cvr": valid_cvr(8104), "name": "X", "email": "a@b.dk",
                         "employer_type": "charity"}}, {"company_invite.employer_type"}),
    ({"company_invite": {"cvr": valid_cvr(8105), "name": "", "email": "a@b.dk",
                         "employer_type": "public"}}, {"company_invite.name"}),
    ({"company_invite": {"cvr": valid_cvr(8106), "name": "X", "email": "a@b.dk"}},
     {"company_invite.employer_type"}),
    ({"job_title": "Bager"}, {"job_title"}),
])
def test_a_caseworkers_bad_request_is_400_at_its_fields_and_nothing_is_saved(
        client, world, body, paths) -> None:
    if "company" not in body and "company_invite" not in body and body:
        body = {**body, "company": {"cvr": world["known"].cvr}}
    response = client.post(URL, json=body, headers=world["caseworker"])
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == paths
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 0
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_inviting_a_known_company_is_refused_at_its_cvr(client, world) -> None:
    response = client.post(URL, headers=world["caseworker"], json={"company_invite": {
        "cvr": world["known"].cvr, "name": "X", "email": "x@example.dk",
        "employer_type": "private"}})
    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["company_invite.cvr"]


def test_an_employer_names_no_company(client, world) -> None:
    response = client.post(URL, headers=world["employer"],
                           json={"company": {"cvr": world["known"].cvr}})
    assert response.status_code == 400 and list(response.get_json()["errors"]) == ["company"]
    mine = client.post(URL, headers=world["employer"], json={}).get_json()
    assert (mine["started_by"], mine["started_by_municipality_code"]) == ("employer", None)


def test_the_caseworker_patches_the_trainee_part_only(client, world) -> None:
    record = start(client, world)
    refused = patch(client, world["caseworker"], record, job_title="Bager",
                    trainee={"name": "Ny"})
    assert refused.status_code == 400 and list(refused.get_json()["errors"]) == ["job_title"]
    changed = patch(client, world["colleague"], record, trainee={"name": "Amal Ny"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["trainee"]["name"] == "Amal Ny"
    stale = patch(client, world["caseworker"], record, trainee={"name": "For sent"})
    assert stale.status_code == 409 and list(stale.get_json()["errors"]) == ["lock_version"]


def test_eligibility_is_assessed_again_after_the_caseworkers_change(client, world) -> None:
    record = patch(client, world["employer"], start(client, world),
                   start_date=employer_part()["start_date"]).get_json()
    assert record["eligibility"]["eligible"] is True
    changed = patch(client, world["caseworker"], record, trainee={"previous_igu": True})
    assert changed.status_code == 200
    assert changed.get_json()["eligibility"]["eligible"] is False
    seen = client.get(f"{URL}/{record['id']}", headers=world["employer"]).get_json()
    assert seen["eligibility"]["eligible"] is False


def test_the_employer_gets_422_on_the_trainee_part_and_completes_the_rest(
        client, world) -> None:
    record = start(client, world)
    refused = patch(client, world["employer"], record, trainee={"name": "Andet navn"},
                    job_title="Bager")
    assert refused.status_code == 422
    assert list(refused.get_json()["errors"]) == ["trainee.name"]
    done = patch(client, world["employer"], record, **employer_part())
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["missing"] == []
    submitted = client.post(f"{URL}/{record['id']}/submit", headers=world["employer"],
                            json={"lock_version": done.get_json()["lock_version"]})
    assert submitted.status_code == 200, submitted.get_json()
    # Submitted: the trainee part is no longer the caseworker's to change.
    after = client.get(f"{URL}/{record['id']}", headers=world["caseworker"]).get_json()
    late = patch(client, world["caseworker"], after, trainee={"name": "Sent"})
    assert late.status_code == 409


def test_tenancy_other_municipalities_and_companies_do_not_see_the_draft(
        client, world) -> None:
    record = start(client, world)
    path = f"{URL}/{record['id']}"
    for who in ("far_caseworker", "stranger", "finance"):
        assert client.get(path, headers=world[who]).status_code == 404, who
    assert patch(client, world["far_caseworker"], record,
                 trainee={"name": "X"}).status_code == 404
    listed = client.get(URL, headers=world["caseworker"]).get_json()["items"]
    assert [r["id"] for r in listed] == [record["id"]]
    assert client.get(URL, headers=world["far_caseworker"]).get_json()["items"] == []


def test_an_employers_own_draft_stays_invisible_to_caseworkers(client, world) -> None:
    mine = client.post(URL, headers=world["employer"],
                       json={"trainee": {"municipality_code": "101"}}).get_json()
    assert client.get(f"{URL}/{mine['id']}", headers=world["caseworker"]).status_code == 404
    assert patch(client, world["caseworker"], mine,
                 trainee={"name": "X"}).status_code == 404


def test_comments_on_the_draft_reach_the_other_side(client, world) -> None:
    record = start(client, world)
    asked = client.post(f"{URL}/{record['id']}/comments", headers=world["employer"],
                        json={"text": "Navnet staves Amaal."})
    assert asked.status_code == 201, asked.get_json()
    read = client.get(f"{URL}/{record['id']}/comments", headers=world["caseworker"])
    assert [c["text"] for c in read.get_json()["items"]] == ["Navnet staves Amaal."]
    # The jobcentre that started it is told (the trainee's municipality is not yet the side).
    told = set(db.session.scalars(select(OutboxMessage.recipient_id).where(
        OutboxMessage.kind == "comment_added")))
    assert world["caseworker_user"].id in told
    assert client.get(f"{URL}/{record['id']}/comments",
                      headers=world["far_caseworker"]).status_code == 404


def test_the_openapi_document_declares_the_new_fields(client) -> None:
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert schemas["AgreementOut"]["properties"]["started_by"]["enum"] == [
        "employer", "municipality", "import"]
    assert {"company", "company_invite"} <= set(schemas["AgreementStart"]["properties"])
    assert set(schemas["CompanyInviteInput"]["required"]) == {
        "cvr", "name", "email", "employer_type"}
