"""Changing an approved agreement (tillæg, issue 19) over the API: proposed
by the employer or the caseworker, re-checked as a draft's change, decided by
the trainee's municipality; approved, a new version with its PDF and the
agreement's terms from the day it takes effect. Tenancy, roles, lock_version."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from igu_admin.core import clock
from igu_admin.extensions import db
from igu_admin.jobs import daily
from igu_admin.models import Agreement, AgreementAmendment, AgreementVersion, AuditEvent, Role
from igu_admin.models.base import utcnow
from igu_admin.services import documents
from igu_admin.services.accounts import api_tokens
from igu_admin.services.agreements.fields import submitted_data
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_course
from tests.pdf_text import pdf_text

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
    # A course that began a month ago and runs two years, at 30 hours a week.
    course = make_course(mine, start=today - timedelta(days=30))
    course.weekly_hours, course.job_title = Decimal("30.00"), "Bager"
    course.wage_basis, course.wage_rate_year1, course.wage_rate_year2 = (
        "monthly", Decimal("12132.00"), Decimal("13429.00"))
    course.collective_agreement = "other"
    db.session.commit()
    return {"course": course, "employer": employer, "headers": bearer(employer),
            "stranger": bearer(make_user(Role.EMPLOYER, company=theirs)),
            "caseworker": bearer(make_user(Role.CASEWORKER, municipality="101")),
            "far_caseworker": bearer(make_user(Role.CASEWORKER, municipality="751")),
            "finance": bearer(make_user(Role.FINANCE, municipality="101"))}


def body(world, effective_from: date, **changes: Any) -> dict[str, Any]:
    return {"effective_from": effective_from.isoformat(),
            "changes": changes or {"weekly_hours": "25.00"},
            "lock_version": world["course"].lock_version}


def propose(client, world, payload: dict[str, Any], who: str = "headers"):
    return client.post(f"{URL}/{world['course'].id}/amendments", json=payload,
                       headers=world[who])


def proposed(client, world, day: date, who: str = "headers", **changes: Any) -> dict[str, Any]:
    response = propose(client, world, body(world, day, **changes), who)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def decide(client, world, number: int, lock_version: int, decision: str = "approve",
           reason: str = "", who: str = "caseworker"):
    return client.post(f"{URL}/{world['course'].id}/amendments/{number}/decision",
                       json={"decision": decision, "reason": reason,
                             "lock_version": lock_version}, headers=world[who])


def record(client, world, who: str = "headers") -> dict[str, Any]:
    return client.get(f"{URL}/{world['course'].id}", headers=world[who]).get_json()


# -- proposing ------------------------------------------------------------------

def test_a_proposal_answers_201_with_its_number_and_location(client, world, today) -> None:
    response = propose(client, world, body(world, today + timedelta(days=10)))
    assert response.status_code == 201
    made = response.get_json()
    assert (made["number"], made["status"], made["effective_from"]) == (
        1, "requested", (today + timedelta(days=10)).isoformat())
    assert made["changes"] == {"weekly_hours": "25.00"}
    assert made["previous"] == {"weekly_hours": "30.00"}
    assert made["lock_version"] == 1 and made["proposed_by"] == "employer"
    assert response.headers["Location"] == f"{URL}/{world['course'].id}/amendments/1"
    listed = client.get(f"{URL}/{world['course'].id}/amendments", headers=world["caseworker"])
    assert [a["number"] for a in listed.get_json()["items"]] == [1]
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.entity_type == "amendment")) == "proposed"


def test_hours_outside_the_rule_set_answer_400_at_changes_weekly_hours(client, world,
                                                                       today) -> None:
    response = propose(client, world, body(world, today, weekly_hours="45.00"))
    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["changes.weekly_hours"]


@pytest.mark.parametrize("payload", [
    {"changes": {"weekly_hours": "30.00"}},  # no day
    {"effective_from": "2027-01-01", "changes": {}},  # nothing to change
    {"effective_from": "2027-01-01", "changes": {"start_date": "2027-01-01"}},  # not amendable
])
def test_malformed_proposals_answer_400(client, world, payload) -> None:
    response = propose(client, world, {**payload, "lock_version": world["course"].lock_version})
    assert response.status_code == 400


@pytest.mark.parametrize(("offset", "status"), [
    ("first_day", 201), ("past", 201), ("last_day", 201),
    ("before_start", 422), ("after_end", 422)])
def test_the_day_it_takes_effect_lies_within_the_course(client, world, today, offset,
                                                        status) -> None:
    course = world["course"]
    day = {"first_day": course.start_date, "past": today - timedelta(days=3),
           "last_day": course.end_date, "before_start": course.start_date - timedelta(days=1),
           "after_end": course.end_date + timedelta(days=1)}[offset]
    response = propose(client, world, body(world, day))
    assert response.status_code == status, response.get_json()
    if status == 422:
        assert list(response.get_json()["errors"]) == ["effective_from"]


def test_another_proposal_while_one_waits_answers_409(client, world, today) -> None:
    proposed(client, world, today)
    response = propose(client, world, body(world, today, job_title="Bagersvend"),
                       who="caseworker")
    assert response.status_code == 409
    assert "waiting for the municipality's decision" in str(response.get_json())


@pytest.mark.parametrize("status", ["submitted", "completed", "terminated"])
def test_an_agreement_neither_approved_nor_active_answers_409(client, world, today,
                                                              status) -> None:
    world["course"].status = status
    db.session.commit()
    assert propose(client, world, body(world, today)).status_code == 409


def test_a_stale_lock_version_answers_409(client, world, today) -> None:
    payload = {**body(world, today), "lock_version": world["course"].lock_version + 5}
    assert propose(client, world, payload).status_code == 409


def test_tenancy_answers_404_and_finance_403(client, world, today) -> None:
    assert propose(client, world, body(world, today), who="stranger").status_code == 404
    assert propose(client, world, body(world, today), who="far_caseworker").status_code == 404
    assert propose(client, world, body(world, today), who="finance").status_code == 403
    proposed(client, world, today)
    for path in ("/amendments", "/amendments/1"):
        url = f"{URL}/{world['course'].id}{path}"
        assert client.get(url, headers=world["stranger"]).status_code == 404
        assert client.get(url, headers=world["far_caseworker"]).status_code == 404
    assert decide(client, world, 1, 1, who="far_caseworker").status_code == 404
    assert decide(client, world, 1, 1, who="headers").status_code == 403
    assert client.get(f"{URL}/{world['course'].id}/amendments/9",
                      headers=world["headers"]).status_code == 404


# -- withdrawing ----------------------------------------------------------------

def test_who_proposed_it_withdraws_it_before_the_decision(client, world, today) -> None:
    made = proposed(client, world, today)
    url = f"{URL}/{world['course'].id}/amendments/1/withdraw"
    other = client.post(url, json={"lock_version": made["lock_version"]},
                        headers=world["caseworker"])
    assert other.status_code == 403
    done = client.post(url, json={"lock_version": made["lock_version"]}, headers=world["headers"])
    assert done.status_code == 200 and done.get_json()["status"] == "withdrawn"
    again = client.post(url, json={"lock_version": done.get_json()["lock_version"]},
                        headers=world["headers"])
    assert again.status_code == 409
    # Withdrawn, another may be proposed.
    assert proposed(client, world, today)["number"] == 2


# -- deciding -------------------------------------------------------------------

def test_an_approved_change_is_a_new_version_with_its_pdf_and_the_new_terms(
        client, world, today) -> None:
    versions_before = len(record(client, world)["versions"])
    made = proposed(client, world, world["course"].start_date, weekly_hours="25.00",
                    job_title="Bagersvend")
    response = decide(client, world, made["number"], made["lock_version"])
    assert response.status_code == 200, response.get_json()
    decided = response.get_json()
    assert decided["status"] == "approved" and decided["version"] == versions_before + 1
    shown = record(client, world)
    assert len(shown["versions"]) == versions_before + 1
    assert shown["weekly_hours"] == "25.00" and shown["job_title"] == "Bagersvend"
    version = db.session.scalar(select(AgreementVersion).where(
        AgreementVersion.agreement_id == world["course"].id,
        AgreementVersion.number == decided["version"]))
    assert version is not None and version.pdf is not None
    text = pdf_text(version.pdf)
    assert "Tillæg til aftale om integrationsgrunduddannelse".replace(" ", "") in text
    # The old and the new terms, and the day they take effect.
    assert "Ugentligarbejdstid3025" in text or ("30" in text and "25" in text)
    assert "BagerBagersvend" in text
    start = world["course"].start_date
    assert f"Fraden{start.day}." in text
    actions = list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type == "agreement", AuditEvent.entity_id == str(world["course"].id))))
    assert "terms_amended" in actions


def test_a_change_from_a_later_day_takes_effect_on_that_day(client, world, today) -> None:
    day = today + timedelta(days=20)
    made = proposed(client, world, day, weekly_hours="25.00")
    assert decide(client, world, 1, made["lock_version"]).status_code == 200
    assert record(client, world)["weekly_hours"] == "30.00"
    daily.run_due(day - timedelta(days=1))
    db.session.expire_all()
    assert db.session.get(Agreement, world["course"].id).weekly_hours == Decimal("30.00")
    report = daily.run_due(day)
    assert report.amended == 1
    db.session.expire_all()
    assert db.session.get(Agreement, world["course"].id).weekly_hours == Decimal("25.00")
    assert daily.run_due(day).amended == 0
    applied = db.session.scalar(select(AgreementAmendment))
    assert applied is not None and applied.applied_at is not None


def test_a_refusal_needs_a_reason_and_changes_nothing(client, world, today) -> None:
    made = proposed(client, world, today)
    assert decide(client, world, 1, made["lock_version"], "refuse").status_code == 400
    response = decide(client, world, 1, made["lock_version"], "refuse", "Too few hours.")
    assert response.status_code == 200
    assert (response.get_json()["status"], response.get_json()["decision_reason"]) == (
        "refused", "Too few hours.")
    assert record(client, world)["weekly_hours"] == "30.00"
    assert decide(client, world, 1, response.get_json()["lock_version"]).status_code == 409


def test_a_stale_decision_answers_409(client, world, today) -> None:
    made = proposed(client, world, today)
    assert decide(client, world, 1, made["lock_version"] + 1).status_code == 409


def test_the_agreement_s_pdf_stays_the_agreement_and_the_amendment_is_its_version(
        client, world, today) -> None:
    course = world["course"]
    documents.freeze(documents.AGREEMENT, world["employer"], course.id, utcnow(),
                     submitted_data(course), agreement_id=course.id)
    db.session.commit()
    made = proposed(client, world, today, weekly_hours="25.00")
    assert decide(client, world, 1, made["lock_version"]).get_json()["version"] == 2
    latest = client.get(f"{URL}/{course.id}/pdf", headers=world["headers"])
    assert latest.status_code == 200
    assert "Tillæg" not in pdf_text(latest.data)
    amendment = client.get(f"{URL}/{course.id}/versions/2/pdf", headers=world["headers"])
    assert amendment.status_code == 200 and "Tillægtilaftale" in pdf_text(amendment.data)


def test_a_new_wage_basis_needs_both_years_amounts(client, world, today) -> None:
    """Monthly to hourly without new amounts would read 12,132 kr. a month as
    12,132 kr. an hour: refused at each missing amount, nothing proposed."""
    url = f"{URL}/{world['course'].id}/amendments"
    alone = client.post(url, json=body(world, today, wage={"basis": "hourly"}),
                        headers=world["headers"])
    assert alone.status_code == 400
    assert set(alone.get_json()["errors"]) == {"changes.wage.year1", "changes.wage.year2"}
    half = client.post(url, json=body(world, today, wage={"basis": "hourly", "year1": "150.00"}),
                       headers=world["headers"])
    assert half.status_code == 400 and set(half.get_json()["errors"]) == {"changes.wage.year2"}
    both = client.post(url, json=body(world, today, wage={
        "basis": "hourly", "year1": "150.00", "year2": "160.00"}), headers=world["headers"])
    assert both.status_code == 201, both.get_json()
