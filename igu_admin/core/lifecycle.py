"""Status changes of agreements, plans and claims, always through the domain's table.

`change_status` asks `domain.lifecycle.transition` whether the actor may
take the action from the record's status, sets the new status and writes
the audit event, in the caller's unit of work. Anything the table does not
allow is refused with a ConflictError (409 in the API) naming the action.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from igu_admin.core import audit
from igu_admin.core.errors import ConflictError, PermissionDenied
from igu_admin.domain.lifecycle import Action, RecordKind, TransitionRefused, transition
from igu_admin.domain.roles import SYSTEM
from igu_admin.extensions import db
from igu_admin.models import User


class HasStatus(Protocol):
    id: int
    status: str


class Versioned(HasStatus, Protocol):
    lock_version: int


def actor_role(actor: User | None) -> str:
    """The role the table knows the actor by; no user means the scheduler."""
    return SYSTEM if actor is None else str(actor.role)


def ensure_allowed(record: HasStatus, kind: RecordKind, action: Action,
                   actor: User | None) -> str:
    """The status `action` would lead to; refused (409 or 403) if the table
    does not allow it. Changes nothing: use cases check first, then act."""
    try:
        return transition(kind, record.status, action, actor_role(actor))
    except TransitionRefused as refused:
        if refused.reason == "role":
            raise PermissionDenied(f"{kind}_{action}") from refused
        raise ConflictError("status", kind=kind.value, action=action.value,
                            status=record.status) from refused


def change_status(record: HasStatus, kind: RecordKind, action: Action, actor: User | None,
                  **details: object) -> str:
    """Move `record` by `action`; returns the new status. The caller's unit of
    work commits it together with the audit event."""
    before = record.status
    after = ensure_allowed(record, kind, action, actor)
    record.status = after
    audit.record(actor, kind.value, record.id, action.value,
                 before={"status": before}, after={"status": after, **_plain(details)})
    return after


def change_statuses(records: Sequence[Versioned], kind: RecordKind, action: Action,
                    actor: User | None,
                    details: Callable[[Any], dict[str, object]] | None = None) -> str | None:
    """Move many records of one model, all in the same status, by `action`: the
    table is asked once, one UPDATE changes them all (their lock_version moves
    on, as with change_status), and each gets its audit event (`details(record)`
    adds to its "after"). A record changed meanwhile by another writer makes
    the whole change refused (ConflictError "stale"; the caller's unit of work
    rolls back). For the daily job, which moves records by the hundred. The
    ORM does not see the UPDATE: what follows a record's status elsewhere
    (claim_sums) is the caller's to note. Returns the new status (None for
    no records)."""
    if not records:
        return None
    model, before = type(records[0]), records[0].status
    if any(type(r) is not model or r.status != before for r in records):
        raise ValueError("records of one model and one status only")
    after = ensure_allowed(records[0], kind, action, actor)
    table: Any = model.__table__  # type: ignore[attr-defined]
    ids = [r.id for r in records]
    result = db.session.execute(
        update(table).where(table.c.id.in_(ids), table.c.status == before)
        .values(status=after, lock_version=table.c.lock_version + 1))
    if result.rowcount != len(ids):  # type: ignore[attr-defined]
        raise ConflictError("stale")
    for record in records:
        set_committed_value(record, "status", after)
        set_committed_value(record, "lock_version", record.lock_version + 1)
        extra = _plain(details(record)) if details is not None else {}
        audit.record(actor, kind.value, record.id, action.value, before={"status": before},
                     after={"status": after, **extra})
    return after


def _plain(details: dict[str, object]) -> dict[str, object]:
    return {key: value if isinstance(value, int | str | bool | None) else str(value)
            for key, value in details.items()}
