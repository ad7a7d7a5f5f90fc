"""The rules in process, without HTTP: eligibility assessments per second,
and a 30-element schooling plan checked and validated."""

from __future__ import annotations

import time
from datetime import date, timedelta

import click

from igu_admin.bench.databases import bench_app
from igu_admin.bench.timing import NAME_WIDTH, report, timings
from igu_admin.core import rules_in_force
from igu_admin.domain.agreement_rules import end_date
from igu_admin.domain.eligibility import EligibilityInput, assess
from igu_admin.domain.rulesets import load_catalogue
from igu_admin.domain.schooling import PlanContext, check_plan
from igu_admin.inputs.plan import PlanValidation
from igu_admin.paths import RULES_DIR
from igu_admin.services.plans import building as schooling_plans
from igu_admin.wording import plan as plan_messages


def bench_domain(rounds: int) -> None:
    catalogue = load_catalogue(RULES_DIR)
    people = [EligibilityInput(date(2025, 3, 3) + timedelta(days=i % 300), date(1990, 1, 1),
                               date(2022, 1, 1), "refugee") for i in range(rounds)]
    started = time.perf_counter()
    for person in people:
        assess(person, catalogue, "by-start-date")
    elapsed = time.perf_counter() - started
    click.echo(f"{'domain assess (by-start-date)':<{NAME_WIDTH}} {rounds / elapsed:,.0f} assessments/s")


def _plan_of(elements: int, start: date) -> list[dict[str, object]]:
    """`elements` courses of a week each (Monday to Friday, 20 hours), every
    third week from the first Monday after `start`, as the API takes them."""
    monday = start + timedelta(days=7 - start.weekday())
    return [{"kind": "amu" if n % 3 else "danish", "title": f"Kursus {n + 1}",
             "course_number": "42994" if n % 3 else "",
             "start": (monday + timedelta(weeks=3 * n)).isoformat(),
             "end": (monday + timedelta(weeks=3 * n, days=4)).isoformat(), "hours": "20"}
            for n in range(elements)]


def bench_plan(rounds: int) -> None:
    """Validating a 30-element plan in process (issue 8's target: p95 at most
    5 ms): the rules alone, and the service with every finding worded, as
    the public API does it (without HTTP)."""
    start = date(2027, 3, 2)
    body = {"start_date": start.isoformat(), "weekly_hours": 37, "items": _plan_of(30, start)}
    with bench_app() as app, app.test_request_context():
        request = PlanValidation.model_validate(body)
        ruleset = rules_in_force.catalogue().select(
            rules_in_force.default_mode(), start).ruleset.as_of(start)
        context = PlanContext(start, end_date(start, ruleset.course), request.weekly_hours,
                              False)
        elements = [item.element() for item in request.items]
        # One unmeasured round: the holiday tables load once per process.
        schooling_plans.validate(request)
        report("plan rules, 30 elements (check_plan)", timings(
            lambda: check_plan(elements, context, ruleset.schooling, ruleset.course), rounds))
        report("validate a 30-element plan (service)", timings(
            lambda: plan_messages.worded(schooling_plans.validate(request), request.items),
            rounds))
