from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from igu_admin.models.base import Base, UTCDateTime, utcnow


class OutboxMessage(Base):
    """An e-mail queued in the transaction of the change it tells about, and
    sent after that transaction commits (by the scheduler draining the outbox).

    A change rolled back queues nothing; a failed send is retried from here and
    never undoes the change. `dedupe_key` (unique when given) makes a message
    that two schedulers would both queue, such as a deadline reminder, exist
    once. `last_error` holds an exception's class name only, never its text,
    which could quote an address or a server's answer.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (
        # The scheduler's question: what is unsent and due.
        Index("ix_outbox_message_due", "sent_at", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    recipient_email: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    # A stable code of what the message is about, e.g. "agreement_submitted".
    kind: Mapped[str] = mapped_column(String(40))
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement.id", ondelete="SET NULL"), index=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(100))
