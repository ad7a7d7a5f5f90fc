"""The audit trail of a case, as its parties read it: every event of the
agreement (status changes, decisions, comments, assignment, signing,
registration, downloads) and of the records that belong to it (its
submitted versions, its schooling plan and the plan's versions), oldest
first. Read only: no role can change or remove an event (there is no such
operation; the ORM refuses it, and on PostgreSQL so does the database)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, cast, or_, select

from igu_admin.core.parties import ensure_party
from igu_admin.domain.lifecycle import RecordKind
from igu_admin.domain.roles import SYSTEM
from igu_admin.extensions import db
from igu_admin.models import (
    Agreement,
    AgreementVersion,
    AuditEvent,
    CourseExtension,
    SchoolingPlan,
    SchoolingPlanVersion,
    User,
)

__all__ = ["RELATED", "AgreementEvent", "agreement_events"]


@dataclass(frozen=True)
class AgreementEvent:
    id: int
    at: datetime
    action: str
    entity: str  # agreement, agreement_version, plan, plan_version, ...
    entity_id: str
    actor: str  # the user's name, or the label of a non-user (the scheduler: "system")
    role: str  # employer, caseworker, finance, admin, or system
    channel: str  # web, api, cli, job or system
    before: dict[str, Any] | None
    after: dict[str, Any] | None


# The records whose events belong to a case, by the entity type their events
# are written under, with the ids of the agreement's ones. Another record
# that belongs to a case (an extension) adds its line here.
RELATED: dict[str, Callable[[int], Select[Any]]] = {
    "agreement_version": lambda agreement_id: select(cast(AgreementVersion.id, String)).where(
        AgreementVersion.agreement_id == agreement_id),
    "plan": lambda agreement_id: select(cast(SchoolingPlan.id, String)).where(
        SchoolingPlan.agreement_id == agreement_id),
    "plan_version": lambda agreement_id: select(cast(SchoolingPlanVersion.id, String)).join(
        SchoolingPlan, SchoolingPlan.id == SchoolingPlanVersion.plan_id).where(
        SchoolingPlan.agreement_id == agreement_id),
    RecordKind.EXTENSION.value: lambda agreement_id: select(cast(CourseExtension.id, String))
    .where(CourseExtension.agreement_id == agreement_id),
}


def _of_agreement(agreement_id: int) -> ColumnElement[bool]:
    return or_(
        and_(AuditEvent.entity_type == "agreement", AuditEvent.entity_id == str(agreement_id)),
        *(and_(AuditEvent.entity_type == entity, AuditEvent.entity_id.in_(ids(agreement_id)))
          for entity, ids in RELATED.items()))


def agreement_events(actor: User, agreement: Agreement, after_id: int | None = None,
                limit: int = 50) -> tuple[list[AgreementEvent], int | None]:
    """One page of the case's events, oldest first, and the id to continue
    after (None on the last page). For the employer of the company and the
    municipality's caseworkers."""
    ensure_party(actor, agreement, "events_read")
    query = (select(AuditEvent, User).outerjoin(User, User.id == AuditEvent.actor_id)
             .where(_of_agreement(agreement.id)).order_by(AuditEvent.id).limit(limit + 1))
    if after_id is not None:
        query = query.where(AuditEvent.id > after_id)
    rows = [_event(event, user) for event, user in db.session.execute(query)]
    if len(rows) > limit:
        return rows[:limit], rows[limit - 1].id
    return rows, None


def _event(event: AuditEvent, user: User | None) -> AgreementEvent:
    actor = (user.name or user.email) if user is not None else event.actor_label
    role = event.actor_role or (str(user.role) if user is not None else SYSTEM)
    return AgreementEvent(id=event.id, at=event.occurred_at, action=event.action,
                     entity=event.entity_type, entity_id=event.entity_id, actor=actor, role=role,
                     channel=event.channel, before=event.before, after=event.after)
