"""A change to the agreement (tillæg) still awaiting its decision when the
course ends (completed, or terminated) is withdrawn by the system in the
same transaction, with its audit event; an amendment already decided stays."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from igu_admin.core import clock
from igu_admin.extensions import db
from igu_admin.inputs.amendment import AmendmentInput
from igu_admin.inputs.course import CompletionInput, TerminationInput
from igu_admin.models import AgreementAmendment, AuditEvent, Role
from igu_admin.services.agreements import amendments
from igu_admin.services.course import end as course_end
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_course


@pytest.fixture
def world(app):
    today = clock.today()
    company = make_company(municipality="101")
    course = make_course(company, start=today - timedelta(days=30))
    course.weekly_hours = Decimal("30.00")
    db.session.commit()
    employer = make_user(Role.EMPLOYER, company=company)
    amendment = amendments.propose(employer, course, AmendmentInput.model_validate({
        "effective_from": today.isoformat(), "changes": {"weekly_hours": "25"},
        "lock_version": course.lock_version}))
    return {"course": course, "employer": employer, "amendment": amendment, "today": today}


def lapsed_events(amendment: AgreementAmendment) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "amendment", AuditEvent.entity_id == str(amendment.id),
        AuditEvent.action == "withdraw")))


def test_a_termination_taking_effect_withdraws_the_pending_amendment(world) -> None:
    course, amendment = world["course"], world["amendment"]
    course_end.record_termination(world["employer"], course, TerminationInput.model_validate(
        {"date": world["today"].isoformat(), "reason": "resignation",
         "lock_version": course.lock_version}), today=world["today"])
    db.session.expire_all()
    assert course.status == "terminated"
    assert amendment.status == "withdrawn"
    [event] = lapsed_events(amendment)
    assert event.actor_id is None  # the system


def test_a_termination_planned_later_leaves_it_pending(world) -> None:
    course, amendment = world["course"], world["amendment"]
    course_end.record_termination(world["employer"], course, TerminationInput.model_validate(
        {"date": (world["today"] + timedelta(days=20)).isoformat(), "reason": "resignation",
         "lock_version": course.lock_version}), today=world["today"])
    db.session.expire_all()
    assert amendment.status == "requested" and lapsed_events(amendment) == []


def test_completion_withdraws_the_pending_amendment(world) -> None:
    course, amendment = world["course"], world["amendment"]
    assert course.end_date is not None
    course_end.complete(world["employer"], course,
                        CompletionInput(lock_version=course.lock_version), today=course.end_date)
    db.session.expire_all()
    assert course.status == "completed" and amendment.status == "withdrawn"
    assert len(lapsed_events(amendment)) == 1
