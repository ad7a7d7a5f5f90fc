"""The daily claims step: claims fall due on their day, once, with their
audit event and reminders; a late run catches up; two runs at once move each
claim once."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.extensions import db
from igu_admin.jobs import claims_due as claim_due
from igu_admin.jobs.claims_due import claims_due_step
from igu_admin.models import AuditEvent, BonusClaim, ClaimStatus, OutboxMessage, Role
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.claims import START, approved, claims_of, handlers

SIX_MONTHS_DUE = date(2026, 9, 1)  # of a course from 1 March 2026


def fall_due_events() -> Counter[str]:
    return Counter(db.session.scalars(select(AuditEvent.entity_id).where(
        AuditEvent.entity_type == "claim", AuditEvent.action == "fall_due")))


def outbox(kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def test_nothing_falls_due_before_its_day(app) -> None:
    agreement = approved()
    report = claims_due_step(SIX_MONTHS_DUE - timedelta(days=1))
    assert (report.due, report.cancelled, report.reminders) == (0, 0, 0)
    assert {c.status for c in claims_of(agreement).values()} == {ClaimStatus.SCHEDULED}


def test_claims_fall_due_on_their_day_with_an_audit_event_and_a_reminder_each(app) -> None:
    agreement = approved(programme_start=date(2025, 6, 1))
    employer, finance = handlers(agreement)
    make_user(Role.EMPLOYER)  # of another company: not told
    make_user(Role.FINANCE, municipality="751")  # of another municipality: not told
    report = claims_due_step(SIX_MONTHS_DUE)
    assert (report.due, report.cancelled, report.reminders) == (2, 0, 2)
    claims = claims_of(agreement)
    assert claims["company_bonus_6_months"].status == ClaimStatus.DUE
    assert claims["municipality_result_grant"].status == ClaimStatus.DUE
    assert claims["company_bonus_completion"].status == ClaimStatus.SCHEDULED
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "fall_due")).all()
    assert len(events) == 2
    assert all(e.actor_id is None and e.actor_label == "system" for e in events)
    assert all(e.before == {"status": "scheduled"} and e.after["status"] == "due" for e in events)
    messages = {m.recipient_id: m for m in outbox("claim_due")}
    assert set(messages) == {employer.id, finance.id}
    company_mail, municipal_mail = messages[employer.id], messages[finance.id]
    assert "Virksomhedsbonus efter 6 måneder" in company_mail.subject
    assert f"/employer/claims/{claims['company_bonus_6_months'].id}" in company_mail.body_text
    assert "20.000,00" in company_mail.body_text
    assert f"/finance/claims/{claims['municipality_result_grant'].id}" in municipal_mail.body_text
    assert "1. september 2026" in municipal_mail.body_text


def test_a_second_run_does_nothing(app) -> None:
    agreement = approved()
    handlers(agreement)
    claims_due_step(SIX_MONTHS_DUE)
    again = claims_due_step(SIX_MONTHS_DUE)
    assert (again.due, again.cancelled, again.reminders) == (0, 0, 0)
    assert fall_due_events() == Counter({str(claims_of(agreement)["company_bonus_6_months"].id): 1})
    assert len(outbox("claim_due")) == 1


def test_a_run_a_month_late_does_the_months_work_once(app) -> None:
    early = approved(start=date(2026, 2, 10))  # due 10 August
    late = approved(start=date(2026, 3, 5))  # due 5 September
    after = approved(start=date(2026, 4, 2))  # due 2 October: not yet
    for agreement in (early, late, after):
        handlers(agreement)
    report = claims_due_step(date(2026, 9, 15))
    assert (report.due, report.reminders) == (2, 2)
    assert claims_of(early)["company_bonus_6_months"].status == ClaimStatus.DUE
    assert claims_of(late)["company_bonus_6_months"].status == ClaimStatus.DUE
    assert claims_of(after)["company_bonus_6_months"].status == ClaimStatus.SCHEDULED
    assert claims_due_step(date(2026, 9, 15)).due == 0


def test_many_claims_fall_due_in_batches(app, monkeypatch) -> None:
    monkeypatch.setattr(claim_due, "BATCH", 3)
    company = make_company()
    made = [approved(company, start=START + timedelta(days=i)) for i in range(7)]
    report = claims_due_step(SIX_MONTHS_DUE + timedelta(days=10))
    assert report.due == 7
    assert sum(fall_due_events().values()) == 7
    assert all(claims_of(a)["company_bonus_6_months"].status == ClaimStatus.DUE for a in made)


def test_the_deadline_is_reminded_of_once_within_the_reminder_days(app) -> None:
    agreement = approved()
    employer, _finance = handlers(agreement)
    assert claims_due_step(date(2028, 3, 1)).due == 2  # both claims, with their reminders
    completion = claims_of(agreement)["company_bonus_completion"]
    deadline = completion.deadline
    assert completion.status == ClaimStatus.DUE and deadline == date(2029, 3, 1)
    days = app.config["IGU_CLAIM_DEADLINE_REMINDER_DAYS"]
    assert claims_due_step(deadline - timedelta(days=days + 1)).reminders == 0
    lock_version = claims_of(agreement)["company_bonus_completion"].lock_version
    assert claims_due_step(deadline - timedelta(days=days)).reminders == 1
    assert claims_due_step(deadline - timedelta(days=days - 3)).reminders == 0
    reminded = claims_of(agreement)["company_bonus_completion"]
    assert reminded.deadline_reminded_at is not None
    assert reminded.lock_version == lock_version  # bookkeeping: no one's form goes stale
    [message] = outbox("claim_deadline")
    assert message.recipient_id == employer.id
    assert "1. marts 2029" in message.body_text


def test_a_passed_deadline_or_a_claim_sent_is_not_reminded_of(app) -> None:
    sent, passed = approved(), approved()
    for agreement in (sent, passed):
        handlers(agreement)
    claims_due_step(date(2028, 3, 1))
    with unit_of_work():
        claims_of(sent)["company_bonus_completion"].status = ClaimStatus.SUBMITTED
    assert claims_due_step(date(2029, 3, 2)).reminders == 0  # the deadline has passed
    assert claims_due_step(date(2029, 2, 20)).reminders == 1  # the unsent one only
    [message] = outbox("claim_deadline")
    assert str(claims_of(passed)["company_bonus_completion"].id) in message.dedupe_key


def test_the_run_due_command_prints_its_counts_as_json(app) -> None:
    approved()
    result = app.test_cli_runner().invoke(args=["claims", "run-due", "--as-of", "2026-09-01",
                                                "--json"])
    assert result.exit_code == 0, result.output
    import json

    assert json.loads(result.output) == {"as_of": "2026-09-01", "due": 1, "cancelled": 0,
                                         "reminders": 0}
    words = app.test_cli_runner().invoke(args=["claims", "run-due", "--as-of", "2026-09-01"])
    assert words.exit_code == 0 and "0" in words.output


def test_the_run_due_command_refuses_an_impossible_date(app) -> None:
    result = app.test_cli_runner().invoke(args=["claims", "run-due", "--as-of", "2026-02-30"])
    assert result.exit_code == 2


def test_two_runs_at_once_move_every_claim_exactly_once(app, backend, monkeypatch) -> None:
    """Two schedulers, each with its own session, race over the same claims."""
    if backend != "postgresql":
        pytest.skip("row locks (SKIP LOCKED) are PostgreSQL's; SQLite runs one process")
    monkeypatch.setattr(claim_due, "BATCH", 25)
    moving = claim_due._fall_due

    def slowly(claims, report) -> None:
        moving(claims, report)
        time.sleep(0.05)  # hold the batch's row locks a while: the other run must skip them

    monkeypatch.setattr(claim_due, "_fall_due", slowly)
    companies = [make_company() for _ in range(4)]
    for company in companies:
        make_user(Role.EMPLOYER, company=company)
    agreements = [approved(companies[i % 4], start=START + timedelta(days=i % 20))
                  for i in range(120)]
    db.session.remove()
    reports: list[claim_due.ClaimStepReport] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            with app.app_context():
                barrier.wait()
                reports.append(claims_due_step(SIX_MONTHS_DUE + timedelta(days=30)))
                db.session.remove()
        except BaseException as error:  # the test fails below with it
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(r.due > 0 for r in reports)  # both runs took batches: they did race
    assert sum(r.due for r in reports) == 120
    events = fall_due_events()
    assert len(events) == 120 and set(events.values()) == {1}
    assert db.session.scalar(select(func.count()).select_from(BonusClaim)
                             .where(BonusClaim.status == ClaimStatus.DUE)) == 120
    # One reminder per claim and recipient, whichever run queued it.
    assert sum(r.reminders for r in reports) == len(outbox("claim_due")) == 120
    assert len(agreements) == 120
    # The day sums counted both runs' changes, each once.
    from tests.integration.test_claim_sums import live, stored

    assert stored() == live()


def test_a_claim_whose_course_ended_before_its_milestone_is_cancelled_not_due(
        app, monkeypatch) -> None:
    """A termination the claims were not yet resynced for (the course's events
    record its date on the agreement)."""
    agreement = approved()
    handlers(agreement)
    monkeypatch.setattr(claim_due, "termination_date", lambda _agreement: date(2026, 8, 30))
    report = claims_due_step(SIX_MONTHS_DUE)
    assert (report.due, report.cancelled, report.reminders) == (0, 1, 0)
    six = claims_of(agreement)["company_bonus_6_months"]
    assert (six.status, six.cancel_reason) == (ClaimStatus.CANCELLED, "terminated")
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_id == str(six.id))
                                .order_by(AuditEvent.id)).all()
    assert events[-1].action == "cancel" and events[-1].after["reason"] == "terminated"
    from tests.integration.test_claim_sums import live, stored

    assert stored() == live()


def test_a_batch_changed_meanwhile_by_another_writer_is_refused_whole(app) -> None:
    from sqlalchemy import update

    from igu_admin.core.errors import ConflictError
    from igu_admin.core.lifecycle import change_statuses
    from igu_admin.domain.lifecycle import Action, RecordKind

    first, second = approved(), approved()
    batch = [claims_of(first)["company_bonus_6_months"],
             claims_of(second)["company_bonus_6_months"]]
    db.session.execute(update(BonusClaim).where(BonusClaim.id == batch[1].id)
                       .values(status=ClaimStatus.CANCELLED)
                       .execution_options(synchronize_session=False))  # another writer, unseen
    with pytest.raises(ConflictError), unit_of_work():
        change_statuses(batch, RecordKind.CLAIM, Action.FALL_DUE, None)
    assert claims_of(first)["company_bonus_6_months"].status == ClaimStatus.SCHEDULED
    assert fall_due_events() == Counter()


def test_each_reminder_is_in_its_recipients_language(app) -> None:
    agreement = approved(programme_start=date(2025, 6, 1))
    danish, english = handlers(agreement)
    english.preferred_language = "en"
    db.session.commit()
    claims_due_step(SIX_MONTHS_DUE)
    messages = {m.recipient_id: m for m in outbox("claim_due")}
    assert messages[danish.id].subject.startswith("Bonuskrav forfaldet: ")
    assert messages[english.id].subject.startswith("Bonus claim due: Result grant to the")
    assert "1 September 2026" in messages[english.id].body_text
    assert messages[english.id].language == "en"
