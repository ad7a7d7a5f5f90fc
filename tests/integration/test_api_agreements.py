"""Bearer tokens on the API: who may call, and which agreements they see."""

import pytest

from igu_admin.extensions import db
from igu_admin.models import AgreementStatus, Role
from igu_admin.services.accounts import api_tokens
from igu_admin.services.agreements import trainees
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_agreement

URL = "/api/v1/agreements"


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": "en"}


@pytest.fixture
def world(app):
    mine, theirs = make_company(municipality="101"), make_company(municipality="751")
    return {"mine": mine, "my_agreement": make_agreement(mine),
            "their_agreement": make_agreement(theirs)}


def test_no_token_is_401_with_a_challenge(app, client, world) -> None:
    response = client.get(f"{URL}/{world['my_agreement'].id}")
    assert response.status_code == 401
    assert list(response.get_json()["errors"]) == ["auth"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer igu_not-a-real-token", "Bearer ", "Basic dXNlcjpwdw==",
                                    "Bearer " + "x" * 5000])
def test_a_bad_token_is_401(app, client, world, header: str) -> None:
    response = client.get(URL, headers={"Authorization": header})
    assert response.status_code == 401
    assert list(response.get_json()["errors"]) == ["auth"]


def test_a_revoked_token_is_401_at_once(app, client, world) -> None:
    user = make_user(Role.EMPLOYER, company=world["mine"])
    made = api_tokens.create_token(user, user)
    headers = {"Authorization": f"Bearer {made.secret}"}
    assert client.get(URL, headers=headers).status_code == 200
    api_tokens.revoke_token(user, made.record.id)
    assert client.get(URL, headers=headers).status_code == 401


def test_a_deactivated_users_token_is_401(app, client, world) -> None:
    user = make_user(Role.CASEWORKER)
    headers = bearer(user)
    user.active = False
    db.session.commit()
    assert client.get(URL, headers=headers).status_code == 401


def test_a_browser_login_session_does_not_open_the_api(app, client, auth, world) -> None:
    auth.login(make_user(Role.EMPLOYER, company=world["mine"]).email)
    assert client.get(URL).status_code == 401


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CASEWORKER, Role.FINANCE])
def test_a_token_of_another_tenant_gets_404(app, client, world, role: Role) -> None:
    user = make_user(role, company=world["mine"] if role is Role.EMPLOYER else None,
                     municipality=None if role is Role.EMPLOYER else "101")
    headers = bearer(user)
    theirs = client.get(f"{URL}/{world['their_agreement'].id}", headers=headers)
    missing = client.get(f"{URL}/2147483647", headers=headers)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.get_json() == missing.get_json()  # no hint which
    assert client.get(f"{URL}/{world['my_agreement'].id}", headers=headers).status_code == 200
    listed = [a["id"] for a in client.get(URL, headers=headers).get_json()["items"]]
    assert listed == [world["my_agreement"].id]


def test_impossible_ids_are_404_not_500(app, client, world) -> None:
    headers = bearer(make_user(Role.ADMIN))
    for agreement_id in ("99999999999999999999", "0", "-1", "abc"):
        assert client.get(f"{URL}/{agreement_id}", headers=headers).status_code == 404


def test_the_cpr_is_in_full_for_the_caseworker_and_masked_for_others(app, client, world) -> None:
    agreement = world["my_agreement"]
    full = trainees.display_cpr(agreement.trainee, full=True)
    masked = trainees.display_cpr(agreement.trainee, full=False)
    seen = {role: client.get(f"{URL}/{agreement.id}", headers=bearer(make_user(
        role, company=world["mine"] if role is Role.EMPLOYER else None))).get_json()
        ["trainee"]["cpr"] for role in (Role.EMPLOYER, Role.CASEWORKER, Role.FINANCE)}
    assert seen == {Role.EMPLOYER: masked, Role.CASEWORKER: full, Role.FINANCE: masked}


def test_the_record_carries_its_lock_version_status_and_company(app, client, world) -> None:
    body = client.get(f"{URL}/{world['my_agreement'].id}",
                      headers=bearer(make_user(Role.CASEWORKER))).get_json()
    assert body["status"] == "submitted" and body["lock_version"] == 1
    assert body["company"] == {"cvr": world["mine"].cvr, "name": world["mine"].name,
                               "employer_type": "private"}
    assert "trainee.target_group" in body["missing"]


def test_lists_page_with_a_next_url_and_filter_by_status(app, client, world) -> None:
    for _ in range(4):
        make_agreement(world["mine"])
    make_agreement(world["mine"], status=AgreementStatus.APPROVED)
    headers = bearer(make_user(Role.EMPLOYER, company=world["mine"]))
    first = client.get(f"{URL}?limit=4", headers=headers).get_json()
    second = client.get(first["next"], headers=headers).get_json()
    ids = [a["id"] for a in first["items"] + second["items"]]
    assert len(first["items"]) == 4 and second["next"] is None
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 6
    approved = client.get(f"{URL}?status=approved", headers=headers).get_json()["items"]
    assert [a["status"] for a in approved] == ["approved"]


@pytest.mark.parametrize(("query", "field"), [("status=signed", "status"), ("limit=0", "limit"),
                                              ("limit=501", "limit"), ("after=x", "after"),
                                              ("colour=red", "colour")])
def test_bad_list_parameters_are_400_at_their_name(app, client, world, query, field) -> None:
    response = client.get(f"{URL}?{query}", headers=bearer(make_user(Role.ADMIN)))
    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == [field]


def test_the_document_describes_the_bearer_operations(app, client) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/agreements/{agreement_id}"]["get"]
    assert operation["security"] == [{"bearerAuth": []}]
    assert {"200", "401", "403", "404"} <= set(operation["responses"])
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
