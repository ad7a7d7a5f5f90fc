"""Schooling plans: plans of whole school weeks as the API takes them (clear
of holidays), and plan rows for the PDF tests made with the models directly:
an agreement with its period, a plan that meets the 20-week rules exactly,
and a submitted version made the way the submit unit of work makes it (data,
then the PDF, then the insert)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from igu_admin.core import plan_snapshot, rules_in_force
from igu_admin.domain.agreement_rules import end_date
from igu_admin.domain.schooling import working_days
from igu_admin.extensions import db
from igu_admin.models import Agreement, Company, SchoolingPlan, SchoolingPlanItem, SchoolingPlanVersion
from igu_admin.models.base import utcnow
from igu_admin.services import documents
from igu_admin.testing.accounts import make_company
from igu_admin.testing.agreements import START, make_agreement, make_trainee

AMU_NUMBER = "42994"

# The agreement the plan rows belong to: its start a Monday, under igu-2016
# (20 weeks), the period VALID_ITEMS are laid out in.
RECORDS_START = date(2026, 1, 5)
TRAINEE_CPR = "1505951234"
TRAINEE = "Amal Østergård"

# (kind, title, provider, AMU number, first day, last day, hours, note):
# 370 hours of AMU and 185 of Danish education (counting double) make exactly
# the 20 weeks of 37 hours the 2016 rules ask for, with no warning.
VALID_ITEMS = (
    ("amu", "Grundlæggende bageri", "AMU Syd", "40123", date(2026, 2, 2), date(2026, 2, 27),
     "148", ""),
    ("danish", "Danskuddannelse 2, modul 3", "Sprogcenter København", "", date(2026, 3, 2),
     date(2026, 6, 26), "185", "To formiddage om ugen\nmed lektier"),
    ("amu", "Hygiejne og fødevaresikkerhed", "AMU Syd", "47589", date(2026, 9, 7),
     date(2026, 9, 11), "37", ""),
    ("amu", "Truckcertifikat", "AMU Nord", "47476", date(2027, 4, 12), date(2027, 4, 23), "74", ""),
    ("amu", "Svejsning, grundlæggende", "AMU Nord", "49712", date(2027, 9, 6), date(2027, 9, 24),
     "111", ""),
)


# --- plans as the API takes them ------------------------------------------

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


# --- plan rows ---------------------------------------------------------------

def bakery(municipality: str = "101") -> Company:
    """A company with its address (the PDFs print it)."""
    company = make_company(municipality=municipality, name="Ærø Bageri ApS")
    company.address, company.postal_code, company.city = "Bagergade 1", "1000", "København K"
    db.session.commit()
    return company


def plan_agreement(company: Company | None = None, cpr: str = TRAINEE_CPR) -> Agreement:
    """A submitted agreement with its period and weekly hours, and the trainee
    typed on it with name, CPR number and address."""
    company = company or bakery()
    trainee = make_trainee(cpr=cpr, municipality=company.municipality_code)
    agreement = make_agreement(company, trainee, start=RECORDS_START)
    agreement.end_date = end_date(RECORDS_START, rules_in_force.catalogue().get("igu-2016").course)
    agreement.weekly_hours = Decimal("37")
    agreement.trainee_name = TRAINEE
    agreement.trainee_address = "Søndergade 12, 2. tv.\n2100 København Ø"
    db.session.commit()
    return agreement


def make_plan(agreement: Agreement, items: tuple[tuple, ...] = VALID_ITEMS,
              passed_danish_test: bool = False) -> SchoolingPlan:
    """A plan of `items`, each (kind, title, provider, AMU number, first day,
    last day, hours, note) as VALID_ITEMS has them."""
    plan = SchoolingPlan(agreement=agreement, passed_danish_test=passed_danish_test)
    for position, (kind, title, provider, number, first, last, hours, note) in enumerate(items):
        plan.items.append(SchoolingPlanItem(
            position=position, kind=kind, title=title, provider=provider, course_number=number,
            start_date=first, end_date=last, hours=Decimal(hours), note=note))
    db.session.add(plan)
    db.session.commit()
    return plan


def submit_version(plan: SchoolingPlan) -> SchoolingPlanVersion:
    """A new version as the submit makes it: its PDF set before the insert."""
    number = len(plan.versions) + 1
    version = SchoolingPlanVersion(plan_id=plan.id, number=number,
                                   data=plan_snapshot.snapshot(plan))
    version.submitted_at = utcnow()
    documents.attach_pdf(version, documents.PLAN.render(version))
    db.session.add(version)
    db.session.commit()
    return version
