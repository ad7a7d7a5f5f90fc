"""Sending what the outbox holds: after the changes that queued it committed.

`send_pending` takes the messages that are due, each in its own short
transaction: the row is locked (on PostgreSQL with SKIP LOCKED, so two
schedulers never send one message twice), sent, and marked sent or failed.
A failure counts an attempt, waits longer each time and keeps the error's
class name, never its text; after IGU_MAIL_MAX_ATTEMPTS a message is left
unsent for an administrator to look at. One failure undoes nothing else.

Delivery is at least once: if the database is lost between a send and its
commit, the message goes again (with the same Message-ID, so mail clients
can tell).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any, Protocol

from flask import current_app
from sqlalchemy import select

from igu_admin.core.unit_of_work import in_unit_of_work, unit_of_work
from igu_admin.extensions import db
from igu_admin.models import OutboxMessage
from igu_admin.models.base import utcnow
from igu_admin.services.notifications import INVITATION_KIND, PASSWORD_RESET_KIND

__all__ = ["DeliveryReport", "EmlWriter", "SmtpTransport", "Transport", "as_email",
           "retry_delay", "send_pending", "transport_from_config"]

log = logging.getLogger(__name__)

# However many attempts have failed, the next is at most this far off.
MAX_RETRY_DELAY = timedelta(days=1)
# Messages whose text is blanked once sent: a password reset or invitation
# link must live on only in the recipient's mailbox, not in the database.
FORGOTTEN_ONCE_SENT = frozenset({PASSWORD_RESET_KIND, INVITATION_KIND})
SENT_TEXT_REMOVED = "(sent; the text is not kept)"


class Transport(Protocol):
    def send(self, email: EmailMessage, name: str) -> None:
        """Deliver the e-mail or raise. `name` is the message's own in the
        outbox (its id and kind, file-name safe)."""


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int


class EmlWriter:
    """The embedded default: each message as an .eml file in a folder (the
    instance folder's outbox/), for a new user to open in a mail program."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, email: EmailMessage, name: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{name}.eml"
        # Written whole, then renamed: a reader never sees half a message, and
        # a message sent again replaces its file.
        partial = self.folder / f"{name}.part"
        partial.write_bytes(bytes(email))
        partial.replace(path)


@dataclass(frozen=True)
class SmtpTransport:
    host: str
    port: int
    user: str = ""
    password: str = ""
    starttls: bool = True
    timeout: float = 30

    def send(self, email: EmailMessage, name: str) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.user:
                smtp.login(self.user, self.password)
            smtp.send_message(email)


def transport_from_config(config: Mapping[str, Any], instance_path: str | Path) -> Transport:
    """SMTP when IGU_SMTP_HOST is set, else .eml files in <instance>/outbox/."""
    if config["IGU_SMTP_HOST"]:
        return SmtpTransport(host=config["IGU_SMTP_HOST"], port=config["IGU_SMTP_PORT"],
                             user=config["IGU_SMTP_USER"], password=config["IGU_SMTP_PASSWORD"],
                             starttls=config["IGU_SMTP_STARTTLS"],
                             timeout=config["IGU_SMTP_TIMEOUT_SECONDS"])
    return EmlWriter(Path(instance_path) / "outbox")


def send_pending(now: datetime | None = None, limit: int = 100,
                 transport: Transport | None = None) -> DeliveryReport:
    """Send up to `limit` unsent messages that are due at `now`, oldest first."""
    if in_unit_of_work():
        # Inside a caller's transaction nothing could commit message by message.
        raise RuntimeError("send_pending runs outside any unit of work")
    now = now or utcnow()
    config = current_app.config
    transport = transport or transport_from_config(config, current_app.instance_path)
    max_attempts = config["IGU_MAIL_MAX_ATTEMPTS"]
    with unit_of_work():  # a short read: the sends below each have their own transaction
        due = list(db.session.scalars(
            select(OutboxMessage.id).where(*_due(now, max_attempts))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)))
    sent = failed = 0
    for message_id in due:
        outcome = _send_one(message_id, now, transport, max_attempts)
        sent += outcome is True
        failed += outcome is False
    return DeliveryReport(sent=sent, failed=failed)


def _due(now: datetime, max_attempts: int) -> tuple[Any, ...]:
    return (OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now,
            OutboxMessage.attempts < max_attempts)


def _send_one(message_id: int, now: datetime, transport: Transport,
              max_attempts: int) -> bool | None:
    """Send one message in its own transaction: True sent, False failed, None
    when another scheduler holds it or has sent it meanwhile."""
    with unit_of_work():
        # SKIP LOCKED: a row another scheduler is sending is left to it. (SQLite
        # has no row locks and renders no FOR UPDATE: it serves one process.)
        message = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.id == message_id,
                                        *_due(now, max_attempts))
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True))
        if message is None:
            return None
        message.attempts += 1
        try:
            transport.send(as_email(message, current_app.config["IGU_MAIL_FROM"]),
                           f"{message.id:08d}-{message.kind}")
        except Exception as error:  # any failure of the transport is retried later
            message.last_error = type(error).__name__[:100]
            message.next_attempt_at = now + retry_delay(message.attempts)
            # The class name only: an error's text may quote an address.
            log.warning("mail %s: attempt %s failed (%s)", message.id, message.attempts,
                        message.last_error)
            return False
        message.sent_at = now
        message.last_error = None
        if message.kind in FORGOTTEN_ONCE_SENT:
            message.body_text = SENT_TEXT_REMOVED
        return True


def retry_delay(attempts: int) -> timedelta:
    """The wait after the given number of failed attempts: doubling from
    IGU_MAIL_RETRY_MINUTES, at most a day."""
    first = timedelta(minutes=current_app.config["IGU_MAIL_RETRY_MINUTES"])
    return min(first * 2 ** min(max(attempts - 1, 0), 16), MAX_RETRY_DELAY)


def as_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The outbox row as an e-mail. Its Message-ID is the row's, so a message
    sent again is recognisably the same."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient_email
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    email["Message-ID"] = f"<igu-{message.id}.{int(message.created_at.timestamp())}@{domain}>"
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no automatic replies, please
    # Quoted-printable: 7-bit clean for any mail server, still legible as a file.
    email.set_content(message.body_text, cte="quoted-printable")
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    email["Content-Language"] = message.language  # after the content, which resets Content-*
    return email
