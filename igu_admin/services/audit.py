"""Audit events, written in the caller's transaction."""

from __future__ import annotations

from typing import Any

from igu_admin.extensions import db
from igu_admin.models import AuditEvent, User


def record(actor: User | None, entity_type: str, entity_id: object, action: str,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           actor_label: str | None = None, channel: str = "system") -> AuditEvent:
    """Add an audit event to the session; the caller's commit stores it.
    `channel` is the door it came through: web, api, cli, job or system."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        actor_label=actor_label or (actor.email if actor is not None else "system"),
        entity_type=entity_type,
        entity_id=str(entity_id),
        action=action,
        before=before,
        after=after,
        channel=channel,
    )
    db.session.add(event)
    return event
