"""`igu-admin bench`: measured figures, kept out of the test suite.

Runs against a throw-away SQLite database so it never touches real data.
"""

from __future__ import annotations

import secrets
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask

from igu_admin.core import clock
from igu_admin.domain.eligibility import EligibilityInput, assess
from igu_admin.domain.rulesets import load_catalogue
from igu_admin.paths import RULES_DIR

if TYPE_CHECKING:
    from igu_admin.models import AgreementVersion, SchoolingPlanVersion


def _timings(action: Callable[[], object], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _report(name: str, samples: list[float]) -> float:
    ordered = sorted(samples)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    median = statistics.median(samples)
    click.echo(f"{name:<42} n={len(samples):>5}  median {median:7.3f} ms"
               f"  p95 {p95:7.3f} ms  max {ordered[-1]:7.3f} ms")
    return median


def bench_domain(rounds: int) -> None:
    catalogue = load_catalogue(RULES_DIR)
    people = [EligibilityInput(date(2025, 3, 3) + timedelta(days=i % 300), date(1990, 1, 1),
                               date(2022, 1, 1), "refugee") for i in range(rounds)]
    started = time.perf_counter()
    for person in people:
        assess(person, catalogue, "by-start-date")
    elapsed = time.perf_counter() - started
    click.echo(f"{'domain assess (by-start-date)':<42} {rounds / elapsed:,.0f} assessments/s")


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
    from igu_admin.domain.agreement_rules import end_date
    from igu_admin.domain.schooling import PlanContext, check_plan
    from igu_admin.inputs.plan import PlanValidation
    from igu_admin.services.plans import building as schooling_plans
    from igu_admin.wording import plan as plan_messages

    start = date(2027, 3, 2)
    body = {"start_date": start.isoformat(), "weekly_hours": 37, "items": _plan_of(30, start)}
    with _bench_app() as app, app.test_request_context():
        request = PlanValidation.model_validate(body)
        ruleset = load_catalogue(RULES_DIR).get(app.config["IGU_RULESET"]).as_of(start)
        context = PlanContext(start, end_date(start, ruleset.course), request.weekly_hours,
                              False)
        elements = schooling_plans._posted_elements(request.items)
        # One unmeasured round: the holiday tables load once per process.
        schooling_plans.validate(request)
        _report("plan rules, 30 elements (check_plan)", _timings(
            lambda: check_plan(elements, context, ruleset.schooling, ruleset.course), rounds))
        _report("validate a 30-element plan (service)", _timings(
            lambda: plan_messages.worded(schooling_plans.validate(request), request.items),
            rounds))


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


def bench_pdf(rounds: int) -> None:
    """The agreement PDF of a submitted version against a bare WeasyPrint
    render of the same HTML, taken in turns so both see the same machine."""
    import weasyprint

    from igu_admin.documents import agreement_pdf

    with _bench_app() as app, app.app_context():
        version, _token = _submitted_agreement()
        html = agreement_pdf.version_html(version)
        ours: list[float] = []
        bare: list[float] = []
        # One unmeasured round each: fontconfig and the templates load once per process.
        agreement_pdf.render_version(version)
        weasyprint.HTML(string=html).write_pdf()
        for _ in range(rounds):
            ours.extend(_timings(lambda: agreement_pdf.render_version(version), 1))
            bare.extend(_timings(lambda: weasyprint.HTML(string=html).write_pdf(), 1))
    median = _report("agreement PDF (render_version)", ours)
    bare_median = _report("bare weasyprint HTML().write_pdf()", bare)
    click.echo(f"{'agreement PDF / bare (median)':<42} {median / bare_median:.2f}x")


def bench_plan_pdf(rounds: int) -> None:
    """The schooling plan's PDF with its two-year timeline, as a submission
    renders it (issue 8's target: a median of at most 500 ms)."""
    from igu_admin.documents import plan_pdf

    with _bench_app() as app, app.app_context():
        version = _submitted_plan()
        plan_pdf.render_version(version)  # unmeasured: templates and fonts load once
        samples = _timings(lambda: plan_pdf.render_version(version), rounds)
    _report("plan PDF with its timeline (render_version)", samples)


def _submitted_plan() -> SchoolingPlanVersion:
    """A plan of eight courses over the two years of a submitted agreement,
    and its first version made as a submission makes it (PDF at insert)."""
    from decimal import Decimal

    from igu_admin.core import plan_snapshot
    from igu_admin.core.unit_of_work import unit_of_work
    from igu_admin.extensions import db
    from igu_admin.models import SchoolingPlan, SchoolingPlanItem, SchoolingPlanVersion
    from igu_admin.models.base import utcnow
    from igu_admin.services import documents

    agreement_version, _token = _submitted_agreement()
    agreement = agreement_version.agreement
    start = agreement.start_date
    assert start is not None
    plan = SchoolingPlan(agreement=agreement)
    courses = [("amu", "Grundlæggende bageri", "40123", 3, 3, "111"),
               ("danish", "Danskuddannelse 2, modul 3", "", 6, 20, "148"),
               ("amu", "Hygiejne og fødevaresikkerhed", "47589", 30, 1, "37"),
               ("fvu", "FVU-læsning trin 2", "", 34, 12, "60"),
               ("amu", "Truckcertifikat", "47476", 52, 2, "74"),
               ("avu", "AVU-matematik G", "", 58, 10, "50"),
               ("amu", "Svejsning, grundlæggende", "49712", 75, 3, "111"),
               ("amu", "Kundeservice", "45678", 90, 1, "37")]
    for position, (kind, title, number, week, weeks, hours) in enumerate(courses):
        first = start + timedelta(weeks=week)
        plan.items.append(SchoolingPlanItem(
            position=position, kind=kind, title=title, provider="Skolen", course_number=number,
            start_date=first, end_date=first + timedelta(weeks=weeks, days=-3),
            hours=Decimal(hours)))
    with unit_of_work():
        db.session.add(plan)
        db.session.flush()
        version = SchoolingPlanVersion(plan_id=plan.id, number=1,
                                       data=plan_snapshot.snapshot(plan))
        version.submitted_at = utcnow()
        documents.attach_pdf(version, documents.PLAN.render(version))
        db.session.add(version)
    return version


def bench_api(rounds: int) -> None:
    """A stored version's PDF downloaded through the API (served from
    storage, never rendered again), and a change to a draft, in process."""
    with _bench_app() as app, app.app_context():
        version, token = _submitted_agreement()
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        url = f"/api/v1/agreements/{version.agreement_id}/versions/{version.number}/pdf"

        def download() -> None:
            response = client.get(url, headers=headers)
            assert response.status_code == 200 and response.data == version.pdf

        download()
        _report("GET .../versions/1/pdf (stored, via API)", _timings(download, rounds))
        draft = client.post("/api/v1/agreements", json={"job_title": "Bager"},
                            headers=headers).get_json()
        state = {"lock_version": draft["lock_version"]}

        def change() -> None:
            response = client.patch(f"/api/v1/agreements/{draft['id']}", headers=headers, json={
                "lock_version": state["lock_version"], "weekly_hours": "37.00",
                "tasks": "Bagning af rugbrød", "trainee": {"name": "Amal Østergård"}})
            assert response.status_code == 200
            state["lock_version"] = response.get_json()["lock_version"]

        _report("PATCH /api/v1/agreements/{id} (a step)", _timings(change, rounds))


@contextmanager
def _bench_app() -> Iterator[Flask]:
    """The app on a throw-away, migrated SQLite database."""
    from flask_migrate import upgrade

    from igu_admin import create_app

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"IGU_ENV": "test",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.sqlite3'}"})
        with app.app_context():
            upgrade()
        yield app


def bench_decisions(rounds: int) -> None:
    """A caseworker's decision through the API, in process: a request for
    changes (a Decision row, the status change and its audit event), and an
    approval, which also renders and stores the stamped PDF. Each round
    decides on an agreement of its own, submitted beforehand (not measured)."""
    from igu_admin.extensions import db
    from igu_admin.models import Agreement, Role
    from igu_admin.services import accounts
    from igu_admin.services.accounts import api_tokens

    with _bench_app() as app, app.app_context():
        made = _submitted_agreements(2 * rounds)
        caseworker = accounts.create_user(None, accounts.NewUser(
            email="bench-caseworker@example.dk", password=secrets.token_urlsafe(16),
            role=Role.CASEWORKER, name="Karen Sagsbehandler", municipality_code="101"))
        headers = {"Authorization": f"Bearer {api_tokens.create_token(caseworker, caseworker).secret}"}
        client = app.test_client()
        todo = iter(made)

        def decide(decision: str) -> None:
            agreement_id = next(todo)
            lock = db.session.get(Agreement, agreement_id).lock_version  # type: ignore[union-attr]
            db.session.remove()
            started = time.perf_counter()
            response = client.post(f"/api/v1/agreements/{agreement_id}/decision", headers=headers,
                                   json={"decision": decision, "reason": "Ret lønnen",
                                         "lock_version": lock})
            samples[decision].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.get_json()

        samples: dict[str, list[float]] = {"request_changes": [], "approve": []}
        for _ in range(rounds):
            decide("request_changes")
            decide("approve")
    _report("POST .../decision request_changes (API)", samples["request_changes"])
    _report("POST .../decision approve (API; copy stamped after)", samples["approve"])


def _submitted_agreements(count: int) -> list[int]:
    """`count` complete agreements of one company, each for its own trainee,
    submitted through the service (each PDF rendered once); their ids."""
    from igu_admin.core.municipalities import sync_municipalities
    from igu_admin.inputs.agreement import parse_changes
    from igu_admin.models import Role
    from igu_admin.services import accounts, agreements

    sync_municipalities()
    company = accounts.create_company(None, accounts.NewCompany(
        cvr="31415926", name="Bench Bageri ApS", municipality_code="101",
        address="Bagergade 1", postal_code="1000", city="København K"))
    employer = accounts.create_user(None, accounts.NewUser(
        email="bench-decisions@example.dk", password=secrets.token_urlsafe(16),
        role=Role.EMPLOYER, name="Bente Bager", company_id=company.id))
    start = date(clock.today().year + 1, 3, 2)
    ids = []
    for number in range(count):
        draft = agreements.create_draft(employer, parse_changes({
            "trainee": {"name": f"Amal Østergård {number}", "cpr": f"150595-{1000 + number:04d}",
                        "address": "Søndergade 12\n2100 København Ø", "municipality_code": "101",
                        "target_group": "refugee",
                        "residence_permit": {"kind": "Udlændingelovens § 7, stk. 1",
                                             "date": f"{start.year - 2}-01-10"},
                        "registered_since": f"{start.year - 2}-02-01", "previous_igu": False,
                        "recent_ordinary_employment": False},
            "start_date": start.isoformat(), "job_title": "Bagermedhjælper",
            "workplace_address": "Bagergade 1, 1000 København K", "contact_person": "Bente",
            "tasks": "Bagning af rugbrød", "weekly_hours": "37.00",
            "collective_agreement": "hk-detail",
            "terms": {"holiday": "Efter ferieloven", "notice": "Efter funktionærloven"}}))
        agreements.submit(employer, draft, draft.lock_version)
        ids.append(draft.id)
    return ids


def _submitted_agreement() -> tuple[AgreementVersion, str]:
    """A complete agreement made and submitted through the service, as the
    guided flow and the API make them (its PDF rendered once), and an API
    token of its employer."""
    from igu_admin.core.municipalities import sync_municipalities
    from igu_admin.inputs.agreement import parse_changes
    from igu_admin.models import Role
    from igu_admin.services import accounts, agreements
    from igu_admin.services.accounts import api_tokens

    sync_municipalities()
    company = accounts.create_company(None, accounts.NewCompany(
        cvr="31415926", name="Bench Bageri ApS", municipality_code="101",
        address="Bagergade 1", postal_code="1000", city="København K"))
    employer = accounts.create_user(None, accounts.NewUser(
        email="bench@example.dk", password=secrets.token_urlsafe(16), role=Role.EMPLOYER,
        name="Bente Bager", company_id=company.id))
    start = date(clock.today().year + 1, 3, 2)
    draft = agreements.create_draft(employer, parse_changes({
        "trainee": {"name": "Amal Østergård", "cpr": "150595-1234",
                    "address": "Søndergade 12\n2100 København Ø", "municipality_code": "101",
                    "target_group": "refugee",
                    "residence_permit": {"kind": "Udlændingelovens § 7, stk. 1",
                                         "date": f"{start.year - 2}-01-10"},
                    "registered_since": f"{start.year - 2}-02-01", "previous_igu": False,
                    "recent_ordinary_employment": False},
        "start_date": start.isoformat(), "job_title": "Bagermedhjælper",
        "tasks": "Æltning af dej\nBagning af rugbrød og wienerbrød\nRengøring og opvask",
        "weekly_hours": "37.00", "collective_agreement": "hk-detail",
        "terms": {"holiday": "Efter ferieloven", "notice": "Efter funktionærloven"}}))
    version = agreements.submit(employer, draft, draft.lock_version)
    return version, api_tokens.create_token(employer, employer).secret


@click.command("bench")
@click.option("--rounds", default=300, show_default=True, help="Requests per measurement.")
@click.option("--pdf-rounds", default=40, show_default=True, help="PDF renders per measurement.")
@click.option("--postgresql", envvar="IGU_BENCH_POSTGRESQL", default=None, metavar="URL",
              help="A PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/postgres) "
                   "to measure the caseworker's queue (and with --claims the claims) on as "
                   "well, in a throw-away database.")
@click.option("--claims", "claims_only", is_flag=True,
              help="Only the bonus claims at scale: the daily step, exports, finance list.")
@click.option("--claims-sizes", default="10000,100000", show_default=True,
              help="Approved agreements in each claims run, comma-separated.")
def bench(rounds: int, pdf_rounds: int, postgresql: str | None, claims_only: bool,
          claims_sizes: str) -> None:
    """Measure eligibility, plan validation, page response, PDF render and download times
    (not part of the tests); with --claims, the bonus claims at scale."""
    if claims_only:
        from igu_admin.bench.claims import bench_claims

        bench_claims(tuple(int(size) for size in claims_sizes.split(",")), postgresql)
        return
    bench_domain(rounds * 100)
    bench_plan(rounds)
    bench_web(rounds)
    bench_api(rounds)
    bench_agreement_steps(rounds)
    bench_pdf(pdf_rounds)
    bench_decisions(pdf_rounds)
    bench_plan_pdf(pdf_rounds)
    from igu_admin.bench.queue import bench_queue

    bench_queue(rounds, _report, _timings, postgresql)


# The steps of the guided agreement, in order, each with what a person types.
_STEP_FORMS: tuple[tuple[str, dict[str, str]], ...] = (
    ("trainee", {"name": "Amal Østergård", "cpr": "150595-1234",
                 "address": "Søndergade 12, 2100 København Ø", "email": "amal@example.org",
                 "phone": "+45 12 34 56 78", "municipality_code": "101"}),
    ("background", {"target_group": "refugee",
                    "residence_permit_kind": "Udlændingelovens § 7, stk. 1",
                    "residence_permit_date": "10.01.{past}", "registered_since": "01.02.{past}",
                    "absences-0-start": "01.03.{past}", "absences-0-end": "15.03.{past}",
                    "previous_igu": "no", "recent_ordinary_employment": "no"}),
    ("employment", {"start_date": "02.03.{next}", "workplace_address": "Bagergade 1, 1000 København K",
                    "job_title": "Bagermedhjælper", "tasks": "Æltning af dej\nBagning af rugbrød",
                    "weekly_hours": "37"}),
    ("wage", {"collective_agreement": "hk-detail", "basis": "monthly", "year1": "12.132,00",
              "year2": "13.429,00"}),
    ("terms", {"holiday": "Efter ferieloven.", "notice": "Efter overenskomsten.", "other": ""}),
)


def bench_agreement_steps(rounds: int) -> None:
    """Each step of the guided agreement saved through its page, in process:
    a logged-in employer posts the step (CSRF off) and is sent on. Every post
    changes the draft, so each one is a real save."""
    from igu_admin.core.municipalities import sync_municipalities
    from igu_admin.extensions import db
    from igu_admin.models import Agreement, Role
    from igu_admin.services import accounts

    with _bench_app() as app:
        app.config["WTF_CSRF_ENABLED"] = False
        password = secrets.token_urlsafe(16)
        with app.app_context():
            sync_municipalities()
            company = accounts.create_company(None, accounts.NewCompany(
                cvr="31415926", name="Bench Bageri ApS", municipality_code="101",
                address="Bagergade 1", postal_code="1000", city="København K"))
            accounts.create_user(None, accounts.NewUser(
                email="steps@example.dk", password=password, role=Role.EMPLOYER,
                name="Bente Bager", company_id=company.id))
            year = clock.today().year
        client = app.test_client()
        assert client.post("/login", data={"email": "steps@example.dk",
                                           "password": password}).status_code == 302

        def lock_version(agreement_id: int) -> str:
            with app.app_context():
                return str(db.session.get(Agreement, agreement_id).lock_version)  # type: ignore[union-attr]

        made: list[int] = []

        def start() -> None:
            response = client.post("/employer/agreements/new", data={"contact_person": "Bente"})
            assert response.status_code == 302, response.status_code
            made.append(int(response.headers["Location"].split("/")[3]))

        _report("POST step company (makes the draft)", _timings(start, rounds))
        agreement_id = made[-1]
        for step, form in _STEP_FORMS:
            typed = {name: value.format(past=year - 2, next=year + 1)
                     for name, value in form.items()}
            url = f"/employer/agreements/{agreement_id}/steps/{step}"
            samples = []
            for number in range(rounds):
                # Alternate a value, so that every post is a change saved.
                data = {**typed, "lock_version": lock_version(agreement_id),
                        "return_to": "check" if number % 2 else ""}
                data.update(_changed(step, number))
                started = time.perf_counter()
                response = client.post(url, data=data)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 302, (step, response.status_code)
            _report(f"POST step {step}", samples)


def _changed(step: str, number: int) -> dict[str, str]:
    """A value of the step that differs from one post to the next."""
    fields = {"trainee": "name", "background": "residence_permit_kind",
              "employment": "job_title", "wage": "year1", "terms": "holiday"}
    if step == "wage":
        return {"year1": f"12.{132 + number % 2:03d},00"}
    return {fields[step]: f"Runde {number}"}
