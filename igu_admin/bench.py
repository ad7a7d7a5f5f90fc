"""`igu-admin bench`: measured figures, kept out of the test suite.

Runs against a throw-away SQLite database so it never touches real data.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import click

from igu_admin.domain.eligibility import EligibilityInput, assess
from igu_admin.domain.rulesets import load_catalogue
from igu_admin.paths import RULES_DIR


def _timings(action: Callable[[], object], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _report(name: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    click.echo(f"{name:<42} n={len(samples):>5}  median {statistics.median(samples):7.3f} ms"
               f"  p95 {p95:7.3f} ms  max {ordered[-1]:7.3f} ms")


def bench_domain(rounds: int) -> None:
    catalogue = load_catalogue(RULES_DIR)
    people = [EligibilityInput(date(2025, 3, 3) + timedelta(days=i % 300), date(1990, 1, 1),
                               date(2022, 1, 1), "refugee") for i in range(rounds)]
    started = time.perf_counter()
    for person in people:
        assess(person, catalogue, "by-start-date")
    elapsed = time.perf_counter() - started
    click.echo(f"{'domain assess (by-start-date)':<42} {rounds / elapsed:,.0f} assessments/s")


def bench_web(rounds: int) -> None:
    from flask_migrate import upgrade

    from igu_admin import create_app

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"IGU_ENV": "test", "WTF_CSRF_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.sqlite3'}"})
        with app.app_context():
            upgrade()
        client = app.test_client()
        body = {"start_date": "2025-03-03", "cpr": "010695-1235", "registered_since": "2022-01-10",
                "target_group": "refugee"}
        _report("POST /api/v1/eligibility (anonymous, CPR)",
                _timings(lambda: client.post("/api/v1/eligibility", json=body), rounds))
        form = {"start_date": "03.03.2025", "cpr": "010695-1235", "registered_since": "10.01.2022",
                "target_group": "refugee", "previous_igu": "no",
                "recent_ordinary_employment": "no"}
        _report("POST /eligibility (page with result)",
                _timings(lambda: client.post("/eligibility", data=form), rounds))
        _report("GET /login", _timings(lambda: client.get("/login"), rounds))


@click.command("bench")
@click.option("--rounds", default=300, show_default=True, help="Requests per measurement.")
def bench(rounds: int) -> None:
    """Measure eligibility and page response times (not part of the tests)."""
    bench_domain(rounds * 100)
    bench_web(rounds)
