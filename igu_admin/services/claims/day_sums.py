"""A municipality's claims summed per day (ClaimDaySum), kept in step with the
claims in the transaction that changes them.

Every change of a claim's municipality, due date, beneficiary, status, type
or amount is a delta: minus one claim and its old amount under the old key,
plus one and the new amount under the new. The ORM's flushes are watched for
claims inserted, changed or deleted; Core inserts of claims note their
deltas themselves (`note`). The deltas of a transaction are added to the
sums just before it commits, in one statement whose rows are in key order:
adding is commutative, so two transactions at once both count, and rows
locked in the same order never deadlock. A rollback drops them.

`rebuild()` makes the sums again from the claims (the migration, bulk loads).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, attributes

from igu_admin.models import BonusClaim, ClaimDaySum

Key = tuple[str, date, str, str, str]
_PENDING = "igu_claim_sum_deltas"
_KEY_FIELDS = ("municipality_code", "due_date", "beneficiary", "status", "claim_type")


def note(session: Session, values: dict[str, Any], sign: int = 1) -> None:
    """Count (sign 1) or uncount (-1) a claim with these column values."""
    if values.get("municipality_code") is None:
        return  # a claim no municipality sees
    key: Key = tuple(values[name] for name in _KEY_FIELDS)
    pending: dict[Key, list[Any]] = session.info.setdefault(_PENDING, {})
    total = pending.setdefault(key, [0, Decimal("0.00")])
    total[0] += sign
    total[1] += sign * Decimal(values["amount"])


_FIELDS = (*_KEY_FIELDS, "amount")


def _now(claim: BonusClaim) -> dict[str, Any]:
    return {name: getattr(claim, name) for name in _FIELDS}


def _before(claim: BonusClaim) -> dict[str, Any]:
    """The values the flush replaced (active_history keeps every replaced one)."""
    values = {}
    for name in _FIELDS:
        history = attributes.get_history(claim, name)
        values[name] = history.deleted[0] if history.deleted else getattr(claim, name)
    return values


def _changed(claim: BonusClaim) -> bool:
    return any(attributes.get_history(claim, name).has_changes() for name in _FIELDS)


def _after_flush(session: Session, context: Any) -> None:
    for claim in session.new:
        if isinstance(claim, BonusClaim):
            note(session, _now(claim))
    for claim in session.dirty:
        if isinstance(claim, BonusClaim) and _changed(claim):
            note(session, _before(claim), -1)
            note(session, _now(claim))
    for claim in session.deleted:
        if isinstance(claim, BonusClaim):
            note(session, _before(claim), -1)


def _before_commit(session: Session) -> None:
    # A commit flushes after this hook: flush first, so that its deltas count.
    session.flush()
    pending: dict[Key, list[Any]] = session.info.pop(_PENDING, {})
    rows = [dict(zip(_KEY_FIELDS, key, strict=True), claims=count, amount=amount)
            for key, (count, amount) in sorted(pending.items()) if count or amount]
    if rows:
        session.execute(_add_statement(session, rows))


def _add_statement(session: Session, rows: list[dict[str, Any]]) -> Any:
    dialect = session.get_bind().dialect.name
    insert_into = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert_into(ClaimDaySum).values(rows)
    return statement.on_conflict_do_update(
        index_elements=list(_KEY_FIELDS),
        set_={"claims": ClaimDaySum.claims + statement.excluded.claims,
              "amount": ClaimDaySum.amount + statement.excluded.amount})


def _forget(session: Session, *args: Any) -> None:
    session.info.pop(_PENDING, None)


def watch() -> None:
    """Keep the sums in step in every session (once, at start-up)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_rollback", _forget)
        event.listen(Session, "after_soft_rollback", _forget)


def rebuild(session: Session) -> None:
    """The sums made again from the claims, in the caller's transaction."""
    session.info.pop(_PENDING, None)
    session.execute(delete(ClaimDaySum))
    groups = [BonusClaim.municipality_code, BonusClaim.due_date, BonusClaim.beneficiary,
              BonusClaim.status, BonusClaim.claim_type]
    session.execute(insert(ClaimDaySum).from_select(
        [*_KEY_FIELDS, "claims", "amount"],
        select(*groups, func.count(), func.sum(BonusClaim.amount))
        .where(BonusClaim.municipality_code.is_not(None)).group_by(*groups)))


def live_sums(session: Session) -> Iterator[tuple[Any, ...]]:
    """(municipality, due date, beneficiary, status, claim type, claims, amount)
    as the claims give them now, for checks."""
    groups = [BonusClaim.municipality_code, BonusClaim.due_date, BonusClaim.beneficiary,
              BonusClaim.status, BonusClaim.claim_type]
    for row in session.execute(select(*groups, func.count(), func.sum(BonusClaim.amount))
                               .where(BonusClaim.municipality_code.is_not(None))
                               .group_by(*groups)):
        yield (*row[:6], Decimal(str(row[6])))
