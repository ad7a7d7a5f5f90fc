"""Courses for the overview and the benchmark: three municipalities, each with
enough courses ended in the overview's default period (the year so far) to
be grouped in the benchmark, courses started in it to break down, and claims
due and paid in it.

They come in as a municipality brings its history: one import file per
municipality through the import service (services.imports), the fastest
door (one transaction, no PDFs) and the one the overview is meant to read.
The days are placed inside the default period whatever day the demo is
loaded: completed courses end from 1 January on, a course started this year
starts from 1 January on, and every paid day is today or earlier. They fall
in the year's first quarter, so that the charts per quarter show a quarter
of five or more, not only "<5".

In the demo's own municipality the courses started this year break down by
target group with two groups of 1-4 trainees, so that the overview shows
"<5" there (the other demo courses are all refugees, so they never fill
those two cells).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from igu_admin.core import clock, rules_in_force
from igu_admin.domain.agreement_rules import end_date
from igu_admin.domain.dates import add_months
from igu_admin.domain.overview_periods import default_period
from igu_admin.extensions import db
from igu_admin.inputs.course_import import COLUMNS
from igu_admin.models import CourseImport, User
from igu_admin.services import imports

OVERVIEW_FILE = "overblik-demo.csv"
PAID_AFTER_DAYS = 14


@dataclass(frozen=True)
class Plan:
    """One municipality's demo courses: how many completed and how many ended
    early in the period, and the target groups of those started in it."""

    code: str
    prefix: str           # of the external references
    cvr: str              # the employer's (fictitious, passes the modulus-11 check)
    company: str
    completed: int
    terminated: int
    started: tuple[str, ...]


PLANS = (
    Plan("101", "KBH-OV", "27182801", "Demo Køkken ApS", 5, 2,
         ("refugee",) * 5 + ("family_reunified",) * 2 + ("family_reunified_to_refugee",)),
    Plan("147", "FRB-OV", "27182828", "Demo Rengøring ApS", 5, 1, ("refugee",) * 5),
    Plan("751", "AAR-OV", "27182836", "Demo Lager ApS", 5, 3,
         ("refugee",) * 3 + ("family_reunified",) * 2),
)
# The trainees' ages at the start, in turn. Those of the courses that ended
# span every age band; most of those started this year are 25-29, so that
# band is shown and the others are small.
_AGES = (19, 23, 27, 34, 45, 21, 28, 38)
_STARTED_AGES = (27, 26, 28, 25, 29, 22, 34, 27)


def ensure_overview_courses(caseworker: User, administrator: User) -> None:
    """Each municipality's file imported once (by its caseworker for the demo's
    own municipality, by the administrator for the other two)."""
    today = clock.today()
    period = default_period(today)
    for number, plan in enumerate(PLANS):
        done = db.session.scalar(select(CourseImport.id).where(
            CourseImport.municipality_code == plan.code,
            CourseImport.filename == OVERVIEW_FILE, CourseImport.dry_run.is_(False)))
        if done is not None:
            continue
        actor = caseworker if caseworker.municipality_code == plan.code else administrator
        report = imports.import_file(actor, plan.code, demo_file(plan, number, period.from_, today),
                                     "csv", channel="web", filename=OVERVIEW_FILE)
        if report.errors:  # the demo's own file: a rule change it no longer meets
            raise RuntimeError(f"the demo overview file has errors: {report.errors}")


def _spread(index: int, count: int, first: date, last: date) -> date:
    """The index-th of `count` days spread from `first` to `last`."""
    return first + timedelta(days=(last - first).days * index // max(count - 1, 1))


def _cpr(born: date, number: int, male: bool) -> str:
    """A fictitious CPR number with the birth date (the seventh digit gives
    the century) and the sex (an odd last digit: male)."""
    century = "4" if born.year >= 2000 else "1"
    return f"{born:%d%m%y}-{century}{number:02d}{7 if male else 8}"


def _course_end(start: date) -> date:
    return end_date(start, rules_in_force.for_start(start).as_of(start).course)


def demo_file(plan: Plan, number: int, first: date, today: date) -> bytes:
    lines = [";".join(COLUMNS)]
    serial = 30 * number

    def row(ref: str, start: date, age: int, target_group: str, status: str,
            ended_on: date | None = None, **more: str) -> None:
        nonlocal serial
        serial += 1
        born = add_months(start, -12 * age - 3)
        values = {
            "external_ref": f"{plan.prefix}-{serial:03d}", "company_cvr": plan.cvr,
            "company_name": plan.company, "employer_type": "private",
            "trainee_name": f"Demo Deltager {ref}",
            "trainee_cpr": _cpr(born, serial % 100, serial % 2 == 1),
            "target_group": target_group,
            "registered_since": add_months(start, -18 - serial % 12).isoformat(),
            "start_date": start.isoformat(), "weekly_hours": "37",
            "job_title": "Medhjælper", "status": status,
            "ended_on": ended_on.isoformat() if ended_on else "", **more}
        lines.append(";".join(values.get(column, "") for column in COLUMNS))

    ended = plan.completed + plan.terminated
    # The ends are spread over the first quarter of the period (so that the
    # chart per quarter has a quarter with five or more to show), and never
    # in its last two weeks, so that the completion bonuses are paid in it,
    # two weeks after the end. The starts likewise.
    last_day = min(today, add_months(first, 3) - timedelta(days=1))
    last_end = max(first, min(last_day, today - timedelta(days=PAID_AFTER_DAYS + 1)))
    for i in range(plan.completed):
        # Started so that its last day is the i-th day spread over the period.
        target = _spread(i, ended, first, last_end)
        start = add_months(target + timedelta(days=1), -_months(target))
        end = _course_end(start)
        if not first <= end <= today:
            start, end = _shifted_into(first, today)
        # The completion bonus falls due the day after the end: paid by
        # then, or left due.
        paid = min(end + timedelta(days=PAID_AFTER_DAYS), today) if today > end else None
        row(f"{serial + 1}", start, _AGES[i % len(_AGES)], "refugee", "completed", end,
            company_bonus_6m_paid_on=add_months(start, 7).isoformat(),
            completion_bonus_paid_on=paid.isoformat() if paid else "")
    for i in range(plan.terminated):
        ended_on = _spread(plan.completed + i, ended, first, last_end)
        start = add_months(ended_on, -10)
        row(f"{serial + 1}", start, _AGES[(i + 3) % len(_AGES)], "refugee", "terminated",
            ended_on, termination_reason="resignation",
            company_bonus_6m_paid_on=add_months(start, 7).isoformat())
    for i, target_group in enumerate(plan.started):
        start = _spread(i, len(plan.started), first, last_day)
        row(f"{serial + 1}", start, _STARTED_AGES[i % len(_STARTED_AGES)], target_group,
            "active")
    return ("\n".join(lines) + "\n").encode()


def _months(day: date) -> int:
    return rules_in_force.for_start(day).as_of(day).course.duration_months


def _shifted_into(first: date, today: date) -> tuple[date, date]:
    """A start whose end falls on `first` or the day after (a start on the
    29th-31st may end a day off), inside the period."""
    start = add_months(first + timedelta(days=1), -_months(first))
    while _course_end(start) < first:
        start += timedelta(days=1)
    return start, _course_end(start)
