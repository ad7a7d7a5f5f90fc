"""Housekeeping the scheduler runs."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import CursorResult, delete, func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from igu_admin.core.unit_of_work import use_case
from igu_admin.extensions import db
from igu_admin.models import LoginThrottle
from igu_admin.models.base import utcnow


def database_ready() -> bool:
    """Whether the database answers and holds the schema."""
    try:
        db.session.execute(select(func.count()).select_from(LoginThrottle))
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True


@use_case
def purge_stale_login_throttles(now: datetime | None = None) -> int:
    """Forget failed-login counts whose window and lock have both ended."""
    now = now or utcnow()
    cutoff = now - timedelta(minutes=current_app.config["IGU_LOGIN_LOCK_MINUTES"])
    result: CursorResult[Any] = db.session.execute(delete(LoginThrottle).where(  # type: ignore[assignment]
        LoginThrottle.window_started_at < cutoff,
        or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now)))
    return result.rowcount or 0
