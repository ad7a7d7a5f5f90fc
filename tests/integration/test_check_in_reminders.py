"""Reminders before a course's next check-in, queued by the daily work to the
caseworker who has the case: a week before, once, never across municipalities,
never with a CPR number."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from sqlalchemy import select

from igu_admin.extensions import db
from igu_admin.jobs.daily import run_due
from igu_admin.models import Agreement, OutboxMessage, Role, User
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_course, make_trainee

START = date(2027, 3, 1)
# The first check-in of the shipped setting (IGU_FOLLOW_UP_MONTHS "1,3,..."): a month in.
FIRST_CHECK_IN = date(2027, 4, 1)
CPR = "150595-1234"


def queued() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "check_in_due").order_by(OutboxMessage.id)))


def assigned_course(caseworker_municipality: str = "101") -> tuple[Agreement, User]:
    company = make_company(municipality="101")
    course = make_course(company, START, trainee=make_trainee(CPR, municipality="101"))
    caseworker = make_user(Role.CASEWORKER, municipality=caseworker_municipality)
    course.assigned_caseworker_id = caseworker.id
    db.session.commit()
    return course, caseworker


def test_the_check_in_is_reminded_to_the_caseworker_a_week_before_and_once(app) -> None:
    course, caseworker = assigned_course()
    make_user(Role.CASEWORKER, municipality="101")  # a colleague without the case
    assert run_due(FIRST_CHECK_IN - timedelta(days=8)).check_ins_due == 0
    assert run_due(FIRST_CHECK_IN - timedelta(days=7)).check_ins_due == 1
    assert run_due(FIRST_CHECK_IN - timedelta(days=7)).check_ins_due == 0
    assert run_due(FIRST_CHECK_IN - timedelta(days=2)).check_ins_due == 0
    [message] = queued()
    assert message.recipient_id == caseworker.id and message.agreement_id == course.id
    assert message.language == "da"
    assert "opfølgning" in message.body_text.lower() or "follow-up" in message.body_text
    assert f"/caseworker/agreements/{course.id}/follow-up" in message.body_text


def test_a_missed_week_start_is_made_up_within_the_week(app) -> None:
    assigned_course()
    assert run_due(FIRST_CHECK_IN - timedelta(days=3)).check_ins_due == 1
    assert run_due(FIRST_CHECK_IN + timedelta(days=1)).check_ins_due == 0
    assert len(queued()) == 1


def test_no_reminder_without_an_assigned_caseworker(app) -> None:
    course, _ = assigned_course()
    course.assigned_caseworker_id = None
    db.session.commit()
    assert run_due(FIRST_CHECK_IN - timedelta(days=7)).check_ins_due == 0
    assert queued() == []


def test_no_reminder_to_a_caseworker_of_another_municipality(app) -> None:
    assigned_course(caseworker_municipality="751")
    assert run_due(FIRST_CHECK_IN - timedelta(days=7)).check_ins_due == 0
    assert queued() == []


def test_no_cpr_number_in_the_reminder(app) -> None:
    assigned_course()
    run_due(FIRST_CHECK_IN - timedelta(days=7))
    [message] = queued()
    text = message.subject + message.body_text
    assert not re.search(r"\d{6}-?\s?\d{4}", text), text
    assert "1505951234" not in text and CPR not in text


def test_run_due_json_reports_the_check_ins_due(app) -> None:
    assigned_course()
    day = (FIRST_CHECK_IN - timedelta(days=7)).isoformat()
    result = app.test_cli_runner().invoke(args=["run-due", "--as-of", day, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["check_ins_due"] == 1
