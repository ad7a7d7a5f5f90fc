"""The daily claims step: claims whose due date has come fall due, and those
who handle them are told; deadlines that draw near are reminded of.

`claims_due_step(as_of)` is one step of the daily run (`igu-admin run-due`,
and for now `igu-admin claims run-due`). It is

- idempotent: a claim is taken only while it is still scheduled (or, for a
  deadline, not yet reminded of), so a second run finds nothing to do, and
  every reminder has a dedupe key;
- a catch-up: every claim due on or before `as_of` is moved, so a run a month
  late does the month's work, once;
- safe with two runs at once: claims are taken in batches, on PostgreSQL with
  SELECT ... FOR UPDATE SKIP LOCKED, each batch in its own unit of work with
  its status changes, audit events and reminders; a claim another run holds
  is skipped, and one it has moved no longer matches;
- as cheap as the claims it moves: it reads the claims by (status, due_date)
  and (status, deadline), never the agreements.

A claim whose course ended before its milestone (a termination the claim was
not yet cancelled for) is cancelled instead of falling due. A batch's status
changes are one UPDATE each (lifecycle.change_statuses: the table asked, an
audit event per claim).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Select, select, update
from sqlalchemy.orm import selectinload

from igu_admin.core.errors import ConflictError
from igu_admin.core.lifecycle import change_statuses
from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.domain import milestones
from igu_admin.domain.lifecycle import Action, ClaimStatus, RecordKind
from igu_admin.extensions import db
from igu_admin.models import Agreement, BonusClaim
from igu_admin.models.base import utcnow
from igu_admin.services import notifications
from igu_admin.services.claims import day_sums as claim_sums
from igu_admin.services.claims.schedule import termination_date
from igu_admin.services.notifications.messages import ClaimReminder

# Claims moved in one unit of work: large enough to be cheap, small enough
# that a second run at once finds other batches to take.
BATCH = 500
# A batch refused because another writer changed one of its claims (SQLite,
# which has no row locks) is read again, at most this many times in a row.
_RETRIES = 3
# Claims still to be sent, whose deadline is reminded of.
_UNSENT = (ClaimStatus.DUE.value, ClaimStatus.PREPARED.value)


@dataclass
class ClaimStepReport:
    """What the step did: claims that fell due, claims cancelled instead (their
    course ended before the milestone), and reminders queued."""

    due: int = 0
    cancelled: int = 0
    reminders: int = 0

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


def reminder_days() -> int:
    """How many days before a claim's deadline its handlers are reminded
    (setting IGU_CLAIM_DEADLINE_REMINDER_DAYS)."""
    return int(current_app.config["IGU_CLAIM_DEADLINE_REMINDER_DAYS"])


def claims_due_step(as_of: date) -> ClaimStepReport:
    """Move the claims due on or before `as_of`, remind of them and of the
    deadlines within the reminder days from `as_of`; see the module's note.
    Runs its own units of work: call it outside one."""
    report = ClaimStepReport()
    _in_batches(lambda: _falling_due(as_of), lambda claims: _fall_due(claims, report))
    _in_batches(lambda: _deadlines_near(as_of), lambda claims: _remind_deadline(claims, report))
    return report


def _falling_due(as_of: date) -> Select[Any]:
    return (select(BonusClaim)
            .where(BonusClaim.status == ClaimStatus.SCHEDULED.value,
                   BonusClaim.due_date <= as_of)
            .order_by(BonusClaim.due_date, BonusClaim.id))


def _deadlines_near(as_of: date) -> Select[Any]:
    # A deadline already passed is not "approaching": it is left out.
    return (select(BonusClaim)
            .where(BonusClaim.status.in_(_UNSENT),
                   BonusClaim.deadline >= as_of,
                   BonusClaim.deadline <= as_of + timedelta(days=reminder_days()),
                   BonusClaim.deadline_reminded_at.is_(None))
            .order_by(BonusClaim.deadline, BonusClaim.id))


def _in_batches(query: Any, work: Any) -> None:
    """Take batches of what `query()` finds, locked, and hand each to `work`
    in its own unit of work, until nothing is left (or only rows another run
    holds)."""
    retries = 0
    while True:
        try:
            with unit_of_work():
                batch = list(db.session.scalars(
                    query().limit(BATCH)
                    .with_for_update(skip_locked=True, of=BonusClaim)
                    # What the reminders say, loaded for the batch at once.
                    .options(selectinload(BonusClaim.agreement).load_only(
                        Agreement.id, Agreement.company_id, Agreement.municipality_code,
                        Agreement.trainee_name).selectinload(Agreement.company))
                    .execution_options(populate_existing=True)))
                if batch:
                    work(batch)
        except ConflictError:
            retries += 1
            if retries > _RETRIES:
                raise
            continue
        retries = 0
        if len(batch) < BATCH:
            return


def _fall_due(claims: list[BonusClaim], report: ClaimStepReport) -> None:
    """The batch's claims fall due, or are cancelled when their course ended
    before the milestone: each group in one UPDATE, an audit event a claim."""
    fallen: list[BonusClaim] = []
    ended: list[BonusClaim] = []
    for claim in claims:
        reached = milestones.reached(claim.due_date, termination_date(claim.agreement))
        (fallen if reached else ended).append(claim)
    db.session.flush()  # nothing pending in the session may follow these claims
    _move(fallen, Action.FALL_DUE, lambda c: {"due_date": c.due_date.isoformat()})
    _move(ended, Action.CANCEL, lambda c: {"reason": milestones.TERMINATED})
    for claim in ended:
        claim.cancel_reason = milestones.TERMINATED
    report.due += len(fallen)
    report.cancelled += len(ended)
    report.reminders += notifications.claim_reminders(fallen, ClaimReminder.DUE)


def _move(claims: list[BonusClaim], action: Action,
          details: Callable[[BonusClaim], dict[str, object]]) -> None:
    """Change the claims' status at once, and their day sums with it."""
    for claim in claims:
        claim_sums.note(db.session(), _sum_values(claim), -1)
    after = change_statuses(claims, RecordKind.CLAIM, action, None, details)
    for claim in claims:
        claim_sums.note(db.session(), _sum_values(claim, after))


def _sum_values(claim: BonusClaim, status: str | None = None) -> dict[str, Any]:
    """What the day sums count a claim under (with the status it gets)."""
    return {"municipality_code": claim.municipality_code, "due_date": claim.due_date,
            "beneficiary": claim.beneficiary, "status": status or claim.status,
            "claim_type": claim.claim_type, "amount": claim.amount}


def _remind_deadline(claims: list[BonusClaim], report: ClaimStepReport) -> None:
    report.reminders += notifications.claim_reminders(claims, ClaimReminder.DEADLINE)
    # Bookkeeping, not a change of the claim: it keeps its lock_version, so a
    # person preparing it now is not told it was changed.
    db.session.execute(update(BonusClaim)
                       .where(BonusClaim.id.in_([c.id for c in claims]))
                       .values(deadline_reminded_at=utcnow())
                       .execution_options(synchronize_session=False))
