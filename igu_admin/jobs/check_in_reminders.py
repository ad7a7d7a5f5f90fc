"""Reminders before the follow-up's check-ins, as a step of the daily work.

A course's next check-in (services.follow_up) that lies within
IGU_REMINDER_LEAD_DAYS of `as_of` (and has not passed) is reminded to the
caseworker who has the case. A window, not "exactly a week ahead": a day the
daily work did not run is made up by the next run. The outbox queues each
reminder once per course, check-in day and caseworker (its dedupe key), so
a later run inside the window, or a second scheduler at the same time,
queues nothing more; a check-in moved to another day is reminded anew.
"""

from __future__ import annotations

from datetime import date, timedelta

from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.jobs.deadline_reminders import lead_days
from igu_admin.jobs.report import RunDueReport
from igu_admin.services import follow_up, notifications


def remind_check_ins(as_of: date, report: RunDueReport) -> None:
    """Queue the reminders of the check-ins near `as_of`; count them."""
    with unit_of_work():
        for course in follow_up.check_ins_between(as_of, as_of + timedelta(days=lead_days())):
            assert course.next_check_in is not None
            report.check_ins_due += notifications.check_in_reminder(course.agreement,
                                                                    course.next_check_in)
