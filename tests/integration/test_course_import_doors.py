"""The import's three doors over one service: the command (exit codes 0, 1
and 2, --json), the API (200 and 422 with the report, 415, 413, 400, 401,
403, 404) and the page /caseworker/import (upload, the errors by row and
column, the report, the templates, the history). And the issue's
done-criterion: a mixed file gives exactly the report, nothing written; the
file mended, its courses appear with their claims; a second import changes
nothing."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from igu_admin.extensions import db
from igu_admin.models import Agreement, BonusClaim, CourseImport, Role, User
from igu_admin.services.accounts import api_tokens
from igu_admin.services.imports import files
from igu_admin.testing.accounts import make_user
from igu_admin.testing.course_imports import course_row, csv_file
from tests.conftest import Auth, csrf_token

TODAY = date(2026, 6, 15)
URL = "/api/v1/imports/courses"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_KEYS = {"rows", "valid", "created", "updated", "unchanged", "conflicts", "errors"}


@pytest.fixture(autouse=True)
def import_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """The import's day (the rows are judged against it) is fixed."""
    monkeypatch.setattr(files, "danish_today", lambda: TODAY)


def good_rows() -> list[Any]:
    return [course_row(1, company_bonus_6m_paid_on=date(2026, 4, 2)), course_row(2),
            course_row(3, status="terminated", start_date=date(2025, 1, 6),
                       end_date=date(2027, 1, 5), ended_on=date(2025, 5, 31),
                       termination_reason="dismissal"),
            course_row(4, status="completed", start_date=date(2024, 3, 1),
                       end_date=date(2026, 2, 28), ended_on=date(2026, 2, 28))]


def mixed_file() -> bytes:
    """The good rows, and two bad ones: row 3 with a start date that is no
    date, row 6 (a fifth course) with a CPR number that is no CPR number."""
    lines = csv_file([*good_rows(), course_row(5)]).decode().splitlines()
    cells = lines[2].split(";")
    cells[8] = "2025-13-01"  # start_date
    lines[2] = ";".join(cells)
    cells = lines[5].split(";")
    cells[5] = "12345"  # trainee_cpr
    lines[5] = ";".join(cells)
    return ("\n".join(lines) + "\n").encode()


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": "en"}


# --- the command --------------------------------------------------------------------


def invoke(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=["import", "courses", *args])


def test_the_command_imports_and_a_second_run_changes_nothing(app: Flask, tmp_path: Path
                                                              ) -> None:
    path = tmp_path / "forloeb.csv"
    path.write_bytes(csv_file(good_rows()))
    first = invoke(app, str(path), "--municipality", "101", "--json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.output) == {"rows": 4, "valid": 4, "created": 4, "updated": 0,
                                        "unchanged": 0, "conflicts": [], "errors": []}
    again = invoke(app, str(path), "--municipality", "101", "--json")
    assert again.exit_code == 0 and json.loads(again.output)["unchanged"] == 4
    text = invoke(app, str(path), "--municipality", "101")
    assert text.exit_code == 0 and "unchanged: 4" in text.output.replace("uændrede", "unchanged")
    line = db.session.scalars(select(CourseImport).order_by(CourseImport.id)).first()
    assert line is not None and (line.channel, line.filename, line.user_id) == (
        "cli", "forloeb.csv", None)


def test_the_command_exits_1_for_invalid_rows_and_writes_nothing(app: Flask,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "forloeb.csv"
    path.write_bytes(mixed_file())
    result = invoke(app, str(path), "--municipality", "101", "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert [(e["row"], e["field"]) for e in report["errors"]] == [(3, "start_date"),
                                                                 (6, "trainee_cpr")]
    assert count(Agreement) == 0
    assert "12345" not in result.output  # the value typed is never repeated
    assert invoke(app, str(path), "--municipality", "101").exit_code == 1


def test_the_command_exits_0_when_only_conflicts_are_left(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "forloeb.csv"
    path.write_bytes(csv_file(good_rows()))
    invoke(app, str(path), "--municipality", "101")
    changed = good_rows()
    changed[1] = course_row(2, job_title="Kok")
    path.write_bytes(csv_file(changed))
    result = invoke(app, str(path), "--municipality", "101", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["conflicts"] == [{"row": 3, "external_ref": "REF-2"}]
    dry = invoke(app, str(path), "--municipality", "101", "--json", "--update", "--dry-run")
    assert dry.exit_code == 0 and json.loads(dry.output)["updated"] == 1
    assert invoke(app, str(path), "--municipality", "101", "--update").exit_code == 0
    assert db.session.scalar(select(Agreement.job_title).where(
        Agreement.external_ref == "REF-2")) == "Kok"


@pytest.mark.parametrize("args", [
    ["--municipality", "101"],                       # no FILE
    ["{file}"],                                      # no --municipality
    ["{file}", "--municipality", "999"],             # no such municipality
    ["{missing}", "--municipality", "101"],          # no such file
    ["{file}", "--municipality", "101", "--fast"],   # no such option
], ids=["no-file", "no-municipality", "unknown-municipality", "missing-file", "bad-option"])
def test_bad_usage_exits_2(app: Flask, tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "forloeb.csv"
    path.write_bytes(csv_file(good_rows()))
    filled = [a.format(file=path, missing=tmp_path / "none.csv") for a in args]
    assert invoke(app, *filled).exit_code == 2
    assert count(Agreement) == 0


# --- the API ------------------------------------------------------------------------


def post(client: FlaskClient, user: User | None, body: bytes, query: str = "municipality=101",
         content_type: str = CSV, **headers: str) -> Any:
    sent = {**(bearer(user) if user is not None else {}), "Content-Type": content_type,
            **headers}
    return client.post(f"{URL}?{query}", data=body, headers=sent)


def test_the_api_imports_and_answers_the_report(app: Flask, client: FlaskClient) -> None:
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    answer = post(client, caseworker, csv_file(good_rows()),
                  **{"Content-Disposition": 'attachment; filename="uge 23.csv"'})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.json == {"rows": 4, "valid": 4, "created": 4, "updated": 0, "unchanged": 0,
                           "conflicts": [], "errors": []}
    line = db.session.scalar(select(CourseImport))
    assert line is not None and (line.channel, line.filename, line.user_id) == (
        "api", "uge 23.csv", caseworker.id)
    again = post(client, caseworker, csv_file(good_rows()), "municipality=101&dry_run=true")
    assert again.status_code == 200 and again.json["unchanged"] == 4


def test_the_api_answers_422_with_every_error_and_writes_nothing(app: Flask,
                                                                 client: FlaskClient) -> None:
    answer = post(client, make_user(Role.CASEWORKER), mixed_file())
    assert answer.status_code == 422
    body = answer.json
    assert set(body) == REPORT_KEYS
    assert (body["rows"], body["valid"], body["created"]) == (5, 3, 0)
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(3, "start_date"),
                                                                (6, "trainee_cpr")]
    assert all(set(e) == {"row", "field", "message"} and e["message"] for e in body["errors"])
    assert count(Agreement) == 0


def test_the_api_reads_an_xlsx_workbook(app: Flask, client: FlaskClient) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in csv_file(good_rows()).decode().splitlines():
        sheet.append(line.split(";"))
    buffer = io.BytesIO()
    book.save(buffer)
    answer = post(client, make_user(Role.ADMIN), buffer.getvalue(), content_type=XLSX)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.json["created"] == 4


def test_an_unreadable_file_is_a_report_with_one_error(app: Flask, client: FlaskClient) -> None:
    answer = post(client, make_user(Role.CASEWORKER), b"not;the;template\n1;2;3\n")
    assert answer.status_code == 422
    assert [(e["row"], e["field"]) for e in answer.json["errors"]] == [(1, "file")]


def test_the_api_refuses_another_body_or_a_too_large_one(app: Flask,
                                                         client: FlaskClient) -> None:
    caseworker = make_user(Role.CASEWORKER)
    wrong = post(client, caseworker, b"{}", content_type="application/json")
    assert wrong.status_code == 415 and "body" in wrong.json["errors"]
    large = post(client, caseworker, b"x" * (files.MAX_FILE_BYTES + 1))
    assert large.status_code == 413
    assert count(Agreement) == count(CourseImport) == 0


@pytest.mark.parametrize(("query", "field"), [
    ("", "municipality"), ("municipality=1010", "municipality"),
    ("municipality=101&dry_run=yes", "dry_run"), ("municipality=101&update=1", "update"),
    ("municipality=101&other=x", "other"),
], ids=["missing", "unknown", "dry-run-yes", "update-1", "unknown-parameter"])
def test_bad_query_parameters_answer_400(app: Flask, client: FlaskClient, query: str,
                                         field: str) -> None:
    answer = post(client, make_user(Role.CASEWORKER), csv_file(good_rows()), query)
    assert answer.status_code == 400 and field in answer.json["errors"]


def test_who_may_import_through_the_api(app: Flask, client: FlaskClient) -> None:
    body = csv_file(good_rows())
    assert post(client, None, body).status_code == 401
    for role in (Role.EMPLOYER, Role.FINANCE):
        assert post(client, make_user(role), body).status_code == 403
    other = make_user(Role.CASEWORKER, municipality="751")
    assert post(client, other, body).status_code == 404
    assert count(Agreement) == count(CourseImport) == 0
    assert post(client, make_user(Role.ADMIN), body, "municipality=751").status_code == 200


def test_the_operation_is_in_the_openapi_document(app: Flask, client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").json
    operation = document["paths"]["/api/v1/imports/courses"]["post"]
    assert set(operation["requestBody"]["content"]) == {CSV, XLSX}
    assert {"200", "400", "401", "403", "404", "413", "415", "422"} <= set(operation["responses"])


# --- the page -----------------------------------------------------------------------


def upload(client: FlaskClient, body: bytes, **fields: Any) -> Any:
    token = csrf_token(client, "/caseworker/import/")
    data = {"csrf_token": token, "file": (io.BytesIO(body), "forloeb.csv"), **fields}
    return client.post("/caseworker/import/", data=data, content_type="multipart/form-data")


def test_the_page_imports_a_file_and_shows_the_report(app: Flask, client: FlaskClient,
                                                      auth: Auth) -> None:
    caseworker = make_user(Role.CASEWORKER)
    auth.login(caseworker.email)
    assert "/caseworker/import/" in client.get("/caseworker/").get_data(as_text=True)
    page = upload(client, csv_file(good_rows()))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "data-import-report" in html
    assert count(Agreement) == 4
    history = client.get("/caseworker/import/").get_data(as_text=True)
    assert "data-import-history" in history and "forloeb.csv" in history


def test_the_page_lists_every_error_by_row_and_column(app: Flask, client: FlaskClient,
                                                      auth: Auth) -> None:
    auth.login(make_user(Role.CASEWORKER).email)
    page = upload(client, mixed_file())
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "data-import-errors" in html
    assert "<code>start_date</code>" in html and "<code>trainee_cpr</code>" in html
    assert "12345" not in html
    assert count(Agreement) == 0


def test_the_page_asks_for_a_file(app: Flask, client: FlaskClient, auth: Auth) -> None:
    auth.login(make_user(Role.CASEWORKER).email)
    token = csrf_token(client, "/caseworker/import/")
    page = client.post("/caseworker/import/", data={"csrf_token": token},
                       content_type="multipart/form-data")
    assert page.status_code == 400 and 'aria-invalid="true"' in page.get_data(as_text=True)


def test_the_templates_download(app: Flask, client: FlaskClient, auth: Auth) -> None:
    auth.login(make_user(Role.CASEWORKER).email)
    csv_answer = client.get("/caseworker/import/template.csv")
    assert csv_answer.status_code == 200 and b"external_ref" in csv_answer.data
    xlsx_answer = client.get("/caseworker/import/template.xlsx")
    assert xlsx_answer.status_code == 200 and xlsx_answer.data.startswith(b"PK")


def test_who_may_use_the_page(app: Flask, client: FlaskClient, auth: Auth) -> None:
    for role in (Role.EMPLOYER, Role.FINANCE):
        auth.login(make_user(role).email)
        assert client.get("/caseworker/import/").status_code == 403
        auth.logout()
    auth.login(make_user(Role.ADMIN).email)
    assert client.get("/caseworker/import/").status_code == 200
    page = upload(client, csv_file(good_rows()), municipality="751")
    assert page.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Agreement).where(
        Agreement.municipality_code == "751")) == 4


# --- the done-criterion -----------------------------------------------------


def test_a_mixed_file_then_mended_then_again(app: Flask, client: FlaskClient) -> None:
    caseworker = make_user(Role.CASEWORKER)
    mixed = post(client, caseworker, mixed_file())
    assert mixed.status_code == 422
    assert mixed.json["rows"] == 5 and mixed.json["valid"] == 3
    assert count(Agreement) == count(BonusClaim) == 0
    mended = csv_file([*good_rows(), course_row(5)])
    done = post(client, caseworker, mended)
    assert done.json == {"rows": 5, "valid": 5, "created": 5, "updated": 0, "unchanged": 0,
                         "conflicts": [], "errors": []}
    statuses = {ref: status for ref, status in db.session.execute(
        select(Agreement.external_ref, Agreement.status).where(Agreement.started_by == "import"))}
    assert statuses == {"REF-1": "active", "REF-2": "active", "REF-3": "terminated",
                        "REF-4": "completed", "REF-5": "active"}
    claims = {(ref, c.claim_type): c.status for ref, c in db.session.execute(
        select(Agreement.external_ref, BonusClaim).join(Agreement))}
    assert claims[("REF-1", "company_bonus_6_months")] == "paid"
    assert claims[("REF-2", "company_bonus_6_months")] == "due"
    assert claims[("REF-3", "company_bonus_6_months")] == "cancelled"
    assert claims[("REF-4", "company_bonus_completion")] == "due"
    assert claims[("REF-5", "company_bonus_completion")] == "scheduled"
    again = post(client, caseworker, mended)
    assert again.json["created"] == again.json["updated"] == 0
    assert again.json["unchanged"] == 5


# --- the benchmark ------------------------------------------------------------------


def test_the_bench_imports_a_generated_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    """A small N, SQLite only: the figures' lines are printed (their times
    depend on the machine and are not asserted)."""
    from igu_admin.core import clock
    from tests.conftest import make_app

    monkeypatch.delenv("IGU_BENCH_POSTGRESQL", raising=False)
    monkeypatch.setattr(files, "danish_today", clock.today)  # the bench's own day
    app = make_app(f"sqlite:///{tmp_path / 'bench.sqlite3'}")
    result = app.test_cli_runner().invoke(args=["bench", "--import-courses", "30"])
    assert result.exit_code == 0, result.output
    assert "sqlite" in result.output and "read and check the rows" in result.output
    assert "created     30" in result.output and "unchanged     30" in result.output
    assert "INFO  [alembic" not in result.output
