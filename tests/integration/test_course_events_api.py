"""The course's later events over the API (issue 9): extensions asked for and
decided, an early end (planned or at once, continued by another company),
completion; with tenancy, roles, lock_version and audit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from igu_admin.core import clock, rules_in_force
from igu_admin.domain.agreement_rules import end_date
from igu_admin.extensions import db
from igu_admin.jobs import daily
from igu_admin.models import Agreement, AgreementStatus, AuditEvent, CourseExtension, Role
from igu_admin.services import agreements
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_course

URL = "/api/v1/agreements"


def bearer(user, lang: str = "en") -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": lang}


@pytest.fixture
def today(app) -> date:
    return clock.today()


@pytest.fixture
def world(app, today):
    mine, theirs = make_company(municipality="101"), make_company(municipality="751")
    employer = make_user(Role.EMPLOYER, company=mine)
    # A course that began a month ago and runs two years.
    course = make_course(mine, start=today - timedelta(days=30))
    return {"mine": mine, "theirs": theirs, "course": course, "employer": employer,
            "headers": bearer(employer),
            "stranger": bearer(make_user(Role.EMPLOYER, company=theirs)),
            "caseworker": bearer(make_user(Role.CASEWORKER, municipality="101")),
            "far_caseworker": bearer(make_user(Role.CASEWORKER, municipality="751")),
            "finance": bearer(make_user(Role.FINANCE, municipality="101"))}


def days_from(world, first: int, last: int, reason: str = "parental_leave") -> dict[str, Any]:
    start = world["course"].start_date
    return {"from": (start + timedelta(days=first)).isoformat(),
            "to": (start + timedelta(days=last)).isoformat(), "reason": reason}


def request(client, world, body: dict[str, Any], who: str = "headers"):
    return client.post(f"{URL}/{world['course'].id}/extensions", json=body, headers=world[who])


def requested(client, world, first: int = 60, last: int = 89, reason: str = "parental_leave"):
    response = request(client, world, days_from(world, first, last, reason))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def decide(client, world, number: int, lock_version: int, decision: str = "approve",
           reason: str = "", who: str = "caseworker"):
    return client.post(f"{URL}/{world['course'].id}/extensions/{number}/decision",
                       json={"decision": decision, "reason": reason,
                             "lock_version": lock_version}, headers=world[who])


def agreement(client, world, who: str = "headers") -> dict[str, Any]:
    return client.get(f"{URL}/{world['course'].id}", headers=world[who]).get_json()


def audit_actions(entity_type: str, entity_id: int) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type == entity_type, AuditEvent.entity_id == str(entity_id))
        .order_by(AuditEvent.id)))


# -- asking for an extension ----------------------------------------------------

def test_an_extension_is_numbered_within_its_agreement_and_located(client, world) -> None:
    response = request(client, world, days_from(world, 60, 89))
    assert response.status_code == 201
    first = response.get_json()
    assert (first["number"], first["status"], first["days"]) == (1, "requested", 30)
    assert response.headers["Location"] == f"{URL}/{world['course'].id}/extensions/1"
    assert client.get(response.headers["Location"], headers=world["headers"]).get_json() == first
    second = requested(client, world, 100, 110, "schooling")
    assert second["number"] == 2
    listed = client.get(f"{URL}/{world['course'].id}/extensions", headers=world["caseworker"])
    assert [e["number"] for e in listed.get_json()["items"]] == [1, 2]
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "extension", AuditEvent.action == "requested")).all()
    assert len(events) == 2 and {e.channel for e in events} == {"api"}


def test_a_leave_that_starts_later_can_be_asked_for_now(client, world) -> None:
    assert requested(client, world, 400, 500)["status"] == "requested"


@pytest.mark.parametrize(("body", "path"), [
    ({"to": "2027-01-01", "reason": "sickness"}, "from"),
    ({"from": "2027-02-30", "to": "2027-03-01", "reason": "sickness"}, "from"),
    ({"from": "2027-01-01", "to": "2027-03-01", "reason": "holiday"}, "reason"),
    ({"from": "2027-01-01", "to": "2027-03-01", "reason": "sickness", "x": 1}, "x"),
    ({"from": None, "to": "2027-03-01", "reason": "sickness"}, "from"),
])
def test_malformed_requests_answer_400_at_their_field(client, world, body, path: str) -> None:
    response = request(client, world, body)
    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == [path]


@pytest.mark.parametrize(("first", "last", "reason", "path", "words"), [
    (-1, 10, "parental_leave", "from", "before the course starts"),
    (700, 731, "parental_leave", "to", "after the course ends"),
    (50, 40, "parental_leave", "to", "before the first day"),
    (60, 115, "sickness", "to", "more than 8 weeks"),
])
def test_a_period_the_rules_refuse_answers_400_at_its_field(client, world, first, last, reason,
                                                            path: str, words: str) -> None:
    response = request(client, world, days_from(world, first, last, reason))
    assert response.status_code == 400
    assert words in response.get_json()["errors"][path][0]
    assert db.session.scalar(select(CourseExtension.id)) is None


def test_sickness_over_8_weeks_is_accepted(client, world) -> None:
    assert requested(client, world, 60, 116, "sickness")["days"] == 57


def test_an_absence_cannot_extend_the_course_twice(client, world) -> None:
    requested(client, world, 60, 89)
    response = request(client, world, days_from(world, 80, 100))
    assert response.status_code == 400
    assert "extension no. 1" in response.get_json()["errors"]["from"][0]


def test_the_messages_are_danish_by_default(client, world) -> None:
    headers = {**world["headers"], "Accept-Language": "da"}
    response = client.post(f"{URL}/{world['course'].id}/extensions",
                           json=days_from(world, 50, 40), headers=headers)
    assert response.get_json()["errors"]["to"] == ["Sidste dag ligger før første dag."]


def test_only_the_agreements_employer_asks(client, world) -> None:
    assert request(client, world, days_from(world, 60, 89), "stranger").status_code == 404
    assert request(client, world, days_from(world, 60, 89), "caseworker").status_code == 403
    listed = client.get(f"{URL}/{world['course'].id}/extensions", headers=world["far_caseworker"])
    assert listed.status_code == 404


@pytest.mark.parametrize("status", [AgreementStatus.APPROVED, AgreementStatus.SUBMITTED,
                                    AgreementStatus.COMPLETED])
def test_only_an_active_course_is_extended(client, world, status) -> None:
    world["course"].status = status
    db.session.commit()
    response = request(client, world, days_from(world, 60, 89))
    assert response.status_code == 409 and "status" in response.get_json()["errors"]


# -- the municipality's decision -----------------------------------------------

def test_an_approved_extension_moves_the_end_date_by_its_days(client, world) -> None:
    before = agreement(client, world)
    extension = requested(client, world, 60, 89)
    response = decide(client, world, 1, extension["lock_version"], reason="Barsel")
    assert response.status_code == 200
    assert response.get_json()["status"] == "approved"
    after = agreement(client, world)
    moved = date.fromisoformat(before["end_date"]) + timedelta(days=30)
    assert after["end_date"] == moved.isoformat()
    assert after["original_end_date"] == before["end_date"] == before["original_end_date"]
    assert after["lock_version"] == before["lock_version"] + 1
    assert audit_actions("agreement", world["course"].id)[-1] == "end_date_moved"
    assert audit_actions("extension", db.session.scalar(select(CourseExtension.id))) == [
        "requested", "approve"]


def test_a_second_extension_may_reach_into_the_time_the_first_added(client, world) -> None:
    first = requested(client, world, 60, 89)
    decide(client, world, 1, first["lock_version"])
    original_end = date.fromisoformat(agreement(client, world)["original_end_date"])
    body = {"from": (original_end + timedelta(days=1)).isoformat(),
            "to": (original_end + timedelta(days=10)).isoformat(), "reason": "parental_leave"}
    assert request(client, world, body).status_code == 201


def test_a_refused_extension_leaves_the_end_date(client, world) -> None:
    before = agreement(client, world)["end_date"]
    extension = requested(client, world)
    without_reason = decide(client, world, 1, extension["lock_version"], "refuse")
    assert without_reason.status_code == 400 and "reason" in without_reason.get_json()["errors"]
    response = decide(client, world, 1, extension["lock_version"], "refuse", "Ikke dokumenteret")
    assert response.status_code == 200
    assert (response.get_json()["status"], response.get_json()["decision_reason"]) == (
        "refused", "Ikke dokumenteret")
    assert agreement(client, world)["end_date"] == before


def test_only_the_trainees_municipality_decides(client, world) -> None:
    extension = requested(client, world)
    assert decide(client, world, 1, extension["lock_version"], who="headers").status_code == 403
    assert decide(client, world, 1, extension["lock_version"],
                  who="far_caseworker").status_code == 404
    assert decide(client, world, 2, extension["lock_version"]).status_code == 404
    assert db.session.scalar(select(CourseExtension.status)) == "requested"


def test_a_stale_lock_version_changes_nothing(client, world) -> None:
    extension = requested(client, world)
    before = agreement(client, world)["end_date"]
    response = decide(client, world, 1, extension["lock_version"] + 1)
    assert response.status_code == 409 and "lock_version" in response.get_json()["errors"]
    assert agreement(client, world)["end_date"] == before
    assert db.session.scalar(select(CourseExtension.status)) == "requested"


def test_a_decision_is_made_once(client, world) -> None:
    extension = requested(client, world)
    decided = decide(client, world, 1, extension["lock_version"]).get_json()
    again = decide(client, world, 1, decided["lock_version"], "refuse", "Fejl")
    assert again.status_code == 409 and "status" in again.get_json()["errors"]


def test_the_employer_may_take_a_request_back(client, world) -> None:
    extension = requested(client, world)
    url = f"{URL}/{world['course'].id}/extensions/1/withdraw"
    assert client.post(url, json={"lock_version": extension["lock_version"]},
                       headers=world["caseworker"]).status_code == 403
    response = client.post(url, json={"lock_version": extension["lock_version"]},
                           headers=world["headers"])
    assert response.status_code == 200 and response.get_json()["status"] == "withdrawn"
    assert decide(client, world, 1, response.get_json()["lock_version"]).status_code == 409


# -- an early end -------------------------------------------------------------

def terminate(client, world, day: date, who: str = "headers", **extra: Any):
    body = {"date": day.isoformat(), "reason": "dismissal",
            "lock_version": world["course"].lock_version, **extra}
    return client.post(f"{URL}/{world['course'].id}/termination", json=body, headers=world[who])


def test_a_termination_today_ends_the_course_at_once(client, world, today) -> None:
    requested(client, world)
    response = terminate(client, world, today, note="Opsagt med varsel")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "terminated"
    assert body["termination"] == {"date": today.isoformat(), "reason": "dismissal",
                                   "note": "Opsagt med varsel", "continued_by_cvr": None}
    # Nothing is left to extend: the open request lapses.
    assert db.session.scalar(select(CourseExtension.status)) == "withdrawn"
    assert audit_actions("agreement", world["course"].id)[-2:] == ["termination_recorded",
                                                                  "terminate"]


def test_a_planned_termination_waits_for_its_day(client, world, today) -> None:
    day = today + timedelta(days=20)
    response = terminate(client, world, day, reason="resignation")
    assert response.status_code == 200
    assert response.get_json()["status"] == "active"
    assert response.get_json()["termination"]["date"] == day.isoformat()
    # The request for an extension of a course ending early is refused.
    assert request(client, world, days_from(world, 60, 89)).status_code == 409
    assert daily.run_due(day - timedelta(days=1)).terminated == 0
    assert agreement(client, world)["status"] == "active"
    assert daily.run_due(day).terminated == 1
    assert agreement(client, world)["status"] == "terminated"
    assert daily.run_due(day).terminated == 0


@pytest.mark.parametrize(("offset", "extra", "path"), [
    (-31, {}, "date"),
    (800, {}, "date"),
    (0, {"continued_by_cvr": "12345678"}, "continued_by_cvr"),
    (0, {"continued_by_cvr": "1234"}, "continued_by_cvr"),
    (0, {"reason": "bankruptcy"}, "reason"),
])
def test_a_termination_the_rules_refuse_answers_400(client, world, today, offset, extra,
                                                    path: str) -> None:
    response = terminate(client, world, today + timedelta(days=offset), **extra)
    assert response.status_code == 400 and path in response.get_json()["errors"]
    assert agreement(client, world)["termination"] is None


def test_the_own_company_cannot_continue_the_course(client, world, today) -> None:
    response = terminate(client, world, today, continued_by_cvr=world["mine"].cvr)
    assert response.status_code == 400
    assert "another company" in response.get_json()["errors"]["continued_by_cvr"][0]


def test_a_termination_is_recorded_once_and_with_the_current_lock_version(client, world,
                                                                           today) -> None:
    stale = terminate(client, world, today, lock_version=world["course"].lock_version + 1)
    assert stale.status_code == 409 and "lock_version" in stale.get_json()["errors"]
    day = today + timedelta(days=20)
    assert terminate(client, world, day).status_code == 200
    db.session.refresh(world["course"])
    again = terminate(client, world, day)
    assert again.status_code == 409


def test_the_municipality_may_record_the_end_and_no_one_else(client, world, today) -> None:
    assert terminate(client, world, today, "stranger").status_code == 404
    assert terminate(client, world, today, "far_caseworker").status_code == 404
    assert terminate(client, world, today, "finance").status_code == 403
    response = terminate(client, world, today, "caseworker", reason="company_closure")
    assert response.status_code == 200 and response.get_json()["status"] == "terminated"


def test_an_approved_course_may_be_called_off_before_it_starts(client, world, today) -> None:
    course = world["course"]
    course.status, course.start_date = AgreementStatus.APPROVED, today + timedelta(days=10)
    course.end_date = course.start_date + timedelta(days=700)
    db.session.commit()
    response = terminate(client, world, course.start_date)
    assert response.status_code == 200 and response.get_json()["status"] == "approved"
    report = daily.run_due(course.start_date)
    assert (report.activated, report.terminated) == (1, 1)
    assert agreement(client, world)["status"] == "terminated"


# -- continuation by another company ----------------------------------------------

def test_a_company_in_igu_admin_gets_a_draft_continuing_the_course(client, world,
                                                                   today) -> None:
    theirs = world["theirs"]
    response = terminate(client, world, today, continued_by_cvr=theirs.cvr)
    assert response.status_code == 200
    ended = world["course"]
    listed = client.get(URL, headers=world["stranger"]).get_json()["items"]
    assert len(listed) == 1
    draft = listed[0]
    assert draft["status"] == "draft" and draft["continues_agreement_id"] == ended.id
    assert draft["start_date"] == (today + timedelta(days=1)).isoformat()
    assert draft["end_date"] == ended.end_date.isoformat()
    assert draft["trainee"]["name"] == ended.trainee_name
    assert draft["trainee"]["cpr"] == agreements.agreement_cpr(ended, full=False)
    assert draft["ruleset"] == ended.ruleset_code
    # The continuing company sees its draft, never the ended agreement.
    assert client.get(f"{URL}/{ended.id}", headers=world["stranger"]).status_code == 404
    # Changing the draft keeps the course's end.
    changed = client.patch(f"{URL}/{draft['id']}", json={"job_title": "Lagermedarbejder",
                                                          "lock_version": draft["lock_version"]},
                           headers=world["stranger"])
    assert changed.status_code == 200 and changed.get_json()["end_date"] == draft["end_date"]


def test_the_continuation_is_the_same_igu_not_a_previous_one(client, world, today) -> None:
    terminate(client, world, today, continued_by_cvr=world["theirs"].cvr)
    ended = world["course"]
    draft = db.session.scalar(select(Agreement).where(
        Agreement.continues_agreement_id == ended.id))
    draft.recent_ordinary_employment = False  # the new company's to answer
    review = agreements.review(draft, everywhere=True)
    assert review.assessment is not None
    previous = next(c for c in review.assessment.criteria if c.code == "previous_igu")
    assert previous.passed
    # The same person in a new agreement of their own would have had an IGU.
    other = Agreement(company_id=world["theirs"].id, status="draft", step_reached="",
                      absences=[], **{c: getattr(draft, c) for c in (
                          "trainee_name", "trainee_cpr_encrypted", "trainee_cpr_hash",
                          "municipality_code", "target_group", "registered_since",
                          "previous_igu", "recent_ordinary_employment", "start_date")})
    db.session.add(other)
    db.session.flush()
    fresh = agreements.review(other, everywhere=True).assessment
    assert not next(c for c in fresh.criteria if c.code == "previous_igu").passed


def test_a_continuation_is_judged_as_on_the_first_start(client, world, today) -> None:
    """A trainee who turns 40 during the course may still continue it."""
    course = world["course"]
    course.trainee_cpr_encrypted, course.trainee_cpr_hash = _cpr_turning_40_on(today)
    db.session.commit()
    terminate(client, world, today, continued_by_cvr=world["theirs"].cvr)
    draft = db.session.scalar(select(Agreement).where(
        Agreement.continues_agreement_id == course.id))
    draft.recent_ordinary_employment = False
    assessment = agreements.review(draft, everywhere=True).assessment
    assert assessment is not None
    assert next(c for c in assessment.criteria if c.code == "age").passed


def _cpr_turning_40_on(day: date) -> tuple[bytes, str]:
    from igu_admin.core.cpr_vault import vault

    birth = day.replace(year=day.year - 40)
    cpr = birth.strftime("%d%m%y") + ("4123" if birth.year >= 2000 else "1234")
    return vault().encrypt(cpr), vault().lookup_hash(cpr)


def test_a_company_outside_igu_admin_is_kept_for_the_caseworker(client, world, today) -> None:
    outside = "12345674"
    response = terminate(client, world, today, continued_by_cvr="DK 1234 5674")
    assert response.status_code == 200
    seen = agreement(client, world, "caseworker")
    assert seen["termination"]["continued_by_cvr"] == outside
    assert db.session.scalar(select(Agreement.id).where(
        Agreement.continues_agreement_id.is_not(None))) is None


# -- completion -----------------------------------------------------------------

def complete(client, world, who: str = "headers", lock_version: int | None = None):
    body = {"lock_version": lock_version or world["course"].lock_version}
    return client.post(f"{URL}/{world['course'].id}/completion", json=body, headers=world[who])


def test_completion_before_the_end_date_is_refused_with_422(client, world) -> None:
    response = complete(client, world)
    assert response.status_code == 422
    assert "end_date" in response.get_json()["errors"]
    assert agreement(client, world)["status"] == "active"


def test_a_course_run_to_its_end_is_completed(client, world, today) -> None:
    course = world["course"]
    course.start_date = today - timedelta(days=800)
    course.end_date = end_date(course.start_date,
                               rules_in_force.for_record("active", "igu-2016",
                                                      course.start_date).course)
    db.session.commit()
    assert complete(client, world, "caseworker").status_code == 403
    response = complete(client, world)
    assert response.status_code == 200 and response.get_json()["status"] == "completed"
    assert audit_actions("agreement", course.id)[-1] == "complete"
    assert complete(client, world, lock_version=response.get_json()["lock_version"]
                    ).status_code == 409


def test_a_completion_may_be_posted_bare_and_a_stale_lock_version_is_still_refused(
        client, world, today) -> None:
    course = world["course"]
    course.start_date = today - timedelta(days=800)
    course.end_date = end_date(course.start_date,
                               rules_in_force.for_record("active", "igu-2016",
                                                      course.start_date).course)
    db.session.commit()
    stale = client.post(f"{URL}/{course.id}/completion",
                        json={"lock_version": course.lock_version + 5}, headers=world["headers"])
    assert stale.status_code == 409
    bare = client.post(f"{URL}/{course.id}/completion", headers=world["headers"])
    assert bare.status_code == 200 and bare.get_json()["status"] == "completed"


def test_completion_waits_for_the_moved_end_date(client, world, today) -> None:
    course = world["course"]
    course.start_date = today - timedelta(days=729)  # its original end is today
    course.end_date = today
    db.session.commit()
    extension = requested(client, world, 10, 19)
    decide(client, world, 1, extension["lock_version"])
    db.session.refresh(course)
    assert course.end_date == today + timedelta(days=10)
    assert complete(client, world).status_code == 422
