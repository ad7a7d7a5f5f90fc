"""Reminders before the course's deadlines, as a step of the daily work.

A reminder is queued when a deadline lies within IGU_REMINDER_LEAD_DAYS of
`as_of` (and has not passed): the schooling plan in place by the end of the
first month, the agreement's registration in VITAS, the course's end, and the municipality's decision on an
extension requested before the course would end. The outbox queues each
reminder once per recipient, deadline and day (its dedupe key), so the step
is idempotent and safe with two schedulers running at once.

Only agreements with a date inside a narrow window are read: the cost grows
with the deadlines that come near, not with the agreements.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from igu_admin.core.rules_in_force import catalogue
from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.domain.lifecycle import AgreementStatus, ExtensionStatus
from igu_admin.domain.rule_parts import CourseRule, SchoolingRule
from igu_admin.extensions import db
from igu_admin.jobs.report import RunDueReport
from igu_admin.models import Agreement, CourseExtension
from igu_admin.services import notifications
from igu_admin.services.notifications.messages import DeadlineKind
from igu_admin.services.plans import building as schooling_plans
from igu_admin.services.review import next_steps

A = AgreementStatus
# A plan's deadline is at most this many days after the start (a month and
# a day): the query's window for agreements whose plan deadline may be near.
_LONGEST_MONTH_DAYS = 31


def lead_days() -> int:
    return int(current_app.config["IGU_REMINDER_LEAD_DAYS"])


def _near(deadline: date | None, as_of: date, lead: int) -> bool:
    return deadline is not None and as_of <= deadline <= as_of + timedelta(days=lead)


def remind_deadlines(as_of: date, report: RunDueReport) -> None:
    """Queue the reminders for every deadline near `as_of`; count them."""
    lead = lead_days()
    with unit_of_work():
        report.reminders += _plan_deadlines(as_of, lead)
        report.reminders += _registrations(as_of, lead)
        report.reminders += _course_ends(as_of, lead)
        report.reminders += _extension_decisions(as_of, lead)


def _plan_deadlines(as_of: date, lead: int) -> int:
    months = _LONGEST_MONTH_DAYS * _plan_deadline_months_most()
    candidates = list(db.session.scalars(select(Agreement).where(
        Agreement.status.in_((A.SUBMITTED.value, A.CHANGES_REQUESTED.value, A.APPROVED.value,
                              A.ACTIVE.value)),
        Agreement.start_date >= as_of - timedelta(days=months),
        Agreement.start_date <= as_of + timedelta(days=lead))))
    queued = 0
    for agreement_id, deadline in schooling_plans.open_deadlines(candidates).items():
        if _near(deadline, as_of, lead):
            agreement = db.session.get(Agreement, agreement_id)
            assert agreement is not None
            queued += notifications.deadline_reminder(agreement, DeadlineKind.PLAN, deadline)
    return queued


def _registrations(as_of: date, lead: int) -> int:
    """An approved agreement not yet recorded as registered in VITAS."""
    window = _LONGEST_MONTH_DAYS * _registration_months_most()
    queued = 0
    for agreement in db.session.scalars(select(Agreement).where(
            Agreement.status.in_((A.APPROVED.value, A.ACTIVE.value)),
            Agreement.registered_on.is_(None),
            Agreement.start_date >= as_of - timedelta(days=window),
            Agreement.start_date <= as_of + timedelta(days=lead))):
        deadline = next_steps.registration_deadline(agreement)
        if _near(deadline, as_of, lead):
            assert deadline is not None
            queued += notifications.deadline_reminder(agreement, DeadlineKind.REGISTRATION,
                                                      deadline)
    return queued


def _registration_months_most() -> int:
    # The longest registration deadline any rule set gives (data; a month as shipped).
    return max(part.registration_deadline_months
               for code in catalogue().codes
               for part in catalogue().get(code).versions("course")
               if isinstance(part, CourseRule))


def _plan_deadline_months_most() -> int:
    # The longest deadline any rule set gives (data; one month in the shipped sets).
    return max(part.plan_deadline_months
               for code in catalogue().codes
               for part in catalogue().get(code).versions("schooling")
               if isinstance(part, SchoolingRule))


def _course_ends(as_of: date, lead: int) -> int:
    queued = 0
    for agreement in db.session.scalars(select(Agreement).where(
            Agreement.status == A.ACTIVE.value,
            Agreement.end_date >= as_of, Agreement.end_date <= as_of + timedelta(days=lead))):
        assert agreement.end_date is not None
        queued += notifications.deadline_reminder(agreement, DeadlineKind.COURSE_END,
                                                  agreement.end_date)
    return queued


def _extension_decisions(as_of: date, lead: int) -> int:
    """An extension must be decided before the course would end without it."""
    queued = 0
    pending = select(CourseExtension.agreement_id).where(
        CourseExtension.status == ExtensionStatus.REQUESTED.value)
    for agreement in db.session.scalars(select(Agreement).where(
            Agreement.id.in_(pending), Agreement.status == A.ACTIVE.value,
            Agreement.end_date >= as_of, Agreement.end_date <= as_of + timedelta(days=lead))):
        assert agreement.end_date is not None
        queued += notifications.deadline_reminder(agreement, DeadlineKind.EXTENSION_DECISION,
                                                  agreement.end_date)
    return queued
