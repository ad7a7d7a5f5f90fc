"""`igu-admin bench --claims`: the bonus claims at scale, on throw-away databases.

For each size (approved agreements) and each database (SQLite always;
PostgreSQL with --postgresql), the data is made with bulk inserts: agreements
spread over three years of start dates, their claims as the domain schedules
them, already moved up to a month before the measured day, an employer user
per company and a finance officer. Then, in one run:

- the claims step catching up a month (every claim due in it moved once),
- the day: a fixed number of agreements whose claims fall due that day (the
  same in every size, so the two sizes show whether the cost follows the
  claims or the agreements),
- the idle re-run of the same day (nothing left to move);

and, on the largest size, the CSV and XLSX exports of 100,000 claims (time
in process; peak memory in a subprocess, tracemalloc and the RSS growth),
and the finance list's page with 100,000 claims (p95 in process).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import click
from flask import Flask
from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from igu_admin.bench.databases import migrated_app
from igu_admin.core import rules_in_force
from igu_admin.core.municipalities import sync_municipalities
from igu_admin.domain import milestones
from igu_admin.domain.dates import add_months
from igu_admin.extensions import db
from igu_admin.jobs.claims_due import claims_due_step
from igu_admin.models import Agreement, BonusClaim, Company, Role, User
from igu_admin.models.base import utcnow
from igu_admin.services.claims import day_sums as claim_sums
from igu_admin.testing.accounts import PASSWORD, make_user
from igu_admin.testing.databases import throwaway_database

DAY = date(2027, 6, 1)
DAY_AGREEMENTS = 300  # agreements whose claims fall due on DAY, in every size
COMPANIES = 1000
MUNICIPALITY = "101"
EXPORT_TYPE = "company_bonus_6_months"
FINANCE_EMAIL = "finance@bench.dk"


def _start_dates(size: int) -> list[date]:
    """`size` start dates over three years before DAY; exactly DAY_AGREEMENTS
    of them start six months before DAY (their claims fall due on DAY), none
    other has a claim due that day."""
    fixed = add_months(DAY, -6)
    first = DAY - timedelta(days=3 * 365)
    spread = (DAY - first).days
    starts = [fixed] * DAY_AGREEMENTS
    i = 0
    while len(starts) < size:
        start = first + timedelta(days=(i * 7919) % spread)
        i += 1
        if start != fixed and DAY not in (add_months(start, 6), add_months(start, 24)):
            starts.append(start)
    return starts


@dataclass
class Built:
    agreements: int
    claims: int
    finance_email: str


def build(size: int) -> Built:
    """The data of the bench (inside an app context): the companies and their
    employers, agreements and claims with bulk inserts, as a load of this size
    needs; the finance officer who logs in made by the factory."""
    sync_municipalities()
    db.session.commit()
    now = utcnow()
    db.session.execute(insert(Company), [
        {"cvr": f"{90000000 + n}", "name": f"Bench {n} ApS", "municipality_code": MUNICIPALITY,
         "is_private": True, "created_at": now} for n in range(COMPANIES)])
    company_ids = list(db.session.scalars(select(Company.id).order_by(Company.id)))
    # A cheap hash: a thousand employers are made, none of them logs in.
    password = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    db.session.execute(insert(User), [
        {"email": f"employer{n}@bench.dk", "password_hash": password, "role": "employer",
         "company_id": company_id} for n, company_id in enumerate(company_ids)])
    make_user(Role.FINANCE, municipality=MUNICIPALITY, email=FINANCE_EMAIL)
    starts = _start_dates(size)
    db.session.execute(insert(Agreement), [
        {"company_id": company_ids[n % COMPANIES], "municipality_code": MUNICIPALITY,
         "status": "approved", "ruleset_code": "igu-2016", "start_date": start,
         "trainee_name": f"Bench Person {n}", "submitted_at": now,
         "integration_programme_start": start - timedelta(days=200) if n % 2 else None}
        for n, start in enumerate(starts)])
    ruleset = rules_in_force.catalogue().get("igu-2016")
    schedules: dict[tuple[date, bool], milestones.Schedule] = {}
    rows = []
    caught_up = DAY - timedelta(days=31)  # claims due before it fell due in earlier runs
    for agreement_id, company_id, start, programme in db.session.execute(
            select(Agreement.id, Agreement.company_id, Agreement.start_date,
                   Agreement.integration_programme_start).order_by(Agreement.id)):
        assert start is not None
        key = (start, programme is not None)
        if key not in schedules:
            schedules[key] = milestones.schedule(ruleset, milestones.one_employer(
                start, True, integration_programme_start=programme))
        for claim in schedules[key].claims:
            rows.append({"agreement_id": agreement_id, "company_id": company_id,
                         "municipality_code": MUNICIPALITY, "claim_type": claim.claim_type,
                         "beneficiary": claim.beneficiary, "amount": claim.amount,
                         "due_date": claim.due_date, "deadline": claim.deadline,
                         "status": "due" if claim.due_date < caught_up else "scheduled",
                         "created_at": now})
    for first in range(0, len(rows), 20000):
        db.session.execute(insert(BonusClaim), rows[first:first + 20000])
    claim_sums.rebuild(db.session())  # a bulk load: the sums are made once, after it
    db.session.commit()
    return Built(len(starts), len(rows), FINANCE_EMAIL)


def _seconds(action: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def bench_due_step(size: int, backend: str, postgresql: str | None, exports: bool) -> None:
    server = postgresql if backend == "postgresql" else None
    with throwaway_database(server, name="igu_claims_bench") as url:
        app = migrated_app(url, WTF_CSRF_ENABLED=False, IGU_RATELIMIT_ENABLED=False)
        with app.app_context():
            built_in, built = _seconds(lambda: build(size))
            click.echo(f"{backend:<10} {size:>7,} agreements, {built.claims:>7,} claims "
                       f"(made in {built_in:5.1f} s)")
            for name, day in (("catch-up a month", DAY - timedelta(days=1)),
                              ("the day", DAY), ("idle re-run", DAY)):
                seconds, report = _seconds(lambda day=day: claims_due_step(day))
                click.echo(f"  claims step {name:<18} {seconds:7.2f} s  due {report.due:>6,}"
                           f"  cancelled {report.cancelled}  reminders {report.reminders:>6,}")
            db.session.remove()
            if exports:
                bench_exports(app, url)
                bench_finance_list(app)
            db.engine.dispose()


def bench_exports(app: Flask, url: str) -> None:
    for kind in ("csv", "xlsx"):
        result = json.loads(subprocess.run(
            [sys.executable, "-c", _EXPORT_PROBE, url, kind, EXPORT_TYPE],
            capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}).stdout.splitlines()[-1])
        click.echo(f"  export {kind:<5} {result['rows']:>7,} claims  {result['seconds']:6.2f} s"
                   f"  {result['bytes'] / 1e6:6.1f} MB  peak traced {result['traced_mb']:6.1f} MB"
                   f"  RSS growth {result['rss_growth_mb']:6.1f} MB (RSS {result['rss_mb']:.0f} MB)")


# Run in a subprocess, so that its peak memory is the export's alone: time
# without tracing, then the same export again under tracemalloc.
_EXPORT_PROBE = r"""
import json, sys, time, tracemalloc
from igu_admin import create_app
from igu_admin.models import User
from igu_admin.extensions import db
from igu_admin.services.claims.queries import ClaimFilter
from igu_admin.web.claim_exports import export_chunks
from flask_login import login_user
url, kind, claim_type = sys.argv[1:4]
app = create_app({"IGU_ENV": "test", "SQLALCHEMY_DATABASE_URI": url})
def run():
    size = 0
    with app.test_request_context():
        login_user(db.session.scalar(db.select(User).where(User.email == "finance@bench.dk")))
        for chunk in export_chunks(kind, ClaimFilter(claim_type=claim_type)):
            size += len(chunk)
        db.session.remove()
    return size
with app.app_context():
    db.engine.connect().close()
def status(field):
    # This process's own figures: ru_maxrss would carry the parent's peak over exec.
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])
rss_before = status("VmRSS")
started = time.perf_counter()
size = run()
seconds = time.perf_counter() - started
rss_after = status("VmHWM")
tracemalloc.start()
run()
traced = tracemalloc.get_traced_memory()[1]
with app.app_context():
    from igu_admin.models import BonusClaim
    rows = db.session.scalar(db.select(db.func.count()).select_from(BonusClaim)
                             .where(BonusClaim.claim_type == claim_type))
print(json.dumps({"rows": rows, "seconds": seconds, "bytes": size, "traced_mb": traced / 2**20,
                  "rss_growth_mb": (rss_after - rss_before) / 1024, "rss_mb": rss_after / 1024}))
"""


def bench_finance_list(app: Flask, rounds: int = 60) -> None:
    """The finance officer's list page (a page of 50, the totals of every claim
    and the chart) and an export-sized filter, through the test client."""
    client = app.test_client()
    assert client.post("/login", data={"email": FINANCE_EMAIL,
                                       "password": PASSWORD}).status_code == 302
    for name, url in (("finance list, no filter", "/finance/"),
                      ("finance list, a period", "/finance/?due_from=01.06.2027&due_to=30.06.2027"),
                      ("finance list, next page", None)):
        if url is None:
            page = client.get("/finance/").get_data(as_text=True)
            found = page.split('rel="next"')[0].rsplit('href="', 1)[-1].split('"')[0]
            url = found.replace("&amp;", "&")
        samples = []
        client.get(url)  # templates and statements warm
        for _ in range(rounds):
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        ordered = sorted(samples)
        p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
        click.echo(f"  {name:<27} n={rounds}  median {statistics.median(samples):6.1f} ms"
                   f"  p95 {p95:6.1f} ms")


def bench_claims(sizes: tuple[int, ...], postgresql: str | None) -> None:
    backends = ["sqlite"] + (["postgresql"] if postgresql else [])
    for backend in backends:
        for size in sizes:
            bench_due_step(size, backend, postgresql, exports=size == max(sizes))
