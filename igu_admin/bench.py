"""`igu-admin bench`: measured figures, kept out of the test suite.

Runs against a throw-away SQLite database so it never touches real data.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import click

from igu_admin.domain.eligibility import EligibilityInput, assess
from igu_admin.domain.rulesets import load_catalogue
from igu_admin.paths import RULES_DIR

if TYPE_CHECKING:
    from igu_admin.models import AgreementVersion


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
    from flask_migrate import upgrade

    from igu_admin import create_app
    from igu_admin.services import agreement_pdf

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"IGU_ENV": "test",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.sqlite3'}"})
        with app.app_context():
            upgrade()
            version = _submitted_agreement()
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


def _submitted_agreement() -> AgreementVersion:
    """A complete agreement as submitted, its version's PDF rendered once."""
    from igu_admin.domain.lifecycle import AgreementStatus
    from igu_admin.extensions import db
    from igu_admin.models import Agreement, AgreementVersion, Company
    from igu_admin.models.base import utcnow
    from igu_admin.services import agreement_pdf, trainees
    from igu_admin.services.agreements import submitted_data
    from igu_admin.services.municipalities import sync_municipalities

    sync_municipalities()
    company = Company(cvr="31415926", name="Bench Bageri ApS", municipality_code="101",
                      address="Bagergade 1", postal_code="1000", city="København K")
    trainee = trainees.new_trainee("1505951234", "Amal", "Østergård", "101",
                                   address="Søndergade 12", postal_code="2100", city="København Ø")
    db.session.add(company)
    db.session.flush()
    agreement = Agreement(
        company_id=company.id, trainee=trainee, municipality_code="101", ruleset_code="igu-2016",
        status=AgreementStatus.SUBMITTED, start_date=date(2026, 3, 2), end_date=date(2028, 3, 1),
        workplace_address="Bagergade 1, 1000 København K", job_title="Bagermedhjælper",
        tasks="Æltning af dej\nBagning af rugbrød og wienerbrød\nRengøring og opvask",
        weekly_hours=Decimal("37"), collective_agreement="Bager- og konditoroverenskomsten",
        wage_basis="monthly", wage_rate_year1=Decimal("12132"), wage_rate_year2=Decimal("13429"),
        terms_holiday="Efter ferieloven", terms_notice="Efter funktionærloven",
        contact_person="Bente Bager", absences=[])
    db.session.add(agreement)
    db.session.flush()
    version = AgreementVersion(agreement_id=agreement.id, number=1, data=submitted_data(agreement),
                               submitted_at=utcnow())
    agreement_pdf.attach_pdf(version)
    db.session.add(version)
    db.session.commit()
    return version


@click.command("bench")
@click.option("--rounds", default=300, show_default=True, help="Requests per measurement.")
@click.option("--pdf-rounds", default=40, show_default=True, help="PDF renders per measurement.")
def bench(rounds: int, pdf_rounds: int) -> None:
    """Measure eligibility, page response and PDF render times (not part of the tests)."""
    bench_domain(rounds * 100)
    bench_web(rounds)
    bench_pdf(pdf_rounds)
