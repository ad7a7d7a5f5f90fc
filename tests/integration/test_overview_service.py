"""The overview and the benchmark as the services read them (issue 20), on
both databases: imported courses count like the others, a continued course
once, tenancy answers 404, an employer 403, and the benchmark's rows agree
with each municipality's overview."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from igu_admin.core.errors import NotFound, PermissionDenied
from igu_admin.domain.lifecycle import AgreementStatus
from igu_admin.extensions import db
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import Agreement, AuditEvent, Role
from igu_admin.services import imports, overview
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_course, make_trainee
from igu_admin.testing.course_imports import course_row, read

FROM, TO = date(2026, 1, 1), date(2026, 6, 30)
TODAY = date(2026, 6, 30)


def imported(municipality: str, rows: list) -> None:
    report = imports.import_courses(None, municipality, read(*rows), channel="cli", today=TODAY)
    assert not report.errors, report.errors


def rows_101() -> list:
    """Started in the period: 7 (one a man's, six women's...); ended: 4
    completed, 2 early, 1 early and continued."""
    made = []
    for n in range(7):  # started in the period, running
        made.append(course_row(n, start_date=date(2026, 2, 2), end_date=date(2028, 2, 1),
                               trainee_cpr=f"0101{90 + n:02d}100{2 * n + (n == 0)}"))
    for n in range(7, 11):  # completed in the period
        made.append(course_row(n, start_date=date(2024, 3, 1), end_date=date(2026, 2, 28),
                               status="completed", ended_on=date(2026, 2, 28),
                               end_date_given=True))
    for n in range(11, 13):  # ended early in the period
        made.append(course_row(n, start_date=date(2025, 3, 3), end_date=date(2027, 3, 2),
                               status="terminated", ended_on=date(2026, 3, 31),
                               termination_reason="dismissal"))
    made.append(course_row(13, start_date=date(2025, 3, 3), end_date=date(2027, 3, 2),
                           status="terminated", ended_on=date(2026, 4, 30),
                           termination_reason="dismissal", continued_by_cvr="10000009"))
    return made


@pytest.fixture
def world(app):
    imported("101", rows_101())
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    return {"caseworker": caseworker, "finance": make_user(Role.FINANCE, municipality="101"),
            "admin": make_user(Role.ADMIN), "far": make_user(Role.CASEWORKER, municipality="751"),
            "employer": make_user(Role.EMPLOYER, company=make_company("101"))}


def test_imported_courses_give_the_figures(world) -> None:
    shown = overview.overview(world["caseworker"], "101", FROM, TO)
    assert shown.municipality_code == "101"
    assert shown.started == 7
    assert shown.active_on_to == 7
    assert (shown.completed, shown.ended_early, shown.continued) == (None, None, None)
    assert {"completed", "ended_early", "continued"} <= set(shown.small)
    # 2 early of 6 ended: a share on 6 courses is shown.
    assert shown.early_end_share == Decimal("0.33")
    assert shown.by_target_group == {"refugee": 7}
    # One man among seven: his cell and the women's go.
    assert shown.by_sex == {"female": None, "male": None}
    assert shown.suppressed.count("by_sex.female") == 1 and "by_sex.male" in shown.small
    # No decisions (imports are not decided in igu-admin): not shown.
    assert shown.median_days_submitted_to_decided is None
    # registered 2023-05-01 to 2026-02-02.
    assert shown.median_days_registered_to_start == (date(2026, 2, 2) - date(2023, 5, 1)).days
    assert shown.by_age_band["30-39"] is not None or "by_age_band.30-39" in shown.suppressed


def test_the_period_must_not_run_backwards(world) -> None:
    with pytest.raises(InputErrors):
        overview.overview(world["caseworker"], "101", TO, FROM)


def test_tenancy_and_roles(world) -> None:
    with pytest.raises(NotFound):
        overview.overview(world["far"], "101", FROM, TO)
    with pytest.raises(NotFound):
        overview.overview(world["caseworker"], "all", FROM, TO)
    with pytest.raises(NotFound):
        overview.overview(world["admin"], "999", FROM, TO)
    with pytest.raises(PermissionDenied):
        overview.overview(world["employer"], "101", FROM, TO)
    with pytest.raises(PermissionDenied):
        overview.benchmark(world["employer"], FROM, TO)
    assert overview.overview(world["finance"], "101", FROM, TO).started == 7
    assert overview.overview(world["admin"], "all", FROM, TO).started == 7
    assert [m.code for m in overview.municipalities_for(world["admin"])] == ["101"]
    assert [m.code for m in overview.municipalities_for(world["far"])] == ["751"]


def decided(company, submitted: datetime, decided_at: datetime, status=AgreementStatus.ACTIVE,
            start: date = date(2026, 3, 2)) -> Agreement:
    number = db.session.scalar(select(func.count()).select_from(Agreement))
    course = make_course(company, start=start, status=status,
                         trainee=make_trainee(f"020385{5000 + number:04d}"))
    course.decided_at = decided_at
    # As submission leaves it: the first submission kept, the latest beside it.
    course.first_submitted_at = submitted
    course.submitted_at = decided_at - timedelta(hours=1)
    db.session.commit()
    return course


def test_days_from_first_submission_to_decision_in_danish_days(world) -> None:
    company = make_company("101")
    utc = UTC
    # 23:30 UTC on 1 March is 00:30 on 2 March in Denmark (CET).
    for days in (3, 4, 10, 11, 12):
        decided(company, datetime(2026, 3, 1, 23, 30, tzinfo=utc),
                datetime(2026, 3, 2, 9, 0, tzinfo=utc) + timedelta(days=days))
    decided(company, datetime(2026, 3, 1, 10, 0, tzinfo=utc),
            datetime(2026, 3, 31, 10, 0, tzinfo=utc), status=AgreementStatus.REJECTED)
    shown = overview.overview(world["caseworker"], "101", FROM, TO)
    assert shown.median_days_submitted_to_decided == Decimal("10.5")
    bench = overview.benchmark(world["admin"], FROM, TO)
    assert bench.instance_median_days_submitted_to_decided == Decimal("10.5")


def test_the_benchmark_agrees_with_the_overview(world) -> None:
    imported("751", [course_row(100 + n, start_date=date(2024, 3, 1), end_date=date(2026, 2, 28),
                                status="completed", ended_on=date(2026, 2, 28),
                                end_date_given=True, external_ref=f"B-{n}") for n in range(5)])
    imported("751", [course_row(200, start_date=date(2025, 3, 3), end_date=date(2027, 3, 2),
                                status="terminated", ended_on=date(2026, 3, 31),
                                termination_reason="dismissal", external_ref="B-9")])
    imported("147", [course_row(300, external_ref="C-1")])
    bench = overview.benchmark(world["caseworker"], FROM, TO)
    rows = {row.municipality_code: row for row in bench.rows}
    assert sorted(rows) == ["101", "147", "751"]
    assert rows["101"].ended == 6 and rows["751"].ended == 6
    assert rows["101"].early_end_share == Decimal("0.33")
    assert rows["751"].early_end_share == Decimal("0.17")
    # Both all refugees: the expected share is the instance's, 3 in 12.
    assert rows["101"].expected_early_end_share == Decimal("0.25")
    assert rows["101"].difference == Decimal("0.08")
    assert rows["751"].difference == Decimal("-0.08")
    assert (rows["751"].group, rows["101"].group) == (1, 3)
    assert rows["147"] == overview.figures.ov.BenchmarkRow("147", 0, None, None, None, None, None)
    admin = world["admin"]
    for code in ("101", "751"):
        shown = overview.overview(admin, code, FROM, TO)
        assert shown.early_end_share == rows[code].early_end_share


def test_the_forecast_uses_the_instance_share_when_the_municipalitys_is_not_shown(world) -> None:
    imported("751", [course_row(400, start_date=date(2026, 1, 5), end_date=date(2028, 1, 4),
                                external_ref="F-1")])
    shown = overview.overview(world["admin"], "751", FROM, TO)
    assert shown.early_end_share is None
    assert shown.forecast.basis == "instance"
    assert shown.forecast.early_end_share_used == Decimal("0.33")
    assert len(shown.forecast.months) == 12 and shown.forecast.months[0].month == "2026-07"
    scheduled = [m for m in shown.forecast.months if m.scheduled_amount]
    assert scheduled, "the 6-month bonus of a course from January falls due in July"
    assert all(m.expected_amount == (m.scheduled_amount * Decimal("0.67")).quantize(
        Decimal("0.01")) for m in scheduled)


def test_the_sex_is_stored_with_the_number(world) -> None:
    sexes = db.session.execute(select(Agreement.external_ref, Agreement.trainee_sex)
                               .where(Agreement.external_ref.in_(["REF-0", "REF-1"])))
    assert dict(sexes.all()) == {"REF-0": "male", "REF-1": "female"}


def test_quarters(world) -> None:
    found = overview.quarters(world["caseworker"], "101", TO)
    assert [q.quarter for q in found][-2:] == ["2026-Q1", "2026-Q2"]
    assert (found[-2].started, found[-2].ended) == (7, 6)
    # The second quarter: one early end, continued: no ended course.
    assert (found[-1].started, found[-1].ended) == (0, 0)


def test_the_database_counts_as_the_domain_does(world) -> None:
    """The aggregate queries (the service's path) and the domain's rules
    applied to each agreement give the same measures, on both databases:
    birthdays on and after the first day, a leap day, a continued chain, an
    early end recorded for a later day, a course that ended before the period."""
    company = make_company("101")
    start = date(2026, 3, 2)
    for n, birth in enumerate((date(2008, 3, 2), date(2008, 3, 3), date(2001, 3, 2),
                               date(2001, 3, 3), date(1976, 3, 2), date(1976, 3, 3),
                               date(2004, 2, 29))):
        course = make_course(company, start=start,
                             trainee=make_trainee(f"{birth:%d%m%y}{(5 if birth.year >= 2000 else 1)}"
                                                  f"{n:02d}{n % 2}"))
        course.registered_since = start - timedelta(days=100 + n)
    first = make_course(company, start=date(2025, 1, 6), status=AgreementStatus.TERMINATED,
                        trainee=make_trainee("0505851230"))
    first.termination_date, first.continued_by_cvr = date(2026, 2, 27), "10000009"
    second = make_course(company, start=date(2026, 3, 2), trainee=make_trainee("0505851240"))
    second.continues_agreement_id = first.id
    later = make_course(company, start=date(2025, 2, 3), trainee=make_trainee("0606861231"))
    later.termination_date = date(2026, 8, 31)
    old = make_course(company, start=date(2023, 1, 2), status=AgreementStatus.COMPLETED,
                      trainee=make_trainee("0707871232"))
    old.end_date = date(2024, 12, 31)
    db.session.commit()
    for from_, to in ((FROM, TO), (date(2026, 3, 2), date(2026, 3, 2)),
                      (date(2026, 2, 27), date(2026, 8, 31)), (date(2024, 1, 1), date(2027, 1, 1))):
        counted = overview.figures.counted_measures("101", from_, to)
        ruled = overview.figures.ov.measures(overview.figures.course_records("101", from_, to),
                                             from_, to, overview.figures._all_days(
                                                 overview.figures.decision_days("101", from_, to)))
        assert counted == ruled, (from_, to)
        everywhere = overview.figures.counted_measures(None, from_, to)
        assert everywhere == counted
    march = overview.figures.counted_measures("101", start, start)
    # 18 on the day, 17; 25 on the day, 24; 50 on the day, 49; 22 (leap day).
    assert march.by_age_band == {"18-24": 3, "25-29": 1, "30-39": 0, "40-49": 1}


def test_each_quarter_is_the_overview_of_its_three_months(world) -> None:
    company = make_company("101")
    utc = UTC
    for n, days in enumerate((1, 2, 3, 4, 5, 6)):
        decided(company, datetime(2026, 3, 31, 21, 30, tzinfo=utc),  # 23:30 in Denmark (CEST)
                datetime(2026, 3, 31, 21, 30, tzinfo=utc) + timedelta(days=days),
                start=date(2026, 4, 1 + n))
    admin = world["admin"]
    for quarter in overview.quarters(admin, "101", date(2026, 9, 30)):
        whole = overview.overview(admin, "101", quarter.from_, quarter.to)
        ended = None if whole.completed is None or whole.ended_early is None \
            else whole.completed + whole.ended_early
        assert quarter.started == whole.started, quarter.quarter
        if whole.completed is not None and whole.ended_early is not None:
            assert quarter.ended == ended, quarter.quarter
        assert quarter.median_days_submitted_to_decided == \
            whole.median_days_submitted_to_decided, quarter.quarter
    second = overview.quarters(admin, "101", date(2026, 6, 30))[-1]
    assert (second.quarter, second.started, second.median_days_submitted_to_decided) == (
        "2026-Q2", 6, Decimal("3.5"))


def test_one_pass_counts_as_the_two_queries(world) -> None:
    for from_, to in ((FROM, TO), (date(2026, 3, 31), date(2026, 3, 31)),
                      (date(2024, 1, 1), date(2028, 1, 1))):
        for code in ("101", None):
            ended, active = overview.figures.ended_and_active(code, from_, to)
            assert ended == overview.figures.ended_kinds(code, from_, to)
            assert active == overview.figures.active_on(code, to)


def test_an_imported_continuation_is_no_new_start(world) -> None:
    """Course 13 ended early on 30 April, continued by CVR 10000009; the
    municipality's file also holds the continuation at that company, from
    1 May, for the same trainee: one course, so no new start."""
    continued = rows_101()[13]
    imported("101", [course_row(40, start_date=date(2026, 5, 1), end_date=date(2027, 3, 2),
                                company_cvr="10000009", company_name="Videre ApS",
                                trainee_cpr=continued.trainee_cpr, external_ref="REF-40")])
    shown = overview.overview(world["admin"], "101", FROM, TO)
    assert shown.started == 7
    assert shown.active_on_to == 8
    # The import linked the two: one course, with its audit event.
    later = db.session.scalar(select(Agreement).where(Agreement.external_ref == "REF-40"))
    first = db.session.scalar(select(Agreement).where(Agreement.external_ref == "REF-13"))
    assert later.continues_agreement_id == first.id
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.entity_id == str(later.id), AuditEvent.action == "continuation_linked"))
    # Held to the domain's rules agreement by agreement, this one included.
    counted = overview.figures.counted_measures("101", FROM, TO)
    ruled = overview.figures.ov.measures(
        overview.figures.course_records("101", FROM, TO), FROM, TO,
        overview.figures._all_days(overview.figures.decision_days("101", FROM, TO)))
    assert counted == ruled
    # A new course of another trainee at that company is a start.
    imported("101", [course_row(41, start_date=date(2026, 5, 1), end_date=date(2028, 4, 30),
                                company_cvr="10000009", company_name="Videre ApS",
                                external_ref="REF-41")])
    assert overview.overview(world["admin"], "101", FROM, TO).started == 8
