"""Agreements and schooling plans for tests: a complete agreement as the
API takes it, and plans of whole school weeks that keep clear of holidays."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from igu_admin.domain.schooling import working_days

CPR = "150595-1234"
# A Tuesday in March next year: the start is never in the past, and the
# rule set is the one governing it.
START = date(date.today().year + 1, 3, 2)
AMU_NUMBER = "42994"


def complete_agreement(**overrides: Any) -> dict[str, Any]:
    """Everything an agreement needs to be submitted, as the API takes it."""
    return {
        "contact_person": "Bente Bager",
        "trainee": {"name": "Amal Test", "cpr": CPR, "address": "Søndergade 12\n2100 København Ø",
                    "municipality_code": "101", "target_group": "refugee",
                    "residence_permit": {"kind": "Udlændingelovens § 7, stk. 1",
                                         "date": f"{START.year - 2}-01-10"},
                    "registered_since": f"{START.year - 2}-02-01", "previous_igu": False,
                    "recent_ordinary_employment": False},
        "start_date": START.isoformat(), "workplace_address": "Bagergade 1", "job_title": "Bager",
        "tasks": "Bagning", "weekly_hours": "37.00", "collective_agreement": "other",
        "wage": {"basis": "monthly", "year1": "12132.00", "year2": "13429.00"},
        **overrides}


def free_mondays(start: date, count: int, every: int = 2) -> list[date]:
    """`count` Mondays from the first after `start`, `every` weeks apart,
    each beginning a week of five working days (no public holiday)."""
    monday = start + timedelta(days=(7 - start.weekday()) % 7 or 7)
    found: list[date] = []
    while len(found) < count:
        if working_days(monday, monday + timedelta(days=4)) == 5:
            found.append(monday)
        monday += timedelta(weeks=every)
    return found


def week_item(monday: date, hours: str = "37", kind: str = "amu", **fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"kind": kind, "title": f"AMU-kursus uge {monday.isocalendar()[1]}",
                            "start": monday.isoformat(),
                            "end": (monday + timedelta(days=4)).isoformat(), "hours": hours}
    if kind == "amu":
        item["course_number"] = AMU_NUMBER
    item.update(fields)
    return item


def weeks_plan(weeks: int, start: date = START, last_hours: str = "37") -> list[dict[str, Any]]:
    """`weeks` whole school weeks of AMU (37 hours each), the last with
    `last_hours`."""
    mondays = free_mondays(start, weeks)
    items = [week_item(monday) for monday in mondays]
    items[-1]["hours"] = last_hours
    return items
