"""The follow-up over the API (issue 19): one course's follow-up for both
sides, check-ins (201 + Location), the employer's notes, the mentor with the
agreement's lock_version, and the municipality's list at risk first; with
tenancy (404), roles (403) and audit, and 30 vs 31 days overdue."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from igu_admin.core import clock
from igu_admin.domain.dates import add_months
from igu_admin.domain.lifecycle import StartedBy
from igu_admin.extensions import db
from igu_admin.models import AuditEvent, CourseExtension, Municipality, Role
from igu_admin.models.base import utcnow
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_course

URL = "/api/v1/agreements"


def bearer(user, lang: str = "en") -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": lang}


def imported(course):
    """A course whose plan lives outside igu-admin: no plan reason can hold."""
    course.started_by = StartedBy.IMPORT.value
    db.session.commit()
    return course


@pytest.fixture
def today(app) -> date:
    return clock.today()


@pytest.fixture
def world(app, today):
    mine, theirs = make_company(municipality="101"), make_company(municipality="751")
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    course = imported(make_course(mine, start=today - timedelta(days=10)))
    return {"course": course, "caseworker_user": caseworker,
            "employer": bearer(make_user(Role.EMPLOYER, company=mine)),
            "stranger": bearer(make_user(Role.EMPLOYER, company=theirs)),
            "caseworker": bearer(caseworker),
            "far_caseworker": bearer(make_user(Role.CASEWORKER, municipality="751")),
            "finance": bearer(make_user(Role.FINANCE, municipality="101")),
            "theirs": theirs}


def check_in_body(today: date, **overrides: Any) -> dict[str, Any]:
    return {"held_on": today.isoformat(), "held_by": "caseworker",
            "participants": ["trainee", "employer"], "work": "good", "school": "concern",
            "danish": "good", "agreed": "Danskundervisning to gange om ugen.", **overrides}


def follow_up(client, world, who: str = "caseworker"):
    return client.get(f"{URL}/{world['course'].id}/follow-up", headers=world[who])


def actions(agreement_id: int) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type == "agreement", AuditEvent.entity_id == str(agreement_id))
        .order_by(AuditEvent.id)))


def test_a_new_course_has_its_first_check_in_a_month_after_the_start(client, world) -> None:
    course = world["course"]
    for who in ("caseworker", "employer"):
        answer = follow_up(client, world, who)
        assert answer.status_code == 200, answer.get_json()
        body = answer.get_json()
        assert body == {"mentor": None,
                        "next_check_in": add_months(course.start_date, 1).isoformat(),
                        "overdue_days": 0, "risk": "ok", "reasons": [], "check_ins": [],
                        "notes": [], "lock_version": course.lock_version}


def test_a_check_in_is_recorded_with_its_location_and_the_plans_next_date(
        client, world, today) -> None:
    course = world["course"]
    answer = client.post(f"{URL}/{course.id}/check-ins", json=check_in_body(today),
                         headers=world["caseworker"])
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert answer.headers["Location"].endswith(f"/api/v1/agreements/{course.id}/check-ins/1")
    assert body["number"] == 1
    # Held before month 1's check-in is due: the next is month 1's.
    assert body["next_on"] == add_months(course.start_date, 1).isoformat()
    again = client.get(answer.headers["Location"], headers=world["employer"])
    assert again.status_code == 200 and again.get_json() == body
    assert "check_in" in actions(course.id)
    listed = follow_up(client, world).get_json()
    assert listed["check_ins"] == [body]
    assert listed["next_check_in"] == body["next_on"]


def test_a_check_in_marking_something_at_risk_puts_the_course_at_risk(
        client, world, today) -> None:
    course = world["course"]
    client.post(f"{URL}/{course.id}/check-ins", json=check_in_body(today, danish="at_risk"),
                headers=world["caseworker"])
    body = follow_up(client, world, "employer").get_json()
    assert body["risk"] == "at_risk"
    assert [(r["code"], r["since"]) for r in body["reasons"]] == [
        ("check_in_at_risk", today.isoformat())]
    assert body["reasons"][0]["message"]


@pytest.mark.parametrize("days, risk", [(30, "ok"), (31, "at_risk")], ids=["30", "31"])
def test_a_check_in_exactly_30_and_31_days_overdue(client, world, today, days: int,
                                                   risk: str) -> None:
    course = world["course"]
    due = today - timedelta(days=days)
    answer = client.post(f"{URL}/{course.id}/check-ins", json=check_in_body(
        today - timedelta(days=days + 5), next_on=due.isoformat()), headers=world["caseworker"])
    assert answer.status_code == 201, answer.get_json()
    body = follow_up(client, world).get_json()
    assert (body["overdue_days"], body["risk"]) == (days, risk)
    codes = [(r["code"], r["since"]) for r in body["reasons"]]
    assert codes == ([] if risk == "ok" else [("check_in_overdue", due.isoformat())])


def test_a_sickness_extension_asked_for_lately(client, world, today) -> None:
    course = world["course"]
    db.session.add(CourseExtension(agreement_id=course.id, number=1, first_day=today,
                                   last_day=today + timedelta(days=40), reason="sickness",
                                   status="requested", requested_at=utcnow(),
                                   decision_reason=""))
    db.session.commit()
    body = follow_up(client, world).get_json()
    assert [r["code"] for r in body["reasons"]] == ["sickness_extension"]


def test_a_course_without_its_plan_past_the_deadline(client, world, today) -> None:
    mine = world["course"].company
    late = make_course(mine, start=today - timedelta(days=50))
    answer = client.get(f"{URL}/{late.id}/follow-up", headers=world["caseworker"])
    codes = [r["code"] for r in answer.get_json()["reasons"]]
    assert codes == ["plan_missing"]


@pytest.mark.parametrize("body, field", [
    ({"held_by": "neighbour"}, "held_by"), ({"work": "fine"}, "work"),
    ({"participants": ["dog"]}, "participants.0"), ({"held_on": "2026-02-30"}, "held_on")],
    ids=["held_by", "rating", "participant", "date"])
def test_a_check_in_malformed_answers_400_at_its_field(client, world, today, body,
                                                       field: str) -> None:
    answer = client.post(f"{URL}/{world['course'].id}/check-ins",
                         json=check_in_body(today, **body), headers=world["caseworker"])
    assert answer.status_code == 400
    assert field in answer.get_json()["errors"]


def test_a_check_in_in_the_future_or_a_next_before_it_is_refused(client, world, today) -> None:
    course = world["course"]
    ahead = client.post(f"{URL}/{course.id}/check-ins", headers=world["caseworker"],
                        json=check_in_body(today + timedelta(days=1)))
    assert ahead.status_code == 400 and "held_on" in ahead.get_json()["errors"]
    back = client.post(f"{URL}/{course.id}/check-ins", headers=world["caseworker"],
                       json=check_in_body(today, next_on=today.isoformat()))
    assert back.status_code == 400 and "next_on" in back.get_json()["errors"]


def test_the_employers_note_is_listed_for_the_caseworker(client, world) -> None:
    course = world["course"]
    answer = client.post(f"{URL}/{course.id}/follow-up-notes",
                         json={"text": "Det går godt i bageriet."}, headers=world["employer"])
    assert answer.status_code == 201, answer.get_json()
    assert answer.headers["Location"].endswith(f"/api/v1/agreements/{course.id}/follow-up")
    notes = follow_up(client, world).get_json()["notes"]
    assert [(n["number"], n["text"]) for n in notes] == [(1, "Det går godt i bageriet.")]
    assert "follow_up_note" in actions(course.id)
    empty = client.post(f"{URL}/{course.id}/follow-up-notes", json={"text": "  "},
                        headers=world["employer"])
    assert empty.status_code == 400


def test_the_mentor_is_named_with_the_agreements_lock_version_and_removed(
        client, world) -> None:
    course = world["course"]
    lock = follow_up(client, world).get_json()["lock_version"]
    mentor = {"name": "Mona Mentor", "organisation": "Mentorhuset", "phone": "+45 11 22 33 44",
              "email": "mona@example.org"}
    answer = client.put(f"{URL}/{course.id}/mentor", json={**mentor, "lock_version": lock},
                        headers=world["caseworker"])
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["mentor"] == mentor
    assert follow_up(client, world, "employer").get_json()["mentor"] == mentor
    stale = client.put(f"{URL}/{course.id}/mentor", json={**mentor, "lock_version": lock},
                       headers=world["caseworker"])
    assert stale.status_code == 409
    gone = client.delete(f"{URL}/{course.id}/mentor", headers=world["caseworker"])
    assert gone.status_code == 200 and gone.get_json()["mentor"] is None
    assert actions(course.id)[-2:] == ["mentor_set", "mentor_removed"]


def test_tenancy_answers_404_across_it(client, world, today) -> None:
    course = world["course"]
    for who in ("stranger", "far_caseworker"):
        assert follow_up(client, world, who).status_code == 404
        assert client.get(f"{URL}/{course.id}/check-ins/1",
                          headers=world[who]).status_code == 404
    assert client.post(f"{URL}/{course.id}/check-ins", json=check_in_body(today),
                       headers=world["far_caseworker"]).status_code == 404
    assert client.post(f"{URL}/{course.id}/follow-up-notes", json={"text": "x"},
                       headers=world["stranger"]).status_code == 404
    assert client.put(f"{URL}/{course.id}/mentor", json={"name": "X"},
                      headers=world["far_caseworker"]).status_code == 404
    assert client.delete(f"{URL}/{course.id}/mentor",
                         headers=world["far_caseworker"]).status_code == 404
    assert client.get(f"{URL}/{course.id}/check-ins/99",
                      headers=world["caseworker"]).status_code == 404


def test_roles_that_never_take_the_action_answer_403(client, world, today) -> None:
    course = world["course"]
    assert follow_up(client, world, "finance").status_code == 403
    assert client.post(f"{URL}/{course.id}/check-ins", json=check_in_body(today),
                       headers=world["employer"]).status_code == 403
    assert client.post(f"{URL}/{course.id}/follow-up-notes", json={"text": "x"},
                       headers=world["caseworker"]).status_code == 403
    assert client.put(f"{URL}/{course.id}/mentor", json={"name": "X"},
                      headers=world["employer"]).status_code == 403
    assert client.get("/api/v1/follow-up", headers=world["employer"]).status_code == 403


def test_a_course_not_active_has_no_check_in(client, world, today) -> None:
    course = world["course"]
    course.status = "completed"
    db.session.commit()
    answer = client.post(f"{URL}/{course.id}/check-ins", json=check_in_body(today),
                         headers=world["caseworker"])
    assert answer.status_code == 409


def test_the_list_puts_at_risk_first_then_the_most_overdue_with_filters(
        client, world, today) -> None:
    mine = world["course"].company
    ok_course = world["course"]
    a_bit = imported(make_course(mine, start=add_months(today, -1) - timedelta(days=5)))
    very = imported(make_course(mine, start=add_months(today, -1) - timedelta(days=20)))
    at_risk = imported(make_course(mine, start=add_months(today, -1) - timedelta(days=40)))
    assert at_risk.id  # 40 days past month 1's check-in: more than 30
    very.assigned_caseworker_id = world["caseworker_user"].id
    db.session.commit()
    elsewhere = imported(make_course(world["theirs"], start=today - timedelta(days=90)))

    def listed(query: str = "") -> list[tuple[int, str, int]]:
        answer = client.get(f"/api/v1/follow-up{query}", headers=world["caseworker"])
        assert answer.status_code == 200, answer.get_json()
        return [(r["agreement_id"], r["risk"], r["overdue_days"])
                for r in answer.get_json()["items"]]

    rows = listed()
    assert [r[0] for r in rows] == [at_risk.id, very.id, a_bit.id, ok_course.id]
    assert elsewhere.id not in [r[0] for r in rows]
    assert [r[0] for r in listed("?risk=at_risk")] == [at_risk.id]
    assert [r[0] for r in listed("?overdue=true")] == [at_risk.id, very.id, a_bit.id]
    assert [r[0] for r in listed("?assigned=me")] == [very.id]
    first = client.get("/api/v1/follow-up?limit=2", headers=world["caseworker"]).get_json()
    assert len(first["items"]) == 2 and first["next"]
    second = client.get(first["next"], headers=world["caseworker"]).get_json()
    assert [r["agreement_id"] for r in second["items"]] == [a_bit.id, ok_course.id]
    assert second["next"] is None
    row = client.get("/api/v1/follow-up?risk=at_risk", headers=world["caseworker"]) \
        .get_json()["items"][0]
    assert set(row) == {"agreement_id", "trainee_name", "company", "next_check_in",
                        "overdue_days", "risk", "reasons"}
    assert client.get("/api/v1/follow-up?risk=bad", headers=world["caseworker"]) \
        .status_code == 400


def test_a_municipalitys_own_months_set_the_plan(client, world) -> None:
    course = world["course"]
    municipality = db.session.get(Municipality, "101")
    municipality.follow_up_months = "2,4"
    db.session.commit()
    try:
        body = follow_up(client, world).get_json()
        assert body["next_check_in"] == add_months(course.start_date, 2).isoformat()
    finally:
        # The municipalities outlive a test: the others count on the setting's months.
        municipality.follow_up_months = None
        db.session.commit()
