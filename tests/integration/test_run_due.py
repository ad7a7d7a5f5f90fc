"""The daily work: courses start on their start date and end on a recorded
termination date; once, whenever and however often it runs."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from igu_admin.extensions import db
from igu_admin.jobs import daily
from igu_admin.jobs.daily import RunDueReport, run_due
from igu_admin.jobs.scheduler import build_scheduler
from igu_admin.models import Agreement, AgreementStatus, AuditEvent
from igu_admin.testing.accounts import make_company
from igu_admin.testing.agreements import make_course

START = date(2026, 3, 2)


def status_of(agreement: Agreement) -> str:
    db.session.expire_all()
    return db.session.get(Agreement, agreement.id).status


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "agreement", AuditEvent.action == action)))


def test_an_approved_course_becomes_active_on_its_start_date_and_not_before(app) -> None:
    course = make_course(make_company(), START, AgreementStatus.APPROVED)
    assert run_due(START - timedelta(days=1)) == RunDueReport(as_of=START - timedelta(days=1))
    assert status_of(course) == "approved"
    assert run_due(START).activated == 1
    assert status_of(course) == "active"
    [event] = events("activate")
    assert (event.actor_label, event.before, event.after["status"]) == (
        "system", {"status": "approved"}, "active")


def test_a_second_run_does_nothing(app) -> None:
    make_course(make_company(), START, AgreementStatus.APPROVED)
    first, second = run_due(START), run_due(START)
    assert (first.activated, second.activated) == (1, 0)
    assert len(events("activate")) == 1


def test_only_approved_courses_start(app) -> None:
    company = make_company()
    for status in (AgreementStatus.SUBMITTED, AgreementStatus.CHANGES_REQUESTED,
                   AgreementStatus.REJECTED, AgreementStatus.WITHDRAWN, AgreementStatus.DRAFT):
        make_course(company, START, status)
    assert run_due(START + timedelta(days=40)).activated == 0


def test_a_run_a_month_late_does_the_months_work_once(app) -> None:
    company = make_company()
    starts = [START + timedelta(days=d) for d in (0, 9, 30)]
    courses = [make_course(company, s, AgreementStatus.APPROVED) for s in starts]
    later = make_course(company, START + timedelta(days=31), AgreementStatus.APPROVED)
    ending = make_course(company, START - timedelta(days=100))
    ending.termination_date, ending.termination_reason = START + timedelta(days=15), "dismissal"
    planned = make_course(company, START - timedelta(days=100))
    planned.termination_date, planned.termination_reason = START + timedelta(days=45), "other"
    db.session.commit()
    report = run_due(START + timedelta(days=30))
    assert report.as_dict() == {"as_of": "2026-04-01", "activated": 3, "terminated": 1, "amended": 0,
                                "due": 0, "cancelled": 0, "reminders": 0, "check_ins_due": 0}
    assert [status_of(c) for c in courses] == ["active"] * 3
    assert (status_of(later), status_of(ending), status_of(planned)) == (
        "approved", "terminated", "active")
    assert run_due(START + timedelta(days=30)) == RunDueReport(as_of=START + timedelta(days=30))


def test_a_course_started_and_ended_within_the_missed_days_is_both(app) -> None:
    course = make_course(make_company(), START, AgreementStatus.APPROVED)
    course.termination_date, course.termination_reason = START + timedelta(days=3), "resignation"
    db.session.commit()
    report = run_due(START + timedelta(days=10))
    assert (report.activated, report.terminated) == (1, 1)
    assert [e.action for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "agreement", AuditEvent.entity_id == str(course.id))
        .order_by(AuditEvent.id))] == ["activate", "terminate"]


def test_a_terminated_course_stops_being_picked(app) -> None:
    course = make_course(make_company(), START)
    course.termination_date, course.termination_reason = START + timedelta(days=3), "other"
    db.session.commit()
    assert run_due(START + timedelta(days=3)).terminated == 1
    assert run_due(START + timedelta(days=300)).terminated == 0


def test_the_steps_run_in_order_and_the_claims_step_plugs_in(app, monkeypatch) -> None:
    seen: list[tuple[str, date]] = []

    def claims(as_of: date, report: RunDueReport) -> None:
        seen.append(("claims", as_of))
        report.due += 2

    monkeypatch.setattr(daily, "STEPS", (*daily.STEPS, claims))
    make_course(make_company(), START, AgreementStatus.APPROVED)
    report = run_due(START)
    assert (report.activated, report.due, seen) == (1, 2, [("claims", START)])


# -- the command and the scheduler -------------------------------------------------

def test_the_command_prints_the_counts_as_json(app) -> None:
    make_course(make_company(), START, AgreementStatus.APPROVED)
    result = app.test_cli_runner().invoke(args=["run-due", "--as-of", "2026-03-02", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"as_of": "2026-03-02", "activated": 1, "terminated": 0, "amended": 0,
                                         "due": 0, "cancelled": 0, "reminders": 0, "check_ins_due": 0}


def test_the_command_speaks_danish(app) -> None:
    result = app.test_cli_runner().invoke(args=["run-due", "--as-of", "2026-03-02"])
    assert result.exit_code == 0
    assert "forløb startet: 0" in result.output


def test_a_bad_date_exits_2(app) -> None:
    result = app.test_cli_runner().invoke(args=["run-due", "--as-of", "2026-02-30"])
    assert result.exit_code == 2 and "--as-of" in result.output


def test_the_scheduler_runs_it_every_morning_in_copenhagen(app) -> None:
    job = build_scheduler(app).get_job("run_due")
    assert job is not None and job.args[1] is run_due
    fields = {f.name: str(f) for f in job.trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("5", "30")
    assert str(job.trigger.timezone) == "Europe/Copenhagen"
    assert job.coalesce is True and job.max_instances == 1


def test_the_scheduled_job_uses_today_and_audits_as_the_job(app) -> None:
    from igu_admin.core.clock import today
    from igu_admin.jobs.scheduler import run_in_app

    course = make_course(make_company(), today(), AgreementStatus.APPROVED)
    run_in_app(app, run_due)
    assert status_of(course) == "active"
    assert {e.channel for e in events("activate")} == {"job"}


# -- two runs at once ------------------------------------------------------------------

def test_two_runs_at_once_start_each_course_once(app, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite takes one writer at a time; the race is PostgreSQL's")
    company = make_company()
    courses = [make_course(company, START, AgreementStatus.APPROVED) for _ in range(40)]
    barrier = threading.Barrier(2)
    reports: list[RunDueReport] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with app.app_context():
                barrier.wait()
                reports.append(run_due(START))
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sum(r.activated for r in reports) == len(courses)
    per_course = db.session.execute(select(AuditEvent.entity_id, func.count()).where(
        AuditEvent.action == "activate").group_by(AuditEvent.entity_id)).all()
    assert sorted(int(i) for i, _ in per_course) == sorted(c.id for c in courses)
    assert {n for _, n in per_course} == {1}
