"""The schooling plan as plain data: what a submitted plan version stores,
and the domain's view of it.

One shape for both, so the version's PDF, the API and the rules read the
same thing: dates as ISO strings, hours as decimal strings.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from igu_admin.domain.schooling import PlanElement
from igu_admin.models import SchoolingPlan, SchoolingPlanItem

ITEM_FIELDS = ("kind", "title", "provider", "course_number", "start", "end", "hours", "note")


def item_data(item: SchoolingPlanItem) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "title": item.title,
        "provider": item.provider,
        "course_number": item.course_number,
        "start": _iso(item.start_date),
        "end": _iso(item.end_date),
        "hours": None if item.hours is None else f"{Decimal(item.hours):.2f}",
        "note": item.note,
    }


def snapshot(plan: SchoolingPlan) -> dict[str, Any]:
    """The plan as it stands, with the agreement's facts it was judged against."""
    agreement = plan.agreement
    return {
        "agreement_id": agreement.id,
        "ruleset": agreement.ruleset_code,
        "period": {"start": _iso(agreement.start_date), "end": _iso(agreement.end_date)},
        "weekly_hours": (None if agreement.weekly_hours is None
                         else f"{Decimal(agreement.weekly_hours):.2f}"),
        "passed_danish_test": bool(plan.passed_danish_test),
        "items": [item_data(item) for item in plan.items],
    }


def elements(items: list[dict[str, Any]]) -> list[PlanElement]:
    """The rules' view of stored or posted items (dicts shaped like item_data).
    An item without the key `course_number` is not judged on it."""
    return [PlanElement(kind=str(item.get("kind") or ""),
                        start=_date(item.get("start")),
                        end=_date(item.get("end")),
                        hours=None if item.get("hours") in (None, "") else Decimal(item["hours"]),
                        course_number=(None if item.get("course_number") is None
                                       else str(item["course_number"])))
            for item in items]


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _date(text: Any) -> date | None:
    if isinstance(text, date):
        return text
    return None if not text else date.fromisoformat(str(text))
