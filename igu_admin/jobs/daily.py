"""The daily work (`igu-admin run-due`, and the scheduler every morning):
everything whose day has come by `as_of`.

Each step finds its rows and changes each in its own unit of work, so one
failure leaves the others done and a run can be stopped at any point. The
steps are idempotent by construction: a row is picked only while it is still
in the state the step changes (a second run finds nothing), and a run
`--as-of` a month later does the whole month's work once. Two runs at once
do each change once: on PostgreSQL each row is taken with FOR UPDATE SKIP
LOCKED, and re-checked under the lock.

The steps, in order (a later one sees what an earlier one changed):
  1. courses approved whose start date has come become active;
  2. courses whose recorded termination date has come are terminated;
  2b. approved amendments whose day has come write their terms to the agreement;
  3. reminders before the deadlines that come near (jobs/deadline_reminders);
  4. bonus claims whose due date has come fall due, with reminders (due now,
     deadline near), counted into the same report (jobs/claims_due);
  5. reminders to the caseworker before a course's next check-in
     (jobs/check_in_reminders).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import Select, select

from igu_admin.core.clock import today as danish_today
from igu_admin.core.lifecycle import change_status
from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.domain.lifecycle import Action, AgreementStatus, RecordKind
from igu_admin.extensions import db
from igu_admin.jobs import check_in_reminders, deadline_reminders
from igu_admin.jobs import claims_due as claim_due
from igu_admin.jobs.report import DueStep, RunDueReport
from igu_admin.models import Agreement, AgreementAmendment
from igu_admin.services.agreements import amendments
from igu_admin.services.course import end as course_end

RUNNING = (AgreementStatus.APPROVED.value, AgreementStatus.ACTIVE.value)


def each_locked(candidates: Select[Any], still_due: Callable[[int], Select[Any]]
                ) -> Iterator[Any]:
    """Every row `candidates` (a query of ids) finds, each loaded again under
    a row lock inside its own unit of work, and only while `still_due(id)`
    still finds it: another run (or a person) may have changed it since.
    The caller changes the row in the loop's body; the unit of work commits
    when the body is done and the next row is asked for."""
    for row_id in list(db.session.scalars(candidates)):
        with unit_of_work():
            row = db.session.scalar(still_due(row_id)
                                    .with_for_update(skip_locked=True)
                                    .execution_options(populate_existing=True))
            if row is not None:
                yield row


def activate_started_courses(as_of: date, report: RunDueReport) -> None:
    """Approved courses whose start date has come (on or before `as_of`) become active."""
    def due(agreement_id: int | None = None) -> Select[Any]:
        query = select(Agreement).where(Agreement.status == AgreementStatus.APPROVED.value,
                                        Agreement.start_date <= as_of)
        return query if agreement_id is None else query.where(Agreement.id == agreement_id)

    candidates = due().with_only_columns(Agreement.id).order_by(Agreement.id)
    for agreement in each_locked(candidates, due):
        change_status(agreement, RecordKind.AGREEMENT, Action.ACTIVATE, None,
                      as_of=as_of, start_date=agreement.start_date)
        report.activated += 1


def end_terminated_courses(as_of: date, report: RunDueReport) -> None:
    """Courses with a recorded termination dated on or before `as_of` are terminated."""
    def due(agreement_id: int | None = None) -> Select[Any]:
        query = select(Agreement).where(Agreement.status.in_(RUNNING),
                                        Agreement.termination_date <= as_of)
        return query if agreement_id is None else query.where(Agreement.id == agreement_id)

    candidates = due().with_only_columns(Agreement.id).order_by(Agreement.id)
    for agreement in each_locked(candidates, due):
        course_end.end_terminated(agreement, None)
        report.terminated += 1


def apply_amendments(as_of: date, report: RunDueReport) -> None:
    """Approved amendments whose day has come (on or before `as_of`) write
    their new terms to the agreement, in the order of their days."""
    def due(amendment_id: int | None = None) -> Select[Any]:
        return amendments.due_query(as_of, amendment_id)

    candidates = due().with_only_columns(AgreementAmendment.id).order_by(
        AgreementAmendment.effective_from, AgreementAmendment.number)
    for amendment in each_locked(candidates, due):
        agreement = db.session.get(Agreement, amendment.agreement_id)
        assert agreement is not None
        amendments.apply(None, agreement, amendment)
        report.amended += 1


# In order: a claim's step sees the courses as the steps before left them.
def claims_fall_due(as_of: date, report: RunDueReport) -> None:
    """Bonus claims whose due date has come fall due (their own batches and locks)."""
    done = claim_due.claims_due_step(as_of)
    report.due += done.due
    report.cancelled += done.cancelled
    report.reminders += done.reminders


STEPS: tuple[DueStep, ...] = (activate_started_courses, end_terminated_courses, apply_amendments,
                              deadline_reminders.remind_deadlines, claims_fall_due,
                              check_in_reminders.remind_check_ins)


def run_due(as_of: date | None = None) -> RunDueReport:
    """Do everything due on or before `as_of` (today in Denmark by default).
    Not one transaction: each change commits in its own unit of work."""
    report = RunDueReport(as_of=as_of or danish_today())
    for step in STEPS:
        step(report.as_of, report)
    return report
