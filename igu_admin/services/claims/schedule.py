"""The stored bonus claims of a course, kept in step with its schedule.

The schedule itself is the domain's (domain.milestones); this module makes
and moves the BonusClaim rows from it, in the caller's unit of work:

- `schedule_claims(agreement)`: when the agreement is approved, in the
  approval's transaction. Each claim is inserted unless the (agreement,
  claim type) row exists, so two approvals or schedulers at once still make
  it once.
- `resync_claims(agreement)`: after the course changed (an extension, a
  termination, a continuation with another company). Claims nobody has acted
  on yet (scheduled or due) follow the new schedule: their dates and amounts
  move, a claim whose milestone is no longer reached is cancelled, a claim
  that fell due and now lies ahead goes back to scheduled, and a company
  claim goes to the agreement of the company that holds the course when its
  milestone is met. A claim a person has prepared, sent or recorded is left
  as it is.

The facts come from `course_of(agreement)`: the agreement's own row (start,
end, employer type, integration programme start, a termination date when the
agreement has one). A caller that knows the whole course (the agreements of a
continued course, the approved extensions) passes it as a `Course`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from igu_admin.core import audit, rules_in_force
from igu_admin.core import course as course_chain
from igu_admin.core.clock import today as danish_today
from igu_admin.core.course import extensions_of
from igu_admin.core.lifecycle import change_status
from igu_admin.domain import milestones
from igu_admin.domain.course_events import extension_ground
from igu_admin.domain.lifecycle import Action, ClaimStatus, ExtensionStatus, RecordKind
from igu_admin.domain.milestones import (
    CourseFacts,
    EmployerPeriod,
    Extension,
    Period,
    ScheduledClaim,
)
from igu_admin.domain.rule_parts import RuleSet
from igu_admin.extensions import db
from igu_admin.models import Agreement, BonusClaim
from igu_admin.services.claims import day_sums as claim_sums

# Why a stored claim was cancelled when the schedule no longer gives it at
# all (a claim type switched off, an employer now public, no programme start).
NOT_APPLICABLE = "not_applicable"
# Claims nobody has acted on: the schedule may still move or cancel them.
OPEN = (ClaimStatus.SCHEDULED.value, ClaimStatus.DUE.value)


@dataclass(frozen=True)
class Course:
    """One IGU course: its agreements in order (more than one when another
    company continued it), the facts of the schedule, whose `employers[i]` is
    `agreements[i]`'s period, and the rule set the course is under."""

    agreements: tuple[Agreement, ...]
    facts: CourseFacts
    ruleset: RuleSet


@dataclass
class ResyncCounts:
    """What `resync_claims` changed: claims created, moved (dates or amount),
    reassigned to another agreement of the course, cancelled, put back to
    scheduled after they had fallen due; and open claims left alone because a
    person has acted on them (`kept`)."""

    created: int = 0
    moved: int = 0
    reassigned: int = 0
    cancelled: int = 0
    rescheduled: int = 0
    kept: int = 0


def course_of(agreement: Agreement) -> Course | None:
    """The whole course the agreement belongs to, as the schedule needs it;
    None without a start date or a rule set (a draft never submitted).

    A continuation (another company continuing a course ended early) counts
    the time served: the course starts with the first agreement of its chain,
    each agreement is one employer's period, and the days between one
    employer's last day and the next one's start are a pause. Approved
    extensions are taken from their records, with their own dates."""
    chain = [*reversed(course_chain.continued_agreements(agreement)), agreement]
    first = chain[0]
    start, code = first.start_date, first.ruleset_code
    if start is None or not code or code not in rules_in_force.catalogue().codes:
        return None
    ruleset = rules_in_force.catalogue().get(code)
    employers: list[EmployerPeriod] = []
    pauses: list[Period] = []
    extensions: list[Extension] = []
    for before, after in zip([None, *chain], chain, strict=False):
        period_start = after.start_date or start
        employers.append(EmployerPeriod(period_start, after.company.is_private))
        ended = None if before is None else termination_date(before)
        if ended is not None and period_start > ended + timedelta(days=1):
            pauses.append(Period(ended + timedelta(days=1), period_start - timedelta(days=1)))
    for member in chain:
        extensions.extend(
            Extension(e.first_day, e.last_day, extension_ground(e.reason))
            for e in extensions_of(member) if e.status == ExtensionStatus.APPROVED.value)
    facts = CourseFacts(start_date=start, employers=tuple(employers),
                        extensions=tuple(extensions), pauses=tuple(pauses),
                        terminated_on=termination_date(agreement),
                        integration_programme_start=(agreement.integration_programme_start
                                                     or first.integration_programme_start))
    return Course(tuple(chain), facts, ruleset)


def termination_date(agreement: Agreement) -> date | None:
    """The last day of a course that ended early, when one is recorded."""
    return agreement.termination_date


@dataclass(frozen=True)
class _Placed:
    """A scheduled claim and the agreement of the course it belongs to."""

    claim: ScheduledClaim
    agreement: Agreement


def _placed(course: Course) -> list[_Placed]:
    """Every claim of the course's schedule with the agreement it goes to: a
    company claim to the employer's agreement its milestone falls in, any
    other claim to the agreement holding the course on that day."""
    schedule = milestones.schedule(course.ruleset, course.facts)
    placed = []
    for claim in schedule.claims:
        index = claim.employer_period
        if index is None:
            index = milestones.holder_on(course.facts, claim.due_date - timedelta(days=1))
        placed.append(_Placed(claim, course.agreements[index or 0]))
    return placed


def schedule_claims(agreement: Agreement, course: Course | None = None) -> int:
    """Create the agreement's claims as `scheduled`, in the caller's unit of
    work (the approval's); a claim the agreement already has is left as it
    is. Returns the number created. Each gets an audit event."""
    course = course or course_of(agreement)
    if course is None:
        return 0
    rows = [_values(p.claim, agreement) for p in _placed(course)
            if p.claim.cancelled is None and p.agreement.id == agreement.id]
    return len(_insert_claims(rows))


def _values(claim: ScheduledClaim, agreement: Agreement) -> dict[str, Any]:
    return {"agreement_id": agreement.id, "company_id": agreement.company_id,
            "municipality_code": agreement.municipality_code, "claim_type": claim.claim_type,
            "beneficiary": claim.beneficiary, "amount": claim.amount,
            "due_date": claim.due_date, "deadline": claim.deadline,
            "status": ClaimStatus.SCHEDULED.value}


def _insert_claims(rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert the claims not already there (by agreement and claim type, also
    when another transaction is inserting them now: this one waits for it);
    the ids inserted, each with its audit event."""
    if not rows:
        return []
    dialect = db.session.get_bind().dialect.name
    statement: postgresql.Insert | sqlite.Insert
    if dialect == "postgresql":
        statement = postgresql.insert(BonusClaim).values(list(rows))
    elif dialect == "sqlite":
        statement = sqlite.insert(BonusClaim).values(list(rows))
    else:
        raise NotImplementedError(f"no insert-once for {dialect}")
    statement = statement.on_conflict_do_nothing(index_elements=["agreement_id", "claim_type"])
    created = db.session.execute(statement.returning(
        BonusClaim.id, BonusClaim.agreement_id, BonusClaim.claim_type, BonusClaim.amount,
        BonusClaim.due_date, BonusClaim.municipality_code, BonusClaim.beneficiary,
        BonusClaim.status)).all()
    for row in created:
        claim_sums.note(db.session(), row._asdict())  # a Core insert: the ORM does not see it
        audit.record(None, RecordKind.CLAIM.value, row.id, "created", after={
            "status": ClaimStatus.SCHEDULED.value, "agreement_id": row.agreement_id,
            "claim_type": row.claim_type, "amount": _money(row.amount),
            "due_date": row.due_date.isoformat()})
    return [row.id for row in created]


def resync_claims(agreement: Agreement, course: Course | None = None,
                  today: date | None = None) -> ResyncCounts:
    """Keep the stored claims of the agreement's course in step with its
    schedule, in the caller's unit of work (see the module's note). `course`:
    the whole course when the caller knows more than the agreement's row;
    `today`: the day a claim falling due is judged against (Danish today)."""
    counts = ResyncCounts()
    course = course or course_of(agreement)
    if course is None:
        return counts
    today = today or danish_today()
    ids = [a.id for a in course.agreements]
    stored = list(db.session.scalars(
        select(BonusClaim).where(BonusClaim.agreement_id.in_(ids))
        .order_by(BonusClaim.id).with_for_update().execution_options(populate_existing=True)))
    wanted = {p.claim.claim_type: p for p in _placed(course)}
    held = {(c.agreement_id, c.claim_type) for c in stored}
    for claim in stored:
        if claim.status not in OPEN:
            continue
        placed = wanted.get(claim.claim_type)
        if placed is None or placed.claim.cancelled is not None:
            _cancel(claim, placed.claim.cancelled if placed else NOT_APPLICABLE)
            counts.cancelled += 1
        elif placed.agreement.id != claim.agreement_id:
            if (placed.agreement.id, claim.claim_type) in held:
                _cancel(claim, NOT_APPLICABLE)  # the other agreement has its own
                counts.cancelled += 1
                continue
            audit.record(None, RecordKind.CLAIM.value, claim.id, "reassigned",
                         before={"agreement_id": claim.agreement_id},
                         after={"agreement_id": placed.agreement.id})
            held.discard((claim.agreement_id, claim.claim_type))
            claim.agreement_id = placed.agreement.id
            held.add((claim.agreement_id, claim.claim_type))
            _own(claim, placed.agreement)
            counts.reassigned += 1
            _follow(claim, placed.claim, today, counts)
        else:
            _own(claim, placed.agreement)
            _follow(claim, placed.claim, today, counts)
    for placed in wanted.values():
        scheduled = placed.claim
        if scheduled.cancelled is None \
                and (placed.agreement.id, scheduled.claim_type) not in held \
                and not _handled_elsewhere(stored, scheduled.claim_type, placed.agreement.id):
            counts.created += len(_insert_claims([_values(scheduled, placed.agreement)]))
    counts.kept = sum(1 for c in stored if c.status not in OPEN
                      and c.status != ClaimStatus.CANCELLED
                      and _differs(c, wanted.get(c.claim_type)))
    db.session.flush()
    return counts


def _handled_elsewhere(stored: list[BonusClaim], claim_type: str, agreement_id: int) -> bool:
    """A claim of this type a person has acted on (prepared, sent, paid or
    refused) on another agreement of the course: the course's claim exists."""
    return any(c.claim_type == claim_type and c.agreement_id != agreement_id
               and c.status not in OPEN and c.status != ClaimStatus.CANCELLED for c in stored)


def _differs(claim: BonusClaim, placed: _Placed | None) -> bool:
    """Whether the schedule would now change a claim a person has acted on."""
    if placed is None or placed.claim.cancelled is not None:
        return True
    wanted = placed.claim
    return (claim.due_date, claim.deadline, claim.amount, claim.agreement_id) != (
        wanted.due_date, wanted.deadline, wanted.amount, placed.agreement.id)


def _own(claim: BonusClaim, agreement: Agreement) -> None:
    """The claim's owners are its agreement's (the trainee may have moved)."""
    claim.company_id, claim.municipality_code = agreement.company_id, agreement.municipality_code


def _cancel(claim: BonusClaim, reason: str | None) -> None:
    change_status(claim, RecordKind.CLAIM, Action.CANCEL, None, reason=reason)
    claim.cancel_reason = reason


def _follow(claim: BonusClaim, wanted: ScheduledClaim, today: date,
            counts: ResyncCounts) -> None:
    """Move an open claim to the schedule's dates and amount; one that fell due
    and now lies ahead goes back to scheduled."""
    before = _dated(claim)
    if claim.deadline != wanted.deadline:
        claim.deadline_reminded_at = None  # the new deadline is reminded of too
    claim.due_date, claim.deadline = wanted.due_date, wanted.deadline
    claim.amount, claim.beneficiary = wanted.amount, wanted.beneficiary
    after = _dated(claim)
    if claim.status == ClaimStatus.DUE and wanted.due_date > today:
        change_status(claim, RecordKind.CLAIM, Action.RESCHEDULE, None, **after)
        counts.rescheduled += 1
    elif after != before:
        audit.record(None, RecordKind.CLAIM.value, claim.id, "moved", before=before, after=after)
    if after != before:
        counts.moved += 1


def _dated(claim: BonusClaim) -> dict[str, Any]:
    return {"due_date": claim.due_date.isoformat(),
            "deadline": claim.deadline.isoformat() if claim.deadline else None,
            "amount": _money(claim.amount)}


def _money(amount: Decimal) -> str:
    return f"{Decimal(amount):.2f}"

