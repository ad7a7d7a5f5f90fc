"""The demo's courses for the overview and the benchmark: three municipalities,
each with five or more courses ended in the default period, courses started
in it, claims due and paid, and a breakdown cell of 1-4."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from igu_admin.core import clock
from igu_admin.domain.overview_periods import default_period
from igu_admin.extensions import db
from igu_admin.models import Agreement, BonusClaim, Role, User
from igu_admin.services import demo, imports
from igu_admin.services import overview as figures
from igu_admin.services.demo import overview

MUNICIPALITIES = ("101", "147", "751")


def test_three_municipalities_have_courses_ended_and_started_in_the_default_period(app) -> None:
    demo.ensure_demo_data()
    period = default_period(clock.today())
    for code in MUNICIPALITIES:
        ended = db.session.scalar(select(func.count(Agreement.id)).where(
            Agreement.municipality_code == code,
            Agreement.status.in_(("completed", "terminated")),
            Agreement.end_date.between(period.from_, period.to)
            | Agreement.termination_date.between(period.from_, period.to)))
        assert ended is not None and ended >= 5, code
        started = db.session.scalar(select(func.count(Agreement.id)).where(
            Agreement.municipality_code == code,
            Agreement.start_date.between(period.from_, period.to)))
        assert started is not None and started >= 5, code
    paid = db.session.scalar(select(func.count(BonusClaim.id)).where(
        BonusClaim.paid_on.between(period.from_, period.to)))
    # Each completion bonus is paid two weeks after its end, and the ends
    # lie in the period but for its last two weeks.
    if (period.to - period.from_).days > overview.PAID_AFTER_DAYS:
        assert paid is not None and paid >= 15


def test_a_second_run_imports_nothing_more(app) -> None:
    demo.ensure_demo_data()
    count = db.session.scalar(select(func.count(Agreement.id)))
    demo.ensure_demo_data()
    assert db.session.scalar(select(func.count(Agreement.id))) == count


@pytest.mark.parametrize("today", [date(2027, 1, 1), date(2024, 2, 29), date(2026, 3, 31),
                                   date(2026, 12, 31)])
def test_the_demo_files_are_valid_whatever_day_the_demo_is_loaded(app, today: date) -> None:
    period = default_period(today)
    for number, plan in enumerate(overview.PLANS):
        report = imports.import_file(None, plan.code, overview.demo_file(
            plan, number, period.from_, today), "csv", channel="cli", dry_run=True,
            today=today)
        assert report.errors == [], (today, plan.code)
        assert report.valid == plan.completed + plan.terminated + len(plan.started)


def test_the_overview_and_the_benchmark_show_the_three_municipalities(app) -> None:
    demo.ensure_demo_data()
    period = default_period(clock.today())
    administrator = db.session.scalars(select(User).where(User.role == Role.ADMIN)).first()
    for code in MUNICIPALITIES:
        shown = figures.overview(administrator, code, period.from_, period.to)
        assert shown.started is not None and shown.started >= 5, code
        assert shown.early_end_share is not None, code
        if (period.to - period.from_).days > overview.PAID_AFTER_DAYS:  # see above
            assert shown.company_bonus.due is not None and shown.company_bonus.due >= 5, code
    own = figures.overview(administrator, demo.DEMO_MUNICIPALITY, period.from_, period.to)
    # Two target groups of 1-4 trainees, shown as "<5".
    assert {"by_target_group.family_reunified",
            "by_target_group.family_reunified_to_refugee"} <= set(own.small)
    assert own.by_target_group["refugee"] is not None
    benchmark = figures.benchmark(administrator, period.from_, period.to)
    groups = {row.municipality_code: row.group for row in benchmark.rows}
    assert all(groups[code] is not None for code in MUNICIPALITIES)
