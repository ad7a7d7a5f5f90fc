"""`igu-admin bench --import-courses N`: a municipality's file of N running
and past courses read, checked and imported, on a throw-away SQLite database
and, with --postgresql, on PostgreSQL. Printed per database: the file's
size, the reading and checking alone, the whole import (reading included,
in one transaction), the same file imported again (nothing to do), and the
process's peak resident memory (the high-water mark, so later figures show
whether the import's memory stays bounded)."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import click

from igu_admin.bench.databases import bench_app
from igu_admin.core.clock import today as danish_today
from igu_admin.core.municipalities import sync_municipalities
from igu_admin.domain.dates import add_months
from igu_admin.extensions import db
from igu_admin.inputs.course_import import CourseRow, read_courses
from igu_admin.services import imports
from igu_admin.testing.accounts import valid_cvr
from igu_admin.testing.course_imports import course_row, csv_file

MUNICIPALITY = "101"
COMPANIES = 200


def _cpr(n: int) -> str:
    """A distinct CPR number per course (born 19(90-99), 7th digit 1-3)."""
    return (f"{1 + n % 28:02d}{1 + (n // 28) % 12:02d}{90 + (n // 336) % 10:02d}"
            f"{1000 + n % 3000:04d}")


def courses(size: int, today: date) -> list[CourseRow]:
    """`size` courses started over the three years before `today`: running
    ones, completed ones, one in ten terminated, some claims paid."""
    cvrs = [valid_cvr(20000 + n) for n in range(COMPANIES)]
    rows = []
    for n in range(size):
        start = today - timedelta(days=30 + (n * 7919) % (3 * 365))
        end = add_months(start, 24) - timedelta(days=1)
        values: dict[str, Any] = {
            "external_ref": f"BENCH-{n:06d}", "company_cvr": cvrs[n % COMPANIES],
            "company_name": f"Bench Import {n % COMPANIES} ApS", "trainee_cpr": _cpr(n),
            "start_date": start, "end_date": end, "registered_since": start - timedelta(days=400),
            "weekly_hours": Decimal("37.00")}
        six_months = add_months(start, 6)
        if n % 10 == 9 and start + timedelta(days=100) < today:
            values.update(status="terminated", ended_on=start + timedelta(days=100),
                          termination_reason="dismissal")
        elif end < today:
            values.update(status="completed", ended_on=end)
            if end + timedelta(days=40) <= today and n % 2:
                values["completion_bonus_paid_on"] = end + timedelta(days=40)
        if ("ended_on" not in values or values["status"] == "completed") \
                and six_months + timedelta(days=30) <= today and n % 2:
            values["company_bonus_6m_paid_on"] = six_months + timedelta(days=30)
        rows.append(course_row(n, **values))
    return rows


def _peak_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _seconds(action: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def bench_import(size: int, postgresql: str | None) -> None:
    for backend in ["sqlite"] + (["postgresql"] if postgresql else []):
        server = postgresql if backend == "postgresql" else None
        with bench_app("import_bench", server) as app, app.app_context():
            sync_municipalities()
            db.session.commit()
            _measure(app, backend, size)
            db.session.remove()


def _measure(app: Any, backend: str, size: int) -> None:
    today = danish_today()
    content = csv_file(courses(size, today))
    with app.test_request_context():
        read_in, read = _seconds(lambda: read_courses(content, "csv", today))
        assert not read.errors, read.errors[:3]
        click.echo(f"{backend:<10} {size:>6,} courses, a file of {len(content) / 1e6:5.2f} MB")
        click.echo(f"  read and check the rows            {read_in:7.2f} s")
        for name in ("import (read, check, write)", "import again (unchanged)"):
            seconds, report = _seconds(lambda: imports.import_file(
                None, MUNICIPALITY, content, "csv", channel="cli", filename="bench.csv"))
            assert not report.errors, report.errors[:3]
            click.echo(f"  {name:<34}{seconds:7.2f} s  created {report.created:>6,}"
                       f"  unchanged {report.unchanged:>6,}  peak RSS {_peak_rss_mb():6.0f} MB")
