"""The igu-admin command: eligibility exit codes, users, demo data, bench."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from igu_admin.models import Role
from igu_admin.services.accounts.users import find_user_by_email
from tests.conftest import make_app

BASE = ["eligibility", "check", "--start-date", "2025-03-03", "--registered-since", "2022-01-10",
        "--target-group", "refugee", "--lang", "en"]
# 50 on the start date: too old under the act in force then (igu-2024, the default).
TOO_OLD = "1975-03-03"


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


def test_eligible_exits_0_and_explains(app) -> None:
    result = run(app, *BASE, "--birth-date", "1995-06-01")
    assert result.exit_code == 0, result.output
    assert "ELIGIBLE (igu-2024)" in result.output
    assert "years old" in result.output


def test_not_eligible_exits_1(app) -> None:
    result = run(app, *BASE, "--birth-date", TOO_OLD)
    assert result.exit_code == 1
    assert "[FAIL] age" in result.output


def test_json_output_is_the_api_shape(app, client) -> None:
    result = run(app, *BASE, "--cpr", "010695-1235", "--json", "--absence",
                 "2023-01-01:2023-01-31", "--previous-igu")
    assert result.exit_code == 1
    body = json.loads(result.output)
    api = client.post("/api/v1/eligibility", headers={"Accept-Language": "en"}, json={
        "start_date": "2025-03-03", "registered_since": "2022-01-10", "target_group": "refugee",
        "cpr": "010695-1235", "absences": [{"from": "2023-01-01", "to": "2023-01-31"}],
        "previous_igu": True}).get_json()
    assert body == api


@pytest.mark.parametrize(("extra", "field"), [
    (["--birth-date", "1995-02-30"], "birth_date"),
    (["--birth-date", "1995-06-01", "--ruleset", "igu-1999"], "ruleset"),
    (["--cpr", "12"], "cpr"),
    (["--birth-date", "1995-06-01", "--absence", "2023-01-01"], "absences.0.to"),
    ([], "birth_date"),
    (["--birth-date", "2026-01-01"], "start_date"),
])
def test_bad_input_exits_2_with_the_message_on_stderr(app, extra: list[str], field: str) -> None:
    result = run(app, *BASE, *extra)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{field}: ")
    assert result.stdout == ""


def test_an_unknown_target_group_exits_2(app) -> None:
    args = [a if a != "refugee" else "tourist" for a in BASE]
    result = run(app, *args, "--birth-date", "1995-06-01")
    assert result.exit_code == 2
    assert "target_group" in result.stderr


def test_the_installed_command_gives_the_exit_codes(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("igu-admin")
    env = {**os.environ, "IGU_INSTANCE_PATH": str(tmp_path),
           "IGU_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    codes = []
    for birth in ("1995-06-01", TOO_OLD, "not-a-date"):
        done = subprocess.run([str(exe), *BASE, "--birth-date", birth], env=env,
                              capture_output=True, text=True, timeout=60)
        codes.append(done.returncode)
    assert codes == [0, 1, 2]
    assert "birth_date:" in done.stderr


def test_create_user_and_company(app) -> None:
    result = run(app, "create-company", "--cvr", "31415926", "--name", "Bager ApS",
                 "--municipality", "101")
    assert result.exit_code == 0, result.output
    result = run(app, "create-user", "--email", "Ejer@Example.dk", "--role", "employer",
                 "--password", "a very long password", "--company-cvr", "31415926")
    assert result.exit_code == 0, result.output
    user = find_user_by_email("ejer@example.dk")
    assert user.role == Role.EMPLOYER
    assert user.company.cvr == "31415926"


def test_create_user_refuses_a_short_password(app) -> None:
    result = run(app, "create-user", "--email", "x@example.dk", "--role", "admin",
                 "--password", "short")
    assert result.exit_code == 2
    assert "password" in result.output + result.stderr


def test_demo_data_is_idempotent_and_prints_a_login_for_each_role(app) -> None:
    first = run(app, "demo-data")
    second = run(app, "demo-data")
    assert first.exit_code == second.exit_code == 0
    for role in Role:
        assert role.value in first.output
    assert first.output == second.output
    from igu_admin.extensions import db
    from igu_admin.models import (
        Agreement,
        AgreementStatus,
        BonusClaim,
        ClaimEvidence,
        CourseImport,
    )

    statuses = sorted(a.status for a in db.session.query(Agreement).where(
        Agreement.started_by != "import"))
    assert statuses == [AgreementStatus.ACTIVE, AgreementStatus.APPROVED,
                        AgreementStatus.COMPLETED, AgreementStatus.DRAFT, AgreementStatus.DRAFT,
                        AgreementStatus.SUBMITTED]
    # The completed course's certificate is the evidence of its completion claim.
    [completed] = db.session.query(Agreement).where(
        Agreement.status == AgreementStatus.COMPLETED, Agreement.started_by == "employer")
    evidence = db.session.query(ClaimEvidence).join(BonusClaim).where(
        BonusClaim.agreement_id == completed.id).all()
    assert [e.evidence_code for e in evidence] == ["completion_certificate"]
    # The running course followed: a check-in, a mentor, an approved change of
    # its hours (a new version), at risk for its schooling plan past its deadline.
    from igu_admin.models import AgreementAmendment, User
    from igu_admin.services import follow_up

    [running] = db.session.query(Agreement).where(Agreement.status == AgreementStatus.ACTIVE,
                                                  Agreement.started_by == "employer")
    caseworker = db.session.query(User).filter_by(email="sagsbehandler@demo.igu-admin.dk").one()
    followed = follow_up.follow_up_of(caseworker, running)
    assert len(followed.check_ins) == 1 and followed.mentor is not None
    assert followed.course.risk.risk == "at_risk"
    assert "plan_missing" in [reason.code for reason in followed.course.risk.reasons]
    [amendment] = db.session.query(AgreementAmendment).where(
        AgreementAmendment.agreement_id == running.id)
    assert amendment.status == "approved" and len(running.versions) == 2
    # The municipality's import of its past and running courses, once, with its history.
    # (The overview's courses are the other imports: test_demo_overview.)
    imported = {a.external_ref: a for a in db.session.query(Agreement).where(
        Agreement.started_by == "import", Agreement.external_ref.like("KBH-20%"))}
    assert {ref: a.status for ref, a in imported.items()} == {
        "KBH-2024-017": AgreementStatus.COMPLETED, "KBH-2026-003": AgreementStatus.ACTIVE}
    [history] = db.session.query(CourseImport).where(
        CourseImport.filename == "forloeb-fra-fagsystemet.csv")
    assert (history.created, history.errors, history.channel) == (2, 0, "web")
    assert db.session.query(CourseImport).count() == 4  # and one per overview municipality
    imported_claims = {(a.external_ref, c.claim_type, c.status) for a in imported.values()
                       for c in db.session.query(BonusClaim).where(BonusClaim.agreement_id == a.id)}
    # Paid on the file's dates, or due when reached and not paid.
    assert imported_claims == {
        ("KBH-2024-017", "company_bonus_6_months", "paid"),
        ("KBH-2024-017", "company_bonus_completion", "paid"),
        ("KBH-2026-003", "company_bonus_6_months", "due"),
        ("KBH-2026-003", "company_bonus_completion", "scheduled")}
    # One of the drafts is the demo jobcentre's, started for the demo company.
    started = [a for a in db.session.query(Agreement) if a.started_by == "municipality"]
    assert [(a.status, a.started_by_municipality_code, a.trainee_name) for a in started] == [
        (AgreementStatus.DRAFT, "101", "Leyla Demo")]
    # The running course's claims: those whose day has come are due at once.
    every_import = db.session.query(Agreement.id).where(Agreement.started_by == "import")
    claims = sorted((c.claim_type, c.status) for c in db.session.query(BonusClaim).where(
        BonusClaim.agreement_id.not_in([completed.id, *(i for i, in every_import)])))
    assert ("company_bonus_6_months", "due") in claims
    assert ("municipality_result_grant", "due") in claims
    assert len(claims) == 5


def test_messages_are_danish_by_default_and_worded_as_on_the_admin_pages(app) -> None:
    created = run(app, "create-company", "--cvr", "31415926", "--name", "Bager ApS",
                  "--municipality", "101")
    assert created.output.strip() == "Virksomheden Bager ApS (CVR 31415926) er oprettet."
    again = run(app, "create-company", "--cvr", "31415926", "--name", "Bager ApS",
                "--municipality", "101")
    assert again.exit_code == 2
    assert "cvr: Der findes allerede en virksomhed med dette CVR-nummer." in again.stderr
    short = run(app, "create-user", "--email", "x@example.dk", "--role", "admin",
                "--password", "short")
    assert "password: Adgangskoden skal have mindst 12 tegn." in short.stderr


def test_the_eligibility_verdict_follows_the_language(app) -> None:
    danish = [a if a != "en" else "da" for a in BASE]
    eligible = run(app, *danish, "--birth-date", "1995-06-01")
    assert eligible.exit_code == 0
    assert eligible.output.startswith("KAN STARTE I IGU (igu-2024)")
    assert "  [ja ] age: " in eligible.output
    not_eligible = run(app, *danish, "--birth-date", TOO_OLD)
    assert not_eligible.exit_code == 1
    assert not_eligible.output.startswith("KAN IKKE STARTE I IGU (igu-2024)")
    assert "  [nej] age: " in not_eligible.output


def test_demo_data_is_refused_in_production(tmp_path: Path, monkeypatch) -> None:
    import secrets

    from cryptography.fernet import Fernet
    from flask_migrate import upgrade

    from igu_admin.extensions import db
    from igu_admin.models import User

    monkeypatch.setenv("IGU_SECRET_KEY", secrets.token_hex(32))
    monkeypatch.setenv("IGU_DATA_KEY", Fernet.generate_key().decode())
    production = make_app(f"sqlite:///{tmp_path / 'production.sqlite3'}", IGU_ENV="production")
    with production.app_context():  # as the igu-admin command pushes it
        upgrade()
        result = production.test_cli_runner().invoke(args=["demo-data"])
        assert result.exit_code != 0
        assert "Demodata oprettes ikke i produktion" in result.stderr
        assert "adgangskode:" not in result.output
        assert db.session.query(User).count() == 0
        db.engine.dispose()


def test_bench_prints_its_figures_without_alembic_logging(tmp_path: Path, monkeypatch) -> None:
    """One round of each figure, SQLite only (bench makes its own databases,
    so once, whatever the backend): every figure's line, the PDFs' ratios to
    a bare WeasyPrint render among them, and none of the lines Alembic logs
    while it migrates bench's throw-away databases. The times themselves
    depend on the machine and are not asserted."""
    monkeypatch.delenv("IGU_BENCH_POSTGRESQL", raising=False)
    result = run(make_app(f"sqlite:///{tmp_path / 'cli.sqlite3'}"), "bench", "--rounds", "1",
                 "--pdf-rounds", "1", "--queue-agreements", "200",
                 "--list-agreements", "4")
    assert result.exit_code == 0, result.output
    assert "INFO  [alembic" not in result.output
    for figure in ("domain assess (by-start-date)", "validate a 30-element plan (service)",
                   "GET /login", "PATCH /api/v1/agreements/{id} (a step)", "POST step terms",
                   "agreement PDF (render_version)", "POST .../decision approve",
                   "plan PDF with its timeline (render_version)",
                   "bare weasyprint HTML().write_pdf() (plan)", "queue CPR search (SQLite)",
                   "GET /api/v1/agreements?limit=100"):
        assert figure in result.output, figure
    for document in ("agreement PDF", "plan PDF"):
        assert re.search(rf"^{document} / bare \(median\) +\d+\.\d\dx$", result.output, re.M), document
