"""The trainee's language (issue 21): PUT /agreements/{id}/trainee-language by
the company's employer or the municipality's caseworker in any status, no new
version, lock_version moved on, audited in the same transaction; 409 for a
stale lock_version, 400 for an unknown code, 404 across tenancy, 403 for
finance officers and administrators; the agreement record shows it; a
draft's change (PATCH, the guided step) sets it too."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from igu_admin.domain.lifecycle import AgreementStatus
from igu_admin.extensions import db
from igu_admin.models import AgreementVersion, AuditEvent, Role
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_agreement, make_course

URL = "/api/v1/agreements"


def bearer(user, lang: str = "en") -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": lang}


@pytest.fixture
def world(app):
    mine, theirs = make_company(municipality="101"), make_company(municipality="751")
    return {"mine": mine,
            "employer": bearer(make_user(Role.EMPLOYER, company=mine)),
            "stranger": bearer(make_user(Role.EMPLOYER, company=theirs)),
            "caseworker": bearer(make_user(Role.CASEWORKER, municipality="101")),
            "far_caseworker": bearer(make_user(Role.CASEWORKER, municipality="751")),
            "finance": bearer(make_user(Role.FINANCE, municipality="101")),
            "admin": bearer(make_user(Role.ADMIN))}


def events(agreement_id: int) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "agreement", AuditEvent.entity_id == str(agreement_id),
        AuditEvent.action == "trainee_language_set").order_by(AuditEvent.id)))


def versions(agreement_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(AgreementVersion)
                             .where(AgreementVersion.agreement_id == agreement_id)) or 0


def put(client, agreement, headers, language, lock_version=None):
    return client.put(f"{URL}/{agreement.id}/trainee-language", headers=headers, json={
        "trainee_language": language,
        "lock_version": agreement.lock_version if lock_version is None else lock_version})


@pytest.mark.parametrize("status", [AgreementStatus.SUBMITTED, AgreementStatus.APPROVED,
                                    AgreementStatus.ACTIVE, AgreementStatus.COMPLETED,
                                    AgreementStatus.TERMINATED, AgreementStatus.REJECTED,
                                    AgreementStatus.WITHDRAWN])
def test_the_employer_and_the_caseworker_set_it_in_any_status_without_a_version(
        client, world, status) -> None:
    course = make_course(world["mine"], start=date(2026, 1, 5), status=status)
    lock, kept = course.lock_version, versions(course.id)
    answer = put(client, course, world["employer"], "ar")
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["trainee_language"] == "ar" and body["lock_version"] == lock + 1
    assert body["status"] == status.value
    answer = put(client, course, world["caseworker"], "ti", lock_version=lock + 1)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["trainee_language"] == "ti"
    assert versions(course.id) == kept
    got = client.get(f"{URL}/{course.id}", headers=world["finance"]).get_json()
    assert got["trainee_language"] == "ti" and got["lock_version"] == lock + 2
    written = events(course.id)
    assert [(e.before, e.after, e.channel) for e in written] == [
        ({"trainee_language": None}, {"trainee_language": "ar"}, "api"),
        ({"trainee_language": "ar"}, {"trainee_language": "ti"}, "api")]


def test_null_clears_it_and_the_same_language_again_changes_nothing(client, world) -> None:
    course = make_course(world["mine"], start=date(2026, 1, 5))
    put(client, course, world["employer"], "uk")
    db.session.refresh(course)
    same = put(client, course, world["employer"], "uk")
    assert same.status_code == 200 and same.get_json()["lock_version"] == course.lock_version
    cleared = put(client, course, world["employer"], None)
    assert cleared.status_code == 200, cleared.get_json()
    assert cleared.get_json()["trainee_language"] is None
    assert [e.after for e in events(course.id)] == [{"trainee_language": "uk"},
                                                    {"trainee_language": None}]


def test_a_draft_is_changed_by_its_employer_too(client, world) -> None:
    draft = make_agreement(world["mine"], status=AgreementStatus.DRAFT)
    answer = put(client, draft, world["employer"], "so")
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["trainee_language"] == "so"


def test_a_stale_lock_version_answers_409_and_changes_nothing(client, world) -> None:
    course = make_course(world["mine"], start=date(2026, 1, 5))
    answer = put(client, course, world["caseworker"], "fa", lock_version=course.lock_version + 5)
    assert answer.status_code == 409
    assert "lock_version" in answer.get_json()["errors"]
    assert client.get(f"{URL}/{course.id}", headers=world["employer"]).get_json()[
        "trainee_language"] is None
    assert events(course.id) == []


@pytest.mark.parametrize("body, path", [
    ({"trainee_language": "de", "lock_version": 1}, "trainee_language"),
    ({"trainee_language": "AR", "lock_version": 1}, "trainee_language"),
    ({"trainee_language": 7, "lock_version": 1}, "trainee_language"),
    ({"lock_version": 1}, "trainee_language"),
    ({"trainee_language": "ar"}, "lock_version"),
    ({"trainee_language": "ar", "lock_version": "1"}, "lock_version"),
    ({"trainee_language": "ar", "lock_version": 1, "other": 1}, "other"),
])
def test_an_unknown_code_or_a_malformed_body_answers_400_at_its_field(
        client, world, body, path) -> None:
    course = make_course(world["mine"], start=date(2026, 1, 5))
    answer = client.put(f"{URL}/{course.id}/trainee-language", json=body,
                        headers=world["employer"])
    assert answer.status_code == 400
    assert path in answer.get_json()["errors"]
    assert events(course.id) == []


def test_the_unknown_code_is_said_in_danish_too(client, world) -> None:
    course = make_course(world["mine"], start=date(2026, 1, 5))
    headers = {**world["employer"], "Accept-Language": "da"}
    answer = client.put(f"{URL}/{course.id}/trainee-language", headers=headers,
                        json={"trainee_language": "de", "lock_version": course.lock_version})
    message = answer.get_json()["errors"]["trainee_language"][0]
    assert "ar, fa, ti, so, uk, en" in message and "Unknown" not in message


@pytest.mark.parametrize("who", ["stranger", "far_caseworker"])
def test_outside_the_tenancy_it_answers_404(client, world, who) -> None:
    course = make_course(world["mine"], start=date(2026, 1, 5))
    answer = put(client, course, world[who], "ar")
    assert answer.status_code == 404
    assert events(course.id) == []


@pytest.mark.parametrize("who", ["finance", "admin"])
def test_finance_officers_and_administrators_may_not_change_it(client, world, who) -> None:
    course = make_course(world["mine"], start=date(2026, 1, 5))
    answer = put(client, course, world[who], "ar")
    assert answer.status_code == 403
    assert "auth" in answer.get_json()["errors"]
    assert events(course.id) == []


def test_a_drafts_change_sets_it_and_clears_it_with_an_empty_string(client, world) -> None:
    draft = make_agreement(world["mine"], status=AgreementStatus.DRAFT)
    answer = client.patch(f"{URL}/{draft.id}", headers=world["employer"],
                          json={"trainee_language": "en", "lock_version": draft.lock_version})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["trainee_language"] == "en"
    updated = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_id == str(draft.id), AuditEvent.action == "updated")).all()
    assert updated[-1].after["values"]["trainee_language"] == "en"
    cleared = client.patch(f"{URL}/{draft.id}", headers=world["employer"], json={
        "trainee_language": "", "lock_version": answer.get_json()["lock_version"]})
    assert cleared.get_json()["trainee_language"] is None
    refused = client.patch(f"{URL}/{draft.id}", headers=world["employer"], json={
        "trainee_language": "xx", "lock_version": cleared.get_json()["lock_version"]})
    assert refused.status_code == 400 and "trainee_language" in refused.get_json()["errors"]


def test_the_language_is_no_part_of_a_submitted_version(client, world) -> None:
    from igu_admin.services import agreements
    course = make_course(world["mine"], start=date(2026, 1, 5))
    course.trainee_language = "ar"
    assert "trainee_language" not in agreements.submitted_data(course)
