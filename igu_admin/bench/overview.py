"""`igu-admin bench --overview`: the municipality's overview and the benchmark
(issue 20's target: p95 at most 200 ms in process on PostgreSQL with 98
municipalities and 100,000 courses), on a throw-away SQLite database and,
when a server is given, a throw-away PostgreSQL database.

The courses are written with bulk inserts (the figure is of reading them):
agreements spread over the 98 municipalities and five years of start dates,
in every status a course has (and some rejected), a few continued, each with
its trainee, its first version, its decision and two claims."""

from __future__ import annotations

import gc
import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import click
from sqlalchemy import insert, select, text

from igu_admin.bench.databases import bench_app
from igu_admin.bench.timing import report, timings
from igu_admin.core.municipalities import sync_municipalities
from igu_admin.extensions import db
from igu_admin.models import (
    Agreement,
    AgreementVersion,
    BonusClaim,
    Municipality,
    Role,
    Trainee,
    User,
)
from igu_admin.models.base import utcnow
from igu_admin.services import overview
from igu_admin.testing.accounts import make_company, make_user

COURSES = 100_000
TO = date(2026, 11, 30)
FROM = date(2025, 12, 1)
_GROUPS = ("refugee", "family_reunified_to_refugee", "family_reunified", "ukraine_special_act")
_CHUNK = 5000


def bench_overview(rounds: int, postgresql: str | None, courses: int = COURSES) -> None:
    """The overview of one municipality (a caseworker's), of all (an
    administrator's), the benchmark and the quarters, on each database."""
    backends = [("SQLite", None)] + ([("PostgreSQL", postgresql)] if postgresql else [])
    for label, server in backends:
        with bench_app("overview", server) as app, app.app_context():
            codes = _fill(courses)
            caseworker = make_user(Role.CASEWORKER, municipality=codes[0]).id
            admin = make_user(Role.ADMIN).id
            db.session.commit()
            # The load's hundreds of thousands of rows are garbage now: collected
            # before measuring, as a server's heap never held them (left, the
            # collector's passes over them showed in the second database's times).
            db.session.expunge_all()
            gc.collect()
            _measure(label, codes, caseworker, admin, rounds)


def _user(user_id: int) -> User:
    # Read afresh in each round, as a request loads its user.
    found = db.session.get(User, user_id)
    assert found is not None
    return found


def _measure(label: str, codes: list[str], caseworker: int, admin: int, rounds: int) -> None:
    asks = {
        f"overview of a municipality ({label})":
            lambda: overview.overview(_user(caseworker), codes[0], FROM, TO),
        f"benchmark, {len(codes)} municipalities ({label})":
            lambda: overview.benchmark(_user(caseworker), FROM, TO),
        f"overview of all ({label})": lambda: overview.overview(_user(admin), "all", FROM, TO),
        f"8 quarters of a municipality ({label})":
            lambda: overview.quarters(_user(caseworker), codes[0], TO),
    }
    for name, ask in asks.items():
        ask()  # one unmeasured round: caches, plans

        def measured(ask: Any = ask) -> None:
            ask()
            db.session.expunge_all()

        report(name, timings(measured, rounds))


def _fill(courses: int) -> list[str]:
    """`courses` agreements over every municipality, by bulk inserts; the
    municipality codes, the first the most ordinary."""
    sync_municipalities()
    codes = list(db.session.scalars(select(Municipality.code).order_by(Municipality.code)))
    chance = random.Random(20)
    company_ids = [make_company(codes[n % len(codes)], name=f"Bench {n} ApS").id
                   for n in range(100)]
    now = utcnow()
    day0 = TO - timedelta(days=5 * 365)
    trainees = [{"first_name": "Bench", "last_name": f"Person {n}",
                 # Not a real token: the overview never decrypts.
                 "cpr_encrypted": b"bench", "cpr_hash": f"{n:064d}",
                 "birth_date": date(1970 + n % 35, 1 + n % 12, 1 + n % 28),
                 "municipality_code": codes[n % len(codes)], "created_at": now}
                for n in range(courses)]
    for first in range(0, courses, _CHUNK):
        db.session.execute(insert(Trainee), trainees[first:first + _CHUNK])
    trainee_ids = list(db.session.scalars(select(Trainee.id).order_by(Trainee.id)))
    rows: list[dict[str, Any]] = []
    for n in range(courses):
        start = day0 + timedelta(days=chance.randint(0, 5 * 365))
        end = start + timedelta(days=729)
        status = ("active" if end > TO else "completed") if start <= TO else "approved"
        termination = None
        if chance.random() < 0.2:
            termination = start + timedelta(days=chance.randint(30, 700))
            status = "terminated" if termination <= TO else status
        if chance.random() < 0.03:
            status, termination = "rejected", None
        submitted = datetime.combine(start - timedelta(days=chance.randint(20, 90)), time(9),
                                     UTC)
        rows.append({
            "company_id": company_ids[n % len(company_ids)], "trainee_id": trainee_ids[n],
            "municipality_code": codes[int(len(codes) * chance.random() ** 1.5)],
            "status": status, "ruleset_code": "igu-2024", "start_date": start, "end_date": end,
            "termination_date": termination, "termination_reason":
                "dismissal" if termination else None,
            "continued_by_cvr": "10000009" if termination and n % 7 == 0 else None,
            "trainee_name": f"Bench Person {n}", "trainee_sex": ("female", "male")[n % 2],
            "trainee_birth_date": trainees[n]["birth_date"],
            "target_group": _GROUPS[n % len(_GROUPS)],
            "registered_since": start - timedelta(days=chance.randint(100, 2000)),
            "absences": [], "submitted_at": submitted, "first_submitted_at": submitted,
            "decided_at": submitted + timedelta(days=chance.randint(1, 40)),
            "lock_version": 1, "created_at": now, "updated_at": now})
    for first in range(0, courses, _CHUNK):
        db.session.execute(insert(Agreement), rows[first:first + _CHUNK])
    agreements = list(db.session.execute(
        select(Agreement.id, Agreement.submitted_at, Agreement.start_date,
               Agreement.municipality_code, Agreement.company_id, Agreement.status)
        .order_by(Agreement.id)))
    versions = [{"agreement_id": a.id, "number": 1, "submitted_at": a.submitted_at, "data": {},
                 "pdf": None} for a in agreements]
    claims = []
    for a in agreements:
        if a.status == "rejected":
            continue
        for months, claim_type, beneficiary, amount in (
                (6, "company_bonus_6_months", "company", Decimal("20000.00")),
                (24, "result_grant", "municipality", Decimal("15000.00"))):
            due = a.start_date + timedelta(days=30 * months)
            status = "paid" if due < TO - timedelta(days=60) else "scheduled"
            claims.append({
                "agreement_id": a.id, "company_id": a.company_id,
                "municipality_code": a.municipality_code, "claim_type": claim_type,
                "beneficiary": beneficiary, "amount": amount, "due_date": due,
                "status": status, "paid_on": due + timedelta(days=30) if status == "paid"
                else None, "evidence_not_relevant": [], "lock_version": 1, "created_at": now})
    for first in range(0, len(versions), _CHUNK):
        db.session.execute(insert(AgreementVersion), versions[first:first + _CHUNK])
    for first in range(0, len(claims), _CHUNK):
        db.session.execute(insert(BonusClaim), claims[first:first + _CHUNK])
    db.session.commit()
    if db.session.get_bind().dialect.name == "postgresql":
        # What autovacuum does after a load this size: the planner's statistics.
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE"))
    click.echo(f"overview data: {courses} courses, {len(claims)} claims, "
               f"{len(codes)} municipalities")
    return codes
