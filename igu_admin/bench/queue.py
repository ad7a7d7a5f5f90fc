"""`igu-admin bench`'s figure for the caseworker's queue (issue 9's target:
p95 at most 100 ms in process with 10,000 agreements in the municipality),
on a throw-away SQLite database and, when a server is given, a throw-away
PostgreSQL database. The agreements are written with bulk inserts: the
measurement is of reading the queue, not of making the cases."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import click
from sqlalchemy import insert, select, text

from igu_admin.bench.databases import bench_app
from igu_admin.bench.timing import report, timings
from igu_admin.core.clock import today
from igu_admin.core.cpr_vault import vault
from igu_admin.core.municipalities import sync_municipalities
from igu_admin.extensions import db
from igu_admin.models import (
    Agreement,
    CourseExtension,
    Role,
    SchoolingPlan,
    SchoolingPlanItem,
    User,
)
from igu_admin.models.base import utcnow
from igu_admin.services.review.queue import QueueQuery, queue
from igu_admin.testing.accounts import make_company
from igu_admin.testing.reviews import person

MUNICIPALITY, NEIGHBOUR = "101", "751"
AGREEMENTS = 10_000
# Fewer leave some statuses, and so some figures, without agreements.
FEWEST_AGREEMENTS = 100
# How the municipality's agreements are spread over the statuses: most have
# run their course; about a tenth await the municipality.
_STATUSES = (("submitted", 600), ("changes_requested", 300), ("approved", 900),
             ("active", 4500), ("completed", 2700), ("terminated", 500), ("withdrawn", 300),
             ("rejected", 200))
_FIRST = ("Amal", "Hamid", "Sara", "Yonas", "Fatima", "Ali", "Mona", "Rahel", "Omar", "Leila")
_LAST = ("Østergård", "Hansen", "Haddad", "Tesfaye", "Ahmadi", "Nielsen", "Berhane", "Karimi")


def bench_queue(rounds: int, postgresql: str | None, agreements: int = AGREEMENTS) -> None:
    """The queue's pages as a caseworker asks for them, on each database, with
    `agreements` in the municipality (fewer only to try the command out)."""
    backends = [("SQLite", None)] + ([("PostgreSQL", postgresql)] if postgresql else [])
    for label, server in backends:
        with bench_app("queue", server) as app, app.app_context():
            caseworker, cpr = _fill(agreements)
            _measure(label, caseworker, cpr, rounds)


def _measure(label: str, caseworker: User, cpr: str, rounds: int) -> None:
    # Page 10 with the default 10,000 agreements; the last page with fewer.
    deep = min(10, queue(caseworker, QueueQuery()).pages)
    asks = {"waiting, page 1": QueueQuery(), f"waiting, page {deep}": QueueQuery(page=deep),
            "assigned to me": QueueQuery(assignee="mine"),
            "all cases, page 1": QueueQuery(status="all"),
            "name search": QueueQuery(status="all", name="østergård"),
            "CPR search": QueueQuery(status="all", cpr=cpr)}
    for name, asked in asks.items():
        page = queue(caseworker, asked)  # one unmeasured round: caches, plans
        assert page.rows, name

        def ask(asked: Any = asked) -> None:
            queue(caseworker, asked)
            db.session.expunge_all()  # each page read afresh, as a request would

        report(f"queue {name} ({label})", timings(ask, rounds))


def _fill(agreements: int) -> tuple[User, str]:
    """`agreements` in the municipality (and a fifth as many next door) with
    plans, plan elements, extension requests and assignees; the first
    caseworker, and a CPR number one of the waiting agreements has. The
    companies and caseworkers are made by the factories; the rest with bulk
    inserts (the figure is of reading the queue, not of making cases)."""
    sync_municipalities()
    chance = random.Random(9)
    now, day0 = utcnow(), today()
    companies = [make_company(MUNICIPALITY, name=f"Bench {n} ApS").id for n in range(200)]
    caseworkers = [person(Role.CASEWORKER, f"Sagsbehandler {n}", municipality=MUNICIPALITY).id
                   for n in range(8)]
    rows: list[dict[str, Any]] = []
    # Every status at least once, in the proportions of 10,000.
    statuses = [s for s, count in _STATUSES for _ in range(max(1, count * agreements // AGREEMENTS))]
    here = len(statuses)
    statuses += ["active"] * (here // 5)  # next door
    searched = ""
    for n, status in enumerate(statuses):
        cpr = f"{1 + n % 28:02d}{1 + n % 12:02d}{90 + n % 10:02d}{n % 10000:04d}"
        waited = timedelta(days=chance.randint(0, 700), minutes=n)
        start = day0 + timedelta(days=chance.randint(-700, 120))
        if status in ("submitted", "changes_requested", "approved"):
            start = day0 + timedelta(days=chance.randint(-5, 120))
        if n == 7:
            searched = cpr
        rows.append({
            "company_id": companies[n % len(companies)], "status": status,
            "municipality_code": MUNICIPALITY if n < here else NEIGHBOUR,
            "ruleset_code": "igu-2024", "start_date": start,
            "end_date": start + timedelta(days=729), "trainee_name":
            f"{_FIRST[n % len(_FIRST)]} {_LAST[(n // 10) % len(_LAST)]}",
            "trainee_cpr_encrypted": vault().encrypt(cpr),
            "trainee_cpr_hash": vault().lookup_hash(cpr), "target_group": "refugee",
            "registered_since": start - timedelta(days=800), "previous_igu": False,
            "recent_ordinary_employment": False, "absences": [],
            "assigned_caseworker_id": caseworkers[n % 8] if n % 3 == 0 else None,
            "submitted_at": now - waited, "lock_version": 1, "created_at": now - waited,
            "updated_at": now})
    db.session.execute(insert(Agreement), rows)
    ids = list(db.session.execute(select(Agreement.id, Agreement.status, Agreement.start_date)
                                  .order_by(Agreement.id)))
    plans: list[dict[str, Any]] = []
    extensions: list[dict[str, Any]] = []
    for agreement_id, status, began in ids:
        if chance.random() < 0.8:
            plan_status = "approved" if status in ("active", "completed", "terminated") else (
                "submitted" if chance.random() < 0.4 else "draft")
            if status == "approved" and chance.random() < 0.2:
                plan_status = "submitted"
            plans.append({"agreement_id": agreement_id, "status": plan_status,
                          "passed_danish_test": False, "lock_version": 1,
                          "submitted_at": None if plan_status == "draft" else now,
                          "created_at": now, "updated_at": now, "start": began})
        if status == "active" and chance.random() < 0.03:
            extensions.append({"agreement_id": agreement_id, "number": 1, "reason": "sickness",
                               "status": "requested", "first_day": day0,
                               "last_day": day0 + timedelta(days=70), "requested_at": now,
                               "lock_version": 1, "decision_reason": ""})
    starts: dict[int, date] = {p["agreement_id"]: p.pop("start") for p in plans}
    db.session.execute(insert(SchoolingPlan), plans)
    db.session.execute(insert(CourseExtension), extensions)
    items: list[dict[str, Any]] = []
    for plan_id, agreement_id in db.session.execute(
            select(SchoolingPlan.id, SchoolingPlan.agreement_id)):
        first: date = starts[agreement_id]
        items += [{"plan_id": plan_id, "position": k, "kind": "amu", "title": f"Kursus {k}",
                   "course_number": "42994", "provider": "", "note": "",
                   "start_date": first + timedelta(weeks=4 * k + 1),
                   "end_date": first + timedelta(weeks=4 * k + 1, days=4), "hours": 37}
                  for k in range(3)]
    db.session.execute(insert(SchoolingPlanItem), items)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # As autovacuum would after a load this size: the planner needs the
        # tables' statistics (without them it takes every table for empty).
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    click.echo(f"queue bench: {len(rows)} agreements ({here} in the municipality), "
               f"{len(plans)} plans, {len(items)} plan elements, {len(extensions)} extension "
               f"requests")
    caseworker = db.session.get(User, caseworkers[0])
    assert caseworker is not None
    return caseworker, searched
