"""Status changes of agreements, plans and claims, always through the domain's table.

`change_status` asks `domain.lifecycle.transition` whether the actor may
take the action from the record's status, sets the new status and writes
the audit event, in the caller's unit of work. Anything the table does not
allow is refused with a ConflictError (409 in the API) naming the action.
"""

from __future__ import annotations

from typing import Protocol

from igu_admin.domain.lifecycle import Action, RecordKind, TransitionRefused, transition
from igu_admin.domain.roles import SYSTEM
from igu_admin.models import User
from igu_admin.services import audit
from igu_admin.services.errors import ConflictError, PermissionDenied


class HasStatus(Protocol):
    id: int
    status: str


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


def _plain(details: dict[str, object]) -> dict[str, object]:
    return {key: value if isinstance(value, int | str | bool | None) else str(value)
            for key, value in details.items()}
