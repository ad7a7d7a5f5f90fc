"""What the scheduler's work has left undone, read from the database: the
figures /metrics shows, so that an alert can tell a stopped scheduler or a
mail server that refuses from a quiet day.

Counts only, never a record: they are read at each scrape, by whichever web
worker is asked, and are the same from every worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select

from igu_admin.core.clock import today
from igu_admin.domain.lifecycle import AgreementStatus, ClaimStatus
from igu_admin.extensions import db
from igu_admin.models import Agreement, BonusClaim, OutboxMessage
from igu_admin.models.base import utcnow


@dataclass(frozen=True)
class Backlog:
    # The outbox: unsent messages still to be tried; of those, the ones due
    # now (the every-minute job should send them within a minute or two);
    # messages given up after IGU_MAIL_MAX_ATTEMPTS; the age of the oldest
    # message still to be tried (0 when none).
    outbox_waiting: int
    outbox_due: int
    outbox_given_up: int
    outbox_oldest_waiting_seconds: float
    # The daily work (run-due): what a run on an earlier day should have done
    # and has not. Today's share is left out: the run is at 05:30.
    claims_due_not_moved: int
    courses_to_start: int
    courses_to_end: int


def _count(*where: object) -> int:
    return int(db.session.scalar(select(func.count()).where(*where)) or 0)  # type: ignore[arg-type]


def read_backlog(now: datetime | None = None, day: date | None = None) -> Backlog:
    now = now or utcnow()
    day = day or today()
    max_attempts = current_app.config["IGU_MAIL_MAX_ATTEMPTS"]
    unsent = OutboxMessage.sent_at.is_(None)
    to_try = (unsent, OutboxMessage.attempts < max_attempts)
    oldest = db.session.scalar(select(func.min(OutboxMessage.created_at)).where(*to_try))
    running = (AgreementStatus.APPROVED.value, AgreementStatus.ACTIVE.value)
    return Backlog(
        outbox_waiting=_count(*to_try),
        outbox_due=_count(*to_try, OutboxMessage.next_attempt_at <= now),
        outbox_given_up=_count(unsent, OutboxMessage.attempts >= max_attempts),
        outbox_oldest_waiting_seconds=max((now - oldest).total_seconds(), 0.0) if oldest else 0.0,
        claims_due_not_moved=_count(BonusClaim.status == ClaimStatus.SCHEDULED.value,
                                    BonusClaim.due_date < day),
        courses_to_start=_count(Agreement.status == AgreementStatus.APPROVED.value,
                                Agreement.start_date < day),
        courses_to_end=_count(Agreement.status.in_(running), Agreement.termination_date < day),
    )
