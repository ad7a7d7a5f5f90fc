"""Sending the outbox: .eml files by default, SMTP when configured; retries
that never undo the change; one sender per message; the scheduler and CLI."""

from __future__ import annotations

import smtplib
import ssl
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from apscheduler.triggers.cron import CronTrigger
from flask import Flask
from sqlalchemy import func, select, text

from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.jobs import mail_delivery
from igu_admin.jobs.mail_delivery import (
    EmlWriter,
    SmtpTransport,
    retry_delay,
    send_pending,
    transport_from_config,
)
from igu_admin.jobs.scheduler import build_scheduler
from igu_admin.models import Agreement, AgreementStatus, AuditEvent, OutboxMessage, Role, User
from igu_admin.models.base import utcnow
from igu_admin.services import agreements, notifications
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_agreement
from tests.integration.test_notifications import CPR, complete
from tests.smtp_sink import SmtpSink

CPR_FORMS = (CPR.encode(), CPR.replace("-", "").encode())


def person(role: Role, language: str = "da", **where: Any) -> User:
    user = make_user(role, **where)
    user.preferred_language = language
    db.session.commit()
    return user


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def submitted_agreement() -> Agreement:
    employer = make_user(Role.EMPLOYER)
    draft = agreements.create_draft(employer, parse_changes(complete()))
    agreements.submit(employer, draft, draft.lock_version)
    return draft


def parse(data: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return message


class Recorder:
    """A transport that keeps what it is given, failing for the addresses in
    `fail_for` as many times as their count says."""

    def __init__(self, fail_for: dict[str, int] | None = None) -> None:
        self.sent: list[tuple[EmailMessage, str]] = []
        self.fail_for = dict(fail_for or {})

    def send(self, email: EmailMessage, name: str) -> None:
        if self.fail_for.get(email["To"], 0) > 0:
            self.fail_for[email["To"]] -= 1
            raise ConnectionRefusedError(f"refused for {email['To']}")
        self.sent.append((email, name))


def test_messages_are_written_as_eml_files_a_mail_program_reads_with_no_cpr_anywhere(
        app, tmp_path: Path) -> None:
    person(Role.CASEWORKER)
    person(Role.CASEWORKER, language="en")
    agreement = submitted_agreement()
    notifications.agreement_decided(agreement, "request_changes", f"Se {CPR} / 1505951234.")
    queued = outbox()
    assert len(queued) == 3
    now = utcnow()

    assert send_pending(now, transport=EmlWriter(tmp_path)) == mail_delivery.DeliveryReport(3, 0)

    files = sorted(tmp_path.iterdir())
    assert [f.name for f in files] == [f"{m.id:08d}-{m.kind}.eml" for m in queued]
    for path, row in zip(files, outbox(), strict=True):
        data = path.read_bytes()
        email = parse(data)
        assert (email["To"], email["Subject"]) == (row.recipient_email, row.subject)
        assert email["From"] == app.config["IGU_MAIL_FROM"]
        assert email["Content-Language"] == row.language
        assert email.get_content() == row.body_text
        assert f"/agreements/{agreement.id}" in email.get_content()
        # Neither in the file's bytes nor in the decoded text, in either form.
        for cpr in CPR_FORMS:
            assert cpr not in data
            assert cpr.decode() not in email.get_content()
            assert cpr.decode() not in email["Subject"]
        assert (row.sent_at, row.attempts, row.last_error) == (now, 1, None)
    assert "venter på jeres behandling" in parse(files[0].read_bytes())["Subject"]
    # Sent is sent.
    assert send_pending(now + timedelta(hours=1), transport=EmlWriter(tmp_path)) == (
        mail_delivery.DeliveryReport(0, 0))


def test_without_an_smtp_host_the_instance_outbox_gets_the_files(app, tmp_path: Path,
                                                                monkeypatch) -> None:
    writer = transport_from_config(app.config, tmp_path)
    assert isinstance(writer, EmlWriter) and writer.folder == tmp_path / "outbox"
    smtp = transport_from_config({**app.config, "IGU_SMTP_HOST": "mail.example.dk",
                                  "IGU_SMTP_USER": "igu"}, tmp_path)
    assert smtp == SmtpTransport(host="mail.example.dk", port=587, user="igu", password="",
                                 starttls=True, timeout=30)
    # And send_pending uses it when given no transport.
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    person(Role.CASEWORKER)
    notifications.agreement_submitted(make_agreement(make_company()))
    assert send_pending(utcnow()).sent == 1
    assert len(list((tmp_path / "outbox").glob("*-agreement_submitted.eml"))) == 1


def test_a_failed_send_is_retried_after_its_wait_and_never_touches_the_agreement(app) -> None:
    flaky = person(Role.CASEWORKER)
    steady = person(Role.CASEWORKER)
    agreement = submitted_agreement()
    before = (agreement.status, agreement.lock_version, agreement.updated_at)
    events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    transport = Recorder(fail_for={flaky.email: 1})
    now = utcnow()

    # One failure undoes nothing else: the other message is sent.
    assert send_pending(now, transport=transport) == mail_delivery.DeliveryReport(1, 1)
    failed, sent = sorted(outbox(), key=lambda m: m.recipient_id != flaky.id)
    assert [email["To"] for email, _ in transport.sent] == [steady.email]
    assert (failed.sent_at, failed.attempts, failed.last_error) == (
        None, 1, "ConnectionRefusedError")
    assert failed.next_attempt_at == now + timedelta(minutes=5)
    assert sent.sent_at == now
    db.session.refresh(agreement)
    assert (agreement.status, agreement.lock_version, agreement.updated_at) == before
    assert agreement.status == AgreementStatus.SUBMITTED
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events

    # Not before its wait; then sent, with the same Message-ID.
    assert send_pending(now + timedelta(minutes=4), transport=transport) == (
        mail_delivery.DeliveryReport(0, 0))
    later = now + timedelta(minutes=5)
    assert send_pending(later, transport=transport) == mail_delivery.DeliveryReport(1, 0)
    retried = next(m for m in outbox() if m.id == failed.id)
    assert (retried.sent_at, retried.attempts, retried.last_error) == (later, 2, None)
    assert transport.sent[-1][0]["To"] == flaky.email
    assert transport.sent[-1][1] == f"{failed.id:08d}-agreement_submitted"


def test_after_the_last_attempt_a_message_is_left_for_an_administrator(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "IGU_MAIL_MAX_ATTEMPTS", 2)
    caseworker = person(Role.CASEWORKER)
    notifications.agreement_submitted(make_agreement(make_company()))
    transport = Recorder(fail_for={caseworker.email: 99})
    now = utcnow()
    assert send_pending(now, transport=transport).failed == 1
    assert send_pending(now + timedelta(days=1), transport=transport).failed == 1
    assert send_pending(now + timedelta(days=30), transport=transport) == (
        mail_delivery.DeliveryReport(0, 0))
    (message,) = outbox()
    assert (message.attempts, message.sent_at, message.last_error) == (
        2, None, "ConnectionRefusedError")


def test_the_wait_doubles_from_the_setting_up_to_a_day(app) -> None:
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (5, 10, 20, 40)]
    assert retry_delay(9) == timedelta(minutes=1280)
    assert retry_delay(10) == retry_delay(50) == timedelta(days=1)


def test_sending_refuses_to_run_inside_a_unit_of_work(app) -> None:
    with pytest.raises(RuntimeError, match="outside any unit of work"), unit_of_work():
        send_pending(utcnow(), transport=Recorder())


def test_a_message_another_scheduler_is_sending_is_skipped(app) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks: PostgreSQL (SQLite serves one process)")
    person(Role.CASEWORKER)
    notifications.agreement_submitted(make_agreement(make_company()))
    (message,) = outbox()
    transport = Recorder()
    with db.engine.connect() as other:  # the other scheduler, mid-send
        other.execute(text("SELECT id FROM outbox_message WHERE id = :id FOR UPDATE"),
                      {"id": message.id})
        assert send_pending(utcnow(), transport=transport) == mail_delivery.DeliveryReport(0, 0)
        other.rollback()
    assert transport.sent == []
    assert send_pending(utcnow(), transport=transport) == mail_delivery.DeliveryReport(1, 0)


@pytest.fixture
def sink():
    server = SmtpSink()
    yield server
    server.close()


def use_sink(app: Flask, monkeypatch, sink: SmtpSink) -> None:
    for key, value in {"IGU_SMTP_HOST": "127.0.0.1", "IGU_SMTP_PORT": sink.port,
                       "IGU_SMTP_USER": "igu", "IGU_SMTP_PASSWORD": "s3cret",
                       "IGU_SMTP_STARTTLS": False, "IGU_MAIL_FROM": "IGU <igu@kommune.dk>"}.items():
        monkeypatch.setitem(app.config, key, value)


def test_smtp_delivers_to_the_configured_server_with_its_login(app, monkeypatch, sink) -> None:
    use_sink(app, monkeypatch, sink)
    english = person(Role.CASEWORKER, language="en")
    agreement = submitted_agreement()
    assert send_pending(utcnow()) == mail_delivery.DeliveryReport(1, 0)
    (received,) = sink.messages
    assert sink.logins == [("igu", "s3cret")]
    assert (received.sender, received.recipients) == ("igu@kommune.dk", [english.email])
    email = parse(received.data)
    assert email["Subject"] == f"IGU agreement no. {agreement.id} awaits your review"
    assert email["Message-ID"].endswith("@kommune.dk>")
    for cpr in CPR_FORMS:
        assert cpr not in received.data


def test_a_refused_recipient_keeps_the_error_class_not_the_servers_words(app, monkeypatch,
                                                                       sink) -> None:
    use_sink(app, monkeypatch, sink)
    sink.refuse_recipients()
    caseworker = person(Role.CASEWORKER)
    notifications.agreement_submitted(make_agreement(make_company()))
    assert send_pending(utcnow()) == mail_delivery.DeliveryReport(0, 1)
    (message,) = outbox()
    assert message.last_error == "SMTPRecipientsRefused"
    assert caseworker.email not in message.last_error
    assert sink.messages == []


def test_smtp_starts_tls_before_it_logs_in(app, monkeypatch) -> None:
    calls: list[Any] = []

    class RecordingSMTP:
        def __init__(self, host: str, port: int, timeout: float) -> None:
            calls.append(("connect", host, port, timeout))

        def __enter__(self) -> RecordingSMTP:
            return self

        def __exit__(self, *exc: object) -> None:
            calls.append("quit")

        def starttls(self, context: ssl.SSLContext) -> None:
            calls.append(("starttls", isinstance(context, ssl.SSLContext)))

        def login(self, user: str, password: str) -> None:
            calls.append(("login", user))

        def send_message(self, email: EmailMessage) -> None:
            calls.append(("send", email["To"]))

    monkeypatch.setattr(smtplib, "SMTP", RecordingSMTP)
    SmtpTransport("mail.example.dk", 587, "igu", "pw").send(_email("a@example.dk"), "1-x")
    SmtpTransport("relay", 25, starttls=False).send(_email("b@example.dk"), "2-x")
    assert calls == [("connect", "mail.example.dk", 587, 30), ("starttls", True),
                     ("login", "igu"), ("send", "a@example.dk"), "quit",
                     ("connect", "relay", 25, 30), ("send", "b@example.dk"), "quit"]


def _email(to: str) -> EmailMessage:
    email = EmailMessage()
    email["To"] = to
    email.set_content("x")
    return email


def test_the_command_sends_what_is_due_once(app, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    person(Role.CASEWORKER)
    notifications.agreement_submitted(make_agreement(make_company()))
    result = app.test_cli_runner().invoke(args=["mail", "send-pending"])
    assert result.exit_code == 0, result.output
    assert "E-mails sendt: 1. Fejlede: 0." in result.output
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1
    again = app.test_cli_runner().invoke(args=["mail", "send-pending", "--limit", "5"])
    assert "E-mails sendt: 0." in again.output


def test_the_scheduler_drains_the_outbox_every_minute(app) -> None:
    job = build_scheduler(app).get_job("send_pending_mail")
    assert job is not None
    assert tuple(job.args) == (app, send_pending)
    assert isinstance(job.trigger, CronTrigger)
    assert str(job.trigger.fields[job.trigger.FIELD_NAMES.index("minute")]) == "*"
    assert str(job.trigger.fields[job.trigger.FIELD_NAMES.index("second")]) == "0"
    assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 60)
