"""Reminders before deadlines, queued by the daily work: once per recipient
and deadline, only when the deadline is near, never for a deadline met."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from igu_admin.domain.lifecycle import ExtensionStatus
from igu_admin.extensions import db
from igu_admin.jobs.daily import run_due
from igu_admin.models import AgreementStatus, CourseExtension, OutboxMessage, Role
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_course

START = date(2027, 3, 1)
PLAN_DEADLINE = date(2027, 3, 31)  # one month of employment, from the rule set


def queued(kind: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def employer_course(status: AgreementStatus = AgreementStatus.APPROVED, start: date = START):
    company = make_company()
    make_user(Role.EMPLOYER, company=company)
    return make_course(company, start, status)


def test_the_plan_deadline_is_reminded_a_week_before_and_once(app) -> None:
    employer_course()
    run_due(PLAN_DEADLINE - timedelta(days=8))
    assert queued("deadline_plan") == []
    run_due(PLAN_DEADLINE - timedelta(days=7))
    run_due(PLAN_DEADLINE - timedelta(days=6))
    [message] = queued("deadline_plan")
    assert "31" in message.body_text


def test_no_plan_reminder_once_the_plan_is_submitted(app) -> None:
    from igu_admin.models import SchoolingPlan, SchoolingPlanVersion

    course = employer_course()
    plan = SchoolingPlan(agreement_id=course.id)
    db.session.add(plan)
    db.session.flush()
    db.session.add(SchoolingPlanVersion(plan_id=plan.id, number=1, data={}))
    db.session.commit()
    run_due(PLAN_DEADLINE - timedelta(days=3))
    assert queued("deadline_plan") == []


def test_no_reminder_after_a_deadline_has_passed(app) -> None:
    employer_course()
    assert run_due(PLAN_DEADLINE + timedelta(days=1)).reminders == 0
    assert queued("deadline_plan") == []


def test_the_course_end_is_reminded_to_both_sides(app) -> None:
    course = employer_course(AgreementStatus.ACTIVE, start=date(2025, 3, 3))
    caseworker = make_user(Role.CASEWORKER, municipality=course.municipality_code)
    assert course.end_date == date(2027, 3, 2)
    report = run_due(course.end_date - timedelta(days=2))
    assert report.reminders == 2
    recipients = {m.recipient_id for m in queued("deadline_course_end")}
    assert caseworker.id in recipients and len(recipients) == 2


def test_a_pending_extension_is_reminded_to_the_caseworkers_before_the_end(app) -> None:
    course = employer_course(AgreementStatus.ACTIVE, start=date(2025, 3, 3))
    caseworker = make_user(Role.CASEWORKER, municipality=course.municipality_code)
    db.session.add(CourseExtension(agreement_id=course.id, number=1, first_day=date(2027, 1, 4),
                                   last_day=date(2027, 2, 26), reason="parental_leave",
                                   status=ExtensionStatus.REQUESTED.value))
    db.session.commit()
    assert course.end_date is not None
    run_due(course.end_date - timedelta(days=1))
    [message] = queued("deadline_extension_decision")
    assert message.recipient_id == caseworker.id


def test_a_decided_extension_is_not_reminded(app) -> None:
    course = employer_course(AgreementStatus.ACTIVE, start=date(2025, 3, 3))
    make_user(Role.CASEWORKER, municipality=course.municipality_code)
    db.session.add(CourseExtension(agreement_id=course.id, number=1, first_day=date(2027, 1, 4),
                                   last_day=date(2027, 2, 26), reason="parental_leave",
                                   status=ExtensionStatus.REFUSED.value))
    db.session.commit()
    assert course.end_date is not None
    run_due(course.end_date - timedelta(days=1))
    assert queued("deadline_extension_decision") == []


def test_the_registration_in_vitas_is_reminded_unless_recorded(app) -> None:
    waiting = employer_course(AgreementStatus.ACTIVE)
    registered = employer_course(AgreementStatus.ACTIVE)
    registered.registered_on = START + timedelta(days=3)
    db.session.commit()
    registration_deadline = date(2027, 3, 31)  # a month from the start, from the rule set
    run_due(registration_deadline - timedelta(days=8))
    assert queued("deadline_registration") == []
    run_due(registration_deadline - timedelta(days=7))
    [message] = queued("deadline_registration")
    assert message.agreement_id == waiting.id
