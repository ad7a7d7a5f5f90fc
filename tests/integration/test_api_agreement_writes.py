"""The agreements API of issue 7 over HTTP: create, change, submit, withdraw,
the PDFs and the wage-rate table, with tenancy, tokens and refusals."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import pypdf
import pytest
from sqlalchemy import func, select

from igu_admin.bench.api import bench_api
from igu_admin.documents import agreement_pdf
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementStatus, AgreementVersion, AuditEvent, Role
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import CPR, START
from igu_admin.testing.reviews import review_agreement

URL = "/api/v1/agreements"


def bearer(user, lang: str = "en") -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": lang}


def complete(**overrides: Any) -> dict[str, Any]:
    """An agreement the API takes in full (the review's, trainee "Amal Test")."""
    body = review_agreement(CPR, **overrides)
    if "trainee" not in overrides:
        body["trainee"] = {**body["trainee"], "name": "Amal Test"}
    return body


@pytest.fixture
def world(app):
    mine, theirs = make_company(municipality="101"), make_company(municipality="751")
    employer = make_user(Role.EMPLOYER, company=mine)
    return {"mine": mine, "employer": employer, "headers": bearer(employer),
            "stranger": bearer(make_user(Role.EMPLOYER, company=theirs)),
            "caseworker": bearer(make_user(Role.CASEWORKER, municipality="101")),
            "far_caseworker": bearer(make_user(Role.CASEWORKER, municipality="751")),
            "finance": bearer(make_user(Role.FINANCE, municipality="101"))}


def create(client, world, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = client.post(URL, json=complete() if body is None else body,
                           headers=world["headers"])
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def submitted(client, world) -> dict[str, Any]:
    record = create(client, world)
    response = client.post(f"{URL}/{record['id']}/submit",
                           json={"lock_version": record["lock_version"]}, headers=world["headers"])
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_post_makes_a_draft_and_answers_201_with_its_location(client, world) -> None:
    response = client.post(URL, json=complete(), headers=world["headers"])
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"] == f"{URL}/{body['id']}"
    assert client.get(response.headers["Location"], headers=world["headers"]).get_json() == body
    assert (body["status"], body["lock_version"], body["missing"]) == ("draft", 1, [])
    assert body["trainee"]["cpr"] == "150595-XXXX"
    assert body["trainee"]["residence_permit"] == {"kind": "Udlændingelovens § 7, stk. 1",
                                                   "date": "2024-01-10"}
    assert body["end_date"] == date(START.year + 2, 3, 1).isoformat()
    assert body["wage"] == {"basis": "monthly", "year1": "12132.00", "year2": "13429.00"}
    assert body["eligibility"]["eligible"] is True
    assert body["warnings"] == []  # the wage typed: no rate is asked for
    assert body["company"]["cvr"] == world["mine"].cvr and body["versions"] == []


def test_post_takes_any_subset_of_the_fields(client, world) -> None:
    body = create(client, world, {"job_title": "Bager"})
    assert body["job_title"] == "Bager" and body["trainee"]["cpr"] is None
    assert body["eligibility"] is None and "trainee.cpr" in body["missing"]
    assert create(client, world, {})["status"] == "draft"


def test_every_change_through_the_api_is_audited_as_api(client, world) -> None:
    record = submitted(client, world)
    channels = set(db.session.scalars(select(AuditEvent.channel).where(
        AuditEvent.entity_type.in_(("agreement", "agreement_version")))))
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_id == str(record["id"]), AuditEvent.entity_type == "agreement")))
    assert channels == {"api"} and {"created", "submit"} <= actions


@pytest.mark.parametrize(("body", "path"), [
    ({"trainee": {"cpr": "310295-1234"}}, "trainee.cpr"),
    ({"trainee": {"previous_igu": None}}, "trainee.previous_igu"),
    ({"trainee": {"absences": [{"from": "2024-02-01", "to": "2024-01-01"}]}},
     "trainee.absences.0.to"),
    ({"trainee": {"municipality_code": "999"}}, "trainee.municipality_code"),
    ({"trainee": {"email": "not an address"}}, "trainee.email"),
    ({"start_date": "2026-02-30"}, "start_date"),
    ({"start_date": (date.today() - timedelta(days=1)).isoformat()}, "start_date"),
    ({"weekly_hours": "40.00"}, "weekly_hours"),
    ({"weekly_hours": 37}, "weekly_hours"),
    ({"wage": {"basis": "monthly", "year1": "-5.00"}}, "wage.year1"),
    ({"wage": {"basis": "monthly", "year1": "999999.00"}}, "wage.year1"),
    ({"wage": {"basis": "weekly"}}, "wage.basis"),
    ({"collective_agreement": "hk"}, "collective_agreement"),
    ({"tasks": "x" * 4001}, "tasks"),
    ({"job_title": "Bager\u0007"}, "job_title"),
    ({"contact_person": "Bente\nBager"}, "contact_person"),
    ({"end_date": "2030-01-01"}, "end_date"),
    ({"lock_version": 1}, "lock_version"),
])
def test_bad_input_is_400_at_its_path_and_nothing_is_saved(client, world, body, path) -> None:
    english = client.post(URL, json=body, headers=world["headers"])
    danish = client.post(URL, json=body, headers={**world["headers"], "Accept-Language": "da"})
    assert english.status_code == danish.status_code == 400
    assert list(english.get_json()["errors"]) == [path]
    assert english.get_json() != danish.get_json()  # translated
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 0


def test_patch_changes_only_what_is_given_with_the_lock_version(client, world) -> None:
    record = create(client, world)
    response = client.patch(f"{URL}/{record['id']}", headers=world["headers"], json={
        "lock_version": record["lock_version"], "job_title": "Konditor",
        "trainee": {"residence_permit": {"kind": "§ 8"}}})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["job_title"], body["tasks"]) == ("Konditor", record["tasks"])
    assert body["trainee"]["residence_permit"] == {"kind": "§ 8", "date": "2024-01-10"}
    assert body["lock_version"] == record["lock_version"] + 1


def test_a_stale_patch_is_409_and_changes_nothing(client, world) -> None:
    record = create(client, world)
    url, seen = f"{URL}/{record['id']}", record["lock_version"]
    assert client.patch(url, json={"lock_version": seen, "job_title": "Konditor"},
                        headers=world["headers"]).status_code == 200
    stale = client.patch(url, json={"lock_version": seen, "job_title": "Smed"},
                         headers=world["headers"])
    assert stale.status_code == 409
    assert list(stale.get_json()["errors"]) == ["lock_version"]
    assert client.get(url, headers=world["headers"]).get_json()["job_title"] == "Konditor"


def test_patch_needs_the_lock_version(client, world) -> None:
    record = create(client, world)
    response = client.patch(f"{URL}/{record['id']}", json={"job_title": "Smed"},
                            headers=world["headers"])
    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["lock_version"]


def test_a_submitted_agreement_cannot_be_patched(client, world) -> None:
    record = submitted(client, world)
    response = client.patch(f"{URL}/{record['id']}", headers=world["headers"],
                            json={"lock_version": record["lock_version"], "job_title": "Smed"})
    assert response.status_code == 409
    assert list(response.get_json()["errors"]) == ["status"]


def test_submit_answers_200_with_status_submitted_and_version_one(client, world) -> None:
    record = submitted(client, world)
    assert record["status"] == "submitted"
    assert record["version"]["number"] == 1 and record["versions"] == [record["version"]]
    assert record["version"]["submitted_at"].endswith("Z")
    stored = db.session.scalar(select(AgreementVersion))
    assert record["version"]["pdf_sha256"] == stored.pdf_sha256


def test_submit_of_an_incomplete_draft_is_422_with_every_reason(client, world) -> None:
    record = create(client, world, {"job_title": "Bager",
                                    "trainee": {"cpr": CPR, "target_group": "other"}})
    response = client.post(f"{URL}/{record['id']}/submit",
                           json={"lock_version": record["lock_version"]}, headers=world["headers"])
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(record["missing"]) <= set(errors) and "job_title" not in errors


def test_submit_of_a_person_not_eligible_is_422_at_the_criterions_field(client, world) -> None:
    body = complete()
    body["trainee"]["target_group"] = "other"
    record = create(client, world, body)
    response = client.post(f"{URL}/{record['id']}/submit",
                           json={"lock_version": record["lock_version"]}, headers=world["headers"])
    assert response.status_code == 422
    (message,) = response.get_json()["errors"]["trainee.target_group"]
    assert "Legal basis" in message


def test_submit_stale_or_twice_is_409(client, world) -> None:
    record = create(client, world)
    url = f"{URL}/{record['id']}/submit"
    stale = client.post(url, json={"lock_version": record["lock_version"] + 1},
                        headers=world["headers"])
    assert (stale.status_code, list(stale.get_json()["errors"])) == (409, ["lock_version"])
    done = client.post(url, json={"lock_version": record["lock_version"]},
                       headers=world["headers"]).get_json()
    again = client.post(url, json={"lock_version": done["lock_version"]}, headers=world["headers"])
    assert (again.status_code, list(again.get_json()["errors"])) == (409, ["status"])


def test_withdraw_before_a_decision_and_not_after(client, world) -> None:
    record = submitted(client, world)
    url = f"{URL}/{record['id']}/withdraw"
    stale = client.post(url, json={"lock_version": record["lock_version"] + 1},
                        headers=world["headers"])
    assert stale.status_code == 409
    withdrawn = client.post(url, json={"lock_version": record["lock_version"]},
                            headers=world["headers"])
    assert (withdrawn.status_code, withdrawn.get_json()["status"]) == (200, "withdrawn")
    approved = submitted(client, world)
    agreement = db.session.get(Agreement, approved["id"])
    agreement.status = AgreementStatus.APPROVED
    db.session.commit()
    late = client.post(f"{URL}/{approved['id']}/withdraw",
                       json={"lock_version": agreement.lock_version}, headers=world["headers"])
    assert (late.status_code, list(late.get_json()["errors"])) == (409, ["status"])


def _pdf_text(response) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.data)).pages)


def test_a_drafts_pdf_is_its_udkast_preview_as_an_attachment_without_cpr_in_its_name(
        client, world) -> None:
    record = create(client, world)
    response = client.get(f"{URL}/{record['id']}/pdf", headers=world["headers"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="igu-aftale-{record["id"]}-udkast.pdf"'
    assert "150595" not in disposition and "1234" not in disposition
    text = _pdf_text(response)
    assert "UDKAST" in text and CPR in text


def test_a_submitted_agreements_pdf_is_the_stored_version_and_every_version_is_served(
        client, world) -> None:
    record = submitted(client, world)
    stored = db.session.scalar(select(AgreementVersion.pdf))
    latest = client.get(f"{URL}/{record['id']}/pdf", headers=world["headers"])
    first = client.get(f"{URL}/{record['id']}/versions/1/pdf", headers=world["headers"])
    assert latest.data == first.data == stored
    assert first.headers["Content-Disposition"] == (
        f'attachment; filename="igu-aftale-{record["id"]}-version-1.pdf"')
    assert "UDKAST" not in _pdf_text(first)
    for reader in ("caseworker", "finance"):
        assert client.get(f"{URL}/{record['id']}/versions/1/pdf",
                          headers=world[reader]).data == stored
    missing = client.get(f"{URL}/{record['id']}/versions/2/pdf", headers=world["headers"])
    assert missing.status_code == 404 and list(missing.get_json()["errors"]) == ["id"]


ENDPOINTS = [
    ("get", "{url}/{id}", None),
    ("patch", "{url}/{id}", {"lock_version": 1, "job_title": "x"}),
    ("post", "{url}/{id}/submit", {"lock_version": 1}),
    ("post", "{url}/{id}/withdraw", {"lock_version": 1}),
    ("get", "{url}/{id}/pdf", None),
    ("get", "{url}/{id}/versions/1/pdf", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_every_endpoint_answers_404_outside_the_tenancy_with_no_hint(
        client, world, method, path, body) -> None:
    record = submitted(client, world)
    draft = create(client, world)
    # Another company's employer; a caseworker elsewhere (submitted); any caseworker (draft).
    for who, agreement_id in (("stranger", record["id"]), ("far_caseworker", record["id"]),
                              ("caseworker", draft["id"]), ("stranger", 2147483647)):
        if method != "get" and who.endswith("caseworker"):
            continue  # an employer's operation: the caseworker's role is refused first (403)
        url = path.format(url=URL, id=agreement_id)
        response = getattr(client, method)(url, json=body, headers=world[who])
        assert response.status_code == 404, (who, url)
        assert response.get_json() == {"errors": {"id": [
            "No such record, or you do not have access to it."]}}


@pytest.mark.parametrize(("method", "path", "body"), [*ENDPOINTS, ("post", "{url}", {}),
                                                      ("get", "{url}", None)])
def test_every_endpoint_needs_a_token(client, world, method, path, body) -> None:
    response = getattr(client, method)(path.format(url=URL, id=1), json=body)
    assert response.status_code == 401
    assert list(response.get_json()["errors"]) == ["auth"]


WRITES = [("post", "{url}", {}), ("patch", "{url}/{id}", {"lock_version": 1}),
          ("post", "{url}/{id}/submit", {"lock_version": 1}),
          ("post", "{url}/{id}/withdraw", {"lock_version": 1})]


# A caseworker may also POST (a draft for a company) and PATCH (its trainee
# part): see test_started_by_jobcentre_api, and the test after this one.
@pytest.mark.parametrize(("role", "method", "path", "body"), [
    *(("finance", *write) for write in WRITES), *(("caseworker", *write) for write in WRITES[2:])])
def test_only_employers_write_agreements(client, world, method, path, body, role) -> None:
    record = submitted(client, world)
    response = getattr(client, method)(path.format(url=URL, id=record["id"]), json=body,
                                       headers=world[role])
    assert response.status_code == 403
    assert list(response.get_json()["errors"]) == ["auth"]


def test_a_caseworker_neither_starts_an_employers_draft_nor_changes_one(client, world) -> None:
    record = submitted(client, world)
    started = client.post(URL, json={}, headers=world["caseworker"])
    assert started.status_code == 400
    assert set(started.get_json()["errors"]) == {"company", "company_invite"}
    changed = client.patch(f"{URL}/{record['id']}", headers=world["caseworker"],
                           json={"lock_version": record["lock_version"],
                                 "trainee": {"name": "X"}})
    assert changed.status_code == 404  # not a draft the jobcentre started


def test_the_record_shows_the_cpr_in_full_to_the_municipalitys_caseworker_only(
        client, world) -> None:
    record = submitted(client, world)
    seen = {who: client.get(f"{URL}/{record['id']}", headers=world[who]).get_json()
            ["trainee"]["cpr"] for who in ("headers", "caseworker", "finance")}
    assert seen == {"headers": "150595-XXXX", "caseworker": CPR, "finance": "150595-XXXX"}


def test_the_wage_rate_table_is_public_with_source_and_validity(client, app) -> None:
    response = client.get("/api/v1/wage-rates", headers={"Accept-Language": "da"})
    assert response.status_code == 200
    body = response.get_json()
    rates = {rate["code"]: rate for rate in body["items"]}
    assert body["next"] is None
    assert rates["hk-detail"]["year1"] == "12132.00" and rates["hk-detail"]["basis"] == "monthly"
    assert rates["hk-detail"]["valid_to"] == "2022-03-31"
    assert rates["di-industri"]["year2"] == "82.25" and rates["di-industri"]["basis"] == "hourly"
    assert rates["hk-detail"]["title"].startswith("Butiksområdet")
    assert all(rate["source"] for rate in body["items"])


def test_the_document_declares_the_new_operations_and_pdf_answers(client, app) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    assert set(paths[URL]) == {"get", "post"}
    assert {"201", "400", "401", "403"} <= set(paths[URL]["post"]["responses"])
    assert {"200", "400", "404", "409"} <= set(paths[URL + "/{agreement_id}"]["patch"]["responses"])
    assert "422" in paths[URL + "/{agreement_id}/submit"]["post"]["responses"]
    pdf = paths[URL + "/{agreement_id}/versions/{number}/pdf"]["get"]["responses"]["200"]
    assert list(pdf["content"]) == ["application/pdf"]
    assert "security" not in paths["/api/v1/wage-rates"]["get"]


def test_a_script_with_a_token_makes_submits_and_downloads_a_complete_agreement(
        client, world) -> None:
    """The issue's "done when", through the API alone."""
    headers = world["headers"]
    draft = client.post(URL, json={"trainee": {"name": "Amal Test", "cpr": "1505951234"}},
                        headers=headers).get_json()
    rest = complete()
    rest["trainee"].pop("name")
    rest["trainee"].pop("cpr")
    changed = client.patch(f"{URL}/{draft['id']}", json={**rest, "lock_version": 1},
                           headers=headers).get_json()
    assert changed["missing"] == []
    done = client.post(f"{URL}/{draft['id']}/submit",
                       json={"lock_version": changed["lock_version"]}, headers=headers).get_json()
    text = _pdf_text(client.get(f"{URL}/{draft['id']}/pdf", headers=headers))
    assert done["status"] == "submitted"
    for expected in ("Amal Test", CPR, world["mine"].cvr, "12.132,00", "Bagermedhjælper"):
        assert expected in text, expected


def test_downloading_a_version_never_renders_it_again(client, world, monkeypatch) -> None:
    record = submitted(client, world)
    renders: list[str] = []
    monkeypatch.setattr(agreement_pdf, "html_to_pdf", lambda html, strict=None: renders.append(html))
    for url in (f"{URL}/{record['id']}/pdf", f"{URL}/{record['id']}/versions/1/pdf"):
        assert client.get(url, headers=world["headers"]).status_code == 200
    assert renders == []


def test_the_bench_reports_a_stored_versions_download_through_the_api(capsys) -> None:
    bench_api(3)
    out = capsys.readouterr().out
    assert re.search(r"GET \.\.\./versions/1/pdf \(stored, via API\)\s+n=\s+3\s+median .* p95", out)
    assert re.search(r"PATCH /api/v1/agreements/\{id\} \(a step\)\s+n=\s+3\s+median", out)
