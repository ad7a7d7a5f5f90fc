"""Audit events, written in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any

from sqlalchemy import insert

from igu_admin.domain.roles import SYSTEM
from igu_admin.extensions import db
from igu_admin.models import AuditEvent, User
from igu_admin.models.base import utcnow

CHANNELS = ("web", "api", "cli", "job", "system", "import")
# The door a change came through; set by the adapter, read here, so that
# the services need not pass it along.
_channel: ContextVar[str] = ContextVar("igu_audit_channel", default="system")


@contextmanager
def channel(name: str) -> Iterator[None]:
    """Record the audit events made inside the block as coming through `name`."""
    if name not in CHANNELS:
        raise ValueError(name)
    token = _channel.set(name)
    try:
        yield
    finally:
        _channel.reset(token)


def set_channel(name: str) -> Token[str]:
    """For adapters whose work spans a request: the web sets it when a request
    starts and resets it with the returned token when the request ends."""
    if name not in CHANNELS:
        raise ValueError(name)
    return _channel.set(name)


def reset_channel(token: Token[str]) -> None:
    _channel.reset(token)


def record(actor: User | None, entity_type: str, entity_id: object, action: str,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           actor_label: str | None = None) -> AuditEvent:
    """Add an audit event to the session; the caller's unit of work stores it.
    Its channel (web, api, cli, job or system) is the adapter's, set with
    `channel()` / `set_channel()`."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        actor_label=actor_label or (actor.email if actor is not None else "system"),
        actor_role=str(actor.role) if actor is not None else SYSTEM,
        channel=_channel.get(),
        entity_type=entity_type,
        entity_id=str(entity_id),
        action=action,
        before=before,
        after=after,
    )
    db.session.add(event)
    return event


# (entity type, entity id, action, before, after)
Change = tuple[str, object, str, dict[str, Any] | None, dict[str, Any] | None]


def record_many(actor: User | None, changes: Iterable[Change]) -> int:
    """As `record` for many changes by one actor at once (an import writes
    thousands): one INSERT run for all rows, in the caller's transaction.
    Returns the number written."""
    when = utcnow()
    common = {"actor_id": actor.id if actor is not None else None,
              "actor_label": actor.email if actor is not None else "system",
              "actor_role": str(actor.role) if actor is not None else SYSTEM,
              "channel": _channel.get(), "occurred_at": when}
    rows = [{**common, "entity_type": entity, "entity_id": str(entity_id), "action": action,
             "before": before, "after": after}
            for entity, entity_id, action, before, after in changes]
    if rows:
        # The table, not the mapped class: a plain INSERT run, not the ORM's bulk path.
        table: Any = AuditEvent.__table__
        db.session.execute(insert(table), rows)
    return len(rows)
