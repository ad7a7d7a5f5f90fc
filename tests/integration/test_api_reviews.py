"""The review's API over HTTP: decisions, taking a case, the integration
programme's start, the conversation, the events, signing and registration,
the signed copy and the VITAS summary, with every tenancy case."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from igu_admin.extensions import db
from igu_admin.models import AuditEvent, SignedCopy
from igu_admin.services.accounts import api_tokens
from igu_admin.services.review import decisions, next_steps
from igu_admin.testing.agreements import START
from igu_admin.testing.reviews import Case, submitted_case, submitted_plan
from tests import upload_files
from tests.pdf_text import pdf_text

URL = "/api/v1/agreements"


def bearer(user, lang: str = "en") -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": lang}


@pytest.fixture
def case(app) -> Case:
    return submitted_case()


@pytest.fixture
def approved(case: Case) -> Case:
    decisions.decide_agreement(case.caseworker, case.agreement, "approve", "",
                               case.agreement.lock_version)
    return case


def post(client, case: Case, path: str, user, body: Any, lang: str = "en"):
    return client.post(f"{URL}/{case.agreement.id}/{path}", json=body,
                       headers=bearer(user, lang))


def get(client, case: Case, path: str, user, **kwargs):
    return client.get(f"{URL}/{case.agreement.id}/{path}", headers=bearer(user), **kwargs)


def agreement_events(client, case: Case, user) -> list[dict[str, Any]]:
    response = get(client, case, "events?limit=500", user)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


# --- decisions ---------------------------------------------------------------

def test_a_caseworker_approves_and_the_pdf_is_then_the_stamped_one(client, case: Case) -> None:
    before = get(client, case, "pdf", case.employer)
    response = post(client, case, "decision", case.caseworker,
                    {"decision": "approve", "lock_version": case.agreement.lock_version})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["decision"], body["subject"], body["status"], body["version"]) == (
        "approve", "agreement", "approved", 1)
    assert body["author"] == "Karen Sagsbehandler" and body["role"] == "caseworker"
    assert body["lock_version"] == case.agreement.lock_version
    after = get(client, case, "pdf", case.employer)
    assert after.status_code == 200 and after.data != before.data
    assert after.headers["Content-Disposition"].endswith('-godkendt.pdf"')
    text = pdf_text(after.data)
    assert "KarenSagsbehandler" in text and "KøbenhavnsKommune" in text
    assert "KarenSagsbehandler" not in pdf_text(before.data)


@pytest.mark.parametrize("decision", ["request_changes", "reject"])
def test_a_reason_is_required_to_request_changes_or_reject(client, case: Case,
                                                           decision: str) -> None:
    lock = case.agreement.lock_version
    english = post(client, case, "decision", case.caseworker,
                   {"decision": decision, "lock_version": lock})
    danish = post(client, case, "decision", case.caseworker,
                  {"decision": decision, "reason": " ", "lock_version": lock}, lang="da")
    assert english.status_code == danish.status_code == 400
    assert list(english.get_json()["errors"]) == ["reason"]
    assert english.get_json() != danish.get_json()
    with_reason = post(client, case, "decision", case.caseworker,
                       {"decision": decision, "reason": "Lønnen mangler", "lock_version": lock})
    assert with_reason.status_code == 200
    assert with_reason.get_json()["reason"] == "Lønnen mangler"
    listed = get(client, case, "decisions", case.employer).get_json()["items"]
    assert [(d["decision"], d["reason"]) for d in listed] == [(decision, "Lønnen mangler")]


def test_deciding_tenancy_other_municipality_404_employer_403_stale_409(
        client, case: Case) -> None:
    body = {"decision": "approve", "lock_version": case.agreement.lock_version}
    assert post(client, case, "decision", case.far_caseworker, body).status_code == 404
    for user in (case.employer, case.stranger, case.finance):
        response = post(client, case, "decision", user, body)
        assert response.status_code == 403 and "auth" in response.get_json()["errors"]
    stale = post(client, case, "decision", case.caseworker,
                 {**body, "lock_version": body["lock_version"] + 1})
    assert stale.status_code == 409 and list(stale.get_json()["errors"]) == ["lock_version"]
    assert post(client, case, "decision", case.caseworker, body).status_code == 200
    # A colleague who read the same lock_version: refused with a clear message.
    second = post(client, case, "decision", case.colleague,
                  {"decision": "reject", "reason": "Nej", "lock_version": body["lock_version"]})
    assert second.status_code == 409
    assert "changed this in the meantime" in second.get_json()["errors"]["lock_version"][0]
    status = post(client, case, "decision", case.colleague,
                  {"decision": "reject", "reason": "Nej",
                   "lock_version": case.agreement.lock_version})
    assert status.status_code == 409 and list(status.get_json()["errors"]) == ["status"]


def test_an_approved_agreement_cannot_be_patched(client, approved: Case) -> None:
    response = client.patch(f"{URL}/{approved.agreement.id}", headers=bearer(approved.employer),
                            json={"lock_version": approved.agreement.lock_version,
                                  "job_title": "Konditor"})
    assert response.status_code == 409 and list(response.get_json()["errors"]) == ["status"]


def test_the_plan_decision_has_its_own_lock_version_and_no_rejection(client, case: Case) -> None:
    plan = submitted_plan(case.agreement)
    reject = post(client, case, "schooling-plan/decision", case.caseworker,
                  {"decision": "reject", "reason": "Nej", "lock_version": plan.lock_version})
    assert reject.status_code == 400 and list(reject.get_json()["errors"]) == ["decision"]
    assert post(client, case, "schooling-plan/decision", case.employer,
                {"decision": "approve", "lock_version": 1}).status_code == 403
    assert post(client, case, "schooling-plan/decision", case.far_caseworker,
                {"decision": "approve", "lock_version": 1}).status_code == 404
    response = post(client, case, "schooling-plan/decision", case.caseworker,
                    {"decision": "request_changes", "reason": "Mere AMU",
                     "lock_version": plan.lock_version})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["subject"], body["status"], body["lock_version"]) == (
        "plan", "changes_requested", plan.lock_version)
    again = post(client, case, "schooling-plan/decision", case.caseworker,
                 {"decision": "approve", "lock_version": body["lock_version"]})
    assert again.status_code == 409 and list(again.get_json()["errors"]) == ["status"]


# --- taking the case and the programme's start ---------------------------------

def test_a_caseworker_takes_the_case_also_from_a_colleague(client, case: Case) -> None:
    mine = post(client, case, "assign", case.caseworker, {})
    assert mine.status_code == 200
    assert mine.get_json()["assigned_caseworker"] == {"id": case.caseworker.id,
                                                      "name": "Karen Sagsbehandler"}
    theirs = post(client, case, "assign", case.colleague,
                  {"lock_version": mine.get_json()["lock_version"]})
    assert theirs.get_json()["assigned_caseworker"]["name"] == "Ole Kollega"
    assert post(client, case, "assign", case.caseworker,
                {"lock_version": mine.get_json()["lock_version"]}).status_code == 409
    assert post(client, case, "assign", case.far_caseworker, {}).status_code == 404
    assert post(client, case, "assign", case.employer, {}).status_code == 403
    assigned = [e for e in agreement_events(client, case, case.employer) if e["action"] == "assign"]
    assert [(e["actor"], e["role"], e["channel"], e["before"], e["after"]) for e in assigned] == [
        ("Karen Sagsbehandler", "caseworker", "api", {"assigned_caseworker_id": None},
         {"assigned_caseworker_id": case.caseworker.id}),
        ("Ole Kollega", "caseworker", "api", {"assigned_caseworker_id": case.caseworker.id},
         {"assigned_caseworker_id": case.colleague.id})]


def test_the_caseworker_records_the_integration_programme_start(client, case: Case) -> None:
    day = START - timedelta(days=400)
    response = post(client, case, "integration-programme-start", case.caseworker,
                    {"integration_programme_start": day.isoformat()})
    assert response.status_code == 200
    assert response.get_json()["integration_programme_start"] == day.isoformat()
    read = client.get(f"{URL}/{case.agreement.id}", headers=bearer(case.employer)).get_json()
    assert read["integration_programme_start"] == day.isoformat()
    late = post(client, case, "integration-programme-start", case.caseworker,
                {"integration_programme_start": (START + timedelta(days=1)).isoformat()})
    assert late.status_code == 422
    assert list(late.get_json()["errors"]) == ["integration_programme_start"]
    assert post(client, case, "integration-programme-start", case.employer,
                {"integration_programme_start": day.isoformat()}).status_code == 403
    assert post(client, case, "integration-programme-start", case.far_caseworker,
                {"integration_programme_start": day.isoformat()}).status_code == 404
    [event] = [e for e in agreement_events(client, case, case.caseworker)
               if e["action"] == "record_programme_start"]
    assert event["after"] == {"integration_programme_start": day.isoformat()}


# --- the conversation --------------------------------------------------------

def test_both_sides_write_and_read_the_conversation(client, case: Case) -> None:
    first = post(client, case, "comments", case.employer, {"text": "Hvornår hører vi noget?"})
    assert first.status_code == 201, first.get_json()
    assert client.get(first.headers["Location"], headers=bearer(case.caseworker)).get_json() == \
        first.get_json()
    post(client, case, "comments", case.caseworker, {"text": "I denne uge.\nMvh Karen"})
    listed = get(client, case, "comments", case.employer).get_json()
    assert [(c["author"], c["role"], c["text"]) for c in listed["items"]] == [
        ("Bente Bager", "employer", "Hvornår hører vi noget?"),
        ("Karen Sagsbehandler", "caseworker", "I denne uge.\nMvh Karen")]
    assert listed["next"] is None and all(c["at"].endswith("Z") for c in listed["items"])
    paged = get(client, case, "comments?limit=1", case.caseworker).get_json()
    assert len(paged["items"]) == 1 and paged["next"]
    rest = client.get(paged["next"], headers=bearer(case.caseworker)).get_json()
    assert [c["role"] for c in rest["items"]] == ["caseworker"] and rest["next"] is None
    comments = [e for e in agreement_events(client, case, case.caseworker) if e["action"] == "comment"]
    assert [e["role"] for e in comments] == ["employer", "caseworker"]


@pytest.mark.parametrize("text", ["", "   \n ", "x" * 2001])
def test_an_empty_or_too_long_comment_is_400(client, case: Case, text: str) -> None:
    response = post(client, case, "comments", case.employer, {"text": text})
    assert response.status_code == 400 and list(response.get_json()["errors"]) == ["text"]
    assert get(client, case, "comments", case.employer).get_json()["items"] == []


def test_comment_tenancy(client, case: Case) -> None:
    for user in (case.stranger, case.far_caseworker):
        assert post(client, case, "comments", user, {"text": "Hej"}).status_code == 404
        assert get(client, case, "comments", user).status_code == 404
    assert post(client, case, "comments", case.finance, {"text": "Hej"}).status_code == 403
    comment = post(client, case, "comments", case.employer, {"text": "Hej"}).get_json()
    other = submitted_case(cpr="010190-1234")
    assert client.get(f"{URL}/{other.agreement.id}/comments/{comment['id']}",
                      headers=bearer(other.employer)).status_code == 404


# --- the events ----------------------------------------------------------------

def test_the_events_show_the_case_with_actor_role_channel_and_downloads(
        client, approved: Case) -> None:
    case = approved
    assert get(client, case, "pdf", case.caseworker).status_code == 200
    assert get(client, case, "versions/1/pdf", case.employer).status_code == 200
    items = agreement_events(client, case, case.employer)
    assert [(e["entity"], e["action"]) for e in items][:4] == [
        ("agreement", "created"), ("agreement", "submit"), ("agreement_version", "created"),
        ("agreement", "approve")]
    approve = next(e for e in items if e["action"] == "approve")
    assert (approve["actor"], approve["role"], approve["before"]) == (
        "Karen Sagsbehandler", "caseworker", {"status": "submitted"})
    downloads = [e for e in items if e["action"] == "download"]
    assert [(e["actor"], e["channel"], e["after"]["document"], e["after"]["version"])
            for e in downloads] == [("Karen Sagsbehandler", "api", "approved", 1),
                                    ("Bente Bager", "api", "version", 1)]
    assert all(e["at"].endswith("Z") for e in items)


def test_events_are_only_for_the_cases_parties(client, case: Case) -> None:
    assert get(client, case, "events", case.stranger).status_code == 404
    assert get(client, case, "events", case.far_caseworker).status_code == 404
    assert get(client, case, "events", case.finance).status_code == 403


def test_events_page_through_with_the_cursor(client, case: Case) -> None:
    every = agreement_events(client, case, case.caseworker)
    page = get(client, case, "events?limit=2", case.caseworker).get_json()
    seen = list(page["items"])
    while page["next"]:
        page = client.get(page["next"], headers=bearer(case.caseworker)).get_json()
        seen += page["items"]
    assert [e["id"] for e in seen] == [e["id"] for e in every] and len(every) >= 3


def test_a_page_download_writes_its_event_too(client, auth, case: Case) -> None:
    from igu_admin.testing.accounts import PASSWORD

    auth.login(case.employer.email, PASSWORD)
    response = client.get(f"/employer/agreements/{case.agreement.id}/versions/1.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "download")).all()
    assert (event.channel, event.actor_id, event.after["document"]) == (
        "web", case.employer.id, "version")


def test_no_operation_changes_or_removes_an_event(client, case: Case) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, operations in spec["paths"].items():
        if "events" in path:
            assert set(operations) == {"get"}, path
    url = f"{URL}/{case.agreement.id}/events"
    for method in ("put", "patch", "delete", "post"):
        response = getattr(client, method)(url, json={}, headers=bearer(case.caseworker))
        assert response.status_code == 405, method
    writes = {rule.rule for rule in client.application.url_map.iter_rules()
              if "event" in rule.rule and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}}
    assert writes == set()


# --- signing and registration --------------------------------------------------

def test_signing_and_registration_after_approval(client, approved: Case) -> None:
    case = approved
    signed = post(client, case, "signed", case.employer,
                  {"signed_on": (START - timedelta(days=10)).isoformat()})
    assert signed.status_code == 200, signed.get_json()
    body = signed.get_json()
    deadline = date(START.year, 4, 1)  # start 2 March: the day before 2 April
    assert body["signed_on"] == (START - timedelta(days=10)).isoformat()
    assert body["registration_deadline"] == deadline.isoformat()
    assert body["registered_on"] is None
    late = deadline + timedelta(days=3)
    registered = post(client, case, "registered", case.employer,
                      {"registered_on": late.isoformat(),
                       "lock_version": body["lock_version"]})
    assert registered.status_code == 200
    assert registered.get_json()["registered_on"] == late.isoformat()
    [event] = [e for e in agreement_events(client, case, case.caseworker)
               if e["action"] == "record_registration"]
    assert event["after"] == {"registered_on": late.isoformat(),
                              "deadline": deadline.isoformat(), "late": True}


def test_dates_are_judged_against_the_course_not_today(client, approved: Case) -> None:
    case = approved
    after_start = post(client, case, "signed", case.employer,
                       {"signed_on": (START + timedelta(days=1)).isoformat()})
    assert after_start.status_code == 422 and list(after_start.get_json()["errors"]) == [
        "signed_on"]
    unsigned = post(client, case, "registered", case.employer,
                    {"registered_on": START.isoformat()})
    assert unsigned.status_code == 422 and list(unsigned.get_json()["errors"]) == [
        "registered_on"]
    # A signing ahead of time (the start is next year) is recorded.
    on_start = post(client, case, "signed", case.employer, {"signed_on": START.isoformat()})
    assert on_start.status_code == 200
    before_signing = post(client, case, "registered", case.employer,
                          {"registered_on": (START - timedelta(days=1)).isoformat()})
    assert before_signing.status_code == 422


def test_signing_is_the_employers_after_approval_only(client, case: Case) -> None:
    body = {"signed_on": START.isoformat()}
    not_yet = post(client, case, "signed", case.employer, body)
    assert not_yet.status_code == 409 and list(not_yet.get_json()["errors"]) == ["status"]
    decisions.decide_agreement(case.caseworker, case.agreement, "approve", "",
                               case.agreement.lock_version)
    assert post(client, case, "signed", case.stranger, body).status_code == 404
    assert post(client, case, "signed", case.caseworker, body).status_code == 403
    assert post(client, case, "registered", case.caseworker,
                {"registered_on": START.isoformat()}).status_code == 403


# --- the signed copy -------------------------------------------------------------

def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


def upload(client, case: Case, user, data: bytes, content_type: str = "application/pdf",
           filename: str = "scan.pdf"):
    return client.post(f"{URL}/{case.agreement.id}/signed-copy", data=data,
                       content_type=content_type,
                       headers={**bearer(user),
                                "Content-Disposition": f'attachment; filename="{filename}"'})


def test_a_png_named_pdf_is_stored_as_png_with_its_sha256(client, approved: Case) -> None:
    import hashlib

    data = png()
    response = upload(client, approved, approved.employer, data, filename="underskrevet.pdf")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["media_type"], body["size"], body["filename"]) == (
        "image/png", len(data), "underskrevet.pdf")
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    download = client.get(response.headers["Location"], headers=bearer(approved.caseworker))
    assert download.status_code == 200 and download.data == data
    assert download.mimetype == "image/png"
    assert download.headers["Content-Disposition"].endswith('-underskrevet.png"')
    actions = [e["action"] for e in agreement_events(client, approved, approved.employer)]
    assert actions.count("attach_signed_copy") == 1 and "download" in actions


@pytest.mark.parametrize(("data", "content_type"), [
    (b"Dette er ikke en scanning", "application/pdf"),
    (b"GIF89a" + b"\0" * 20, "image/png"),
    (b"", "application/pdf"),
])
def test_what_is_not_a_pdf_png_or_jpeg_by_content_is_refused(client, approved: Case,
                                                            data: bytes,
                                                            content_type: str) -> None:
    response = upload(client, approved, approved.employer, data, content_type)
    assert response.status_code == 422 and list(response.get_json()["errors"]) == ["file"]
    assert db.session.scalars(select(SignedCopy)).all() == []


@pytest.mark.parametrize(("data", "content_type", "message"), [
    (upload_files.pdf(upload_files.open_action), "application/pdf",
     "The PDF contains JavaScript or an action that runs when it is opened."),
    (upload_files.pdf(upload_files.link_runs_script), "application/pdf",
     "The PDF contains JavaScript or an action that runs when it is opened."),
    (upload_files.png_header(30000, 30000), "image/png",
     "The image is larger than 50 million pixels."),
])
def test_a_scan_that_acts_or_has_too_many_pixels_is_refused_at_file(
        client, approved: Case, data: bytes, content_type: str, message: str) -> None:
    response = upload(client, approved, approved.employer, data, content_type)
    assert response.status_code == 422, response.get_json()
    [said] = response.get_json()["errors"]["file"]
    assert said.startswith(message)
    assert db.session.scalars(select(SignedCopy)).all() == []
    assert upload(client, approved, approved.employer, upload_files.pdf()).status_code == 201


def test_a_file_one_byte_over_10_mib_is_refused(client, approved: Case) -> None:
    limit = next_steps.MAX_SIGNED_COPY_BYTES
    too_big = b"%PDF-" + b"0" * (limit + 1 - 5)
    response = upload(client, approved, approved.employer, too_big)
    assert response.status_code == 413
    with pytest.raises(Exception) as refused:
        next_steps.attach_signed_copy(approved.employer, approved.agreement, "x.pdf", too_big)
    assert getattr(refused.value, "errors", {}).keys() == {"file"}
    just_fits = b"%PDF-" + b"0" * (limit - 5)
    assert upload(client, approved, approved.employer, just_fits).status_code == 201


def test_an_upload_declared_as_json_or_text_is_415(client, approved: Case) -> None:
    assert upload(client, approved, approved.employer, png(), "text/plain").status_code == 415


def test_the_signed_copy_tenancy(client, case: Case) -> None:
    assert upload(client, case, case.employer, png()).status_code == 409  # not approved
    decisions.decide_agreement(case.caseworker, case.agreement, "approve", "",
                               case.agreement.lock_version)
    assert get(client, case, "signed-copy", case.employer).status_code == 404  # none yet
    assert upload(client, case, case.stranger, png()).status_code == 404
    assert upload(client, case, case.caseworker, png()).status_code == 403
    assert upload(client, case, case.employer, png()).status_code == 201
    assert get(client, case, "signed-copy", case.far_caseworker).status_code == 404
    assert get(client, case, "signed-copy", case.finance).status_code == 403


# --- the VITAS summary -----------------------------------------------------------

def test_the_vitas_summary_lists_every_field_written_for_copying(client, approved: Case) -> None:
    response = get(client, approved, "vitas-summary", approved.employer)
    assert response.status_code == 200
    items = {i["path"]: i for i in response.get_json()["items"]}
    assert items["trainee.cpr"]["value"] == "150595-1234"
    assert items["start_date"]["value"] == START.strftime("%d-%m-%Y")
    assert items["wage.year1"]["value"] == "12132,00"
    assert items["weekly_hours"]["value"] == "37,00"
    assert items["trainee.address"]["value"] == "Søndergade 12, 2100 København Ø"
    assert items["company.name"]["value"] == "Ærø Bageri ApS"
    assert items["wage.year1"]["label"] == "Wage in year 1"
    danish = client.get(f"{URL}/{approved.agreement.id}/vitas-summary",
                        headers=bearer(approved.employer, "da")).get_json()["items"]
    assert next(i for i in danish if i["path"] == "wage.year1")["label"] == "Løn 1. år"


def test_the_vitas_summary_is_the_employers_after_approval(client, case: Case) -> None:
    assert get(client, case, "vitas-summary", case.employer).status_code == 409
    decisions.decide_agreement(case.caseworker, case.agreement, "approve", "",
                               case.agreement.lock_version)
    assert get(client, case, "vitas-summary", case.stranger).status_code == 404
    assert get(client, case, "vitas-summary", case.caseworker).status_code == 403
