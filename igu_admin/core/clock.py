"""The clock: today as the law counts days, in Denmark."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from flask import current_app

from igu_admin.models.base import utcnow


def today() -> date:
    """Today in Denmark: the day a start date may not be before, and the day
    the daily work and the deadlines count from."""
    return utcnow().astimezone(ZoneInfo(current_app.config["IGU_TIMEZONE"])).date()
