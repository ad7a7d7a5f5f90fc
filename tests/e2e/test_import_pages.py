"""The import of courses in a browser: the upload page, the review of a
file's errors by row and column, and the report with the history, each
scanned by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

from datetime import date

import pytest

from igu_admin.extensions import db
from igu_admin.models import Role
from igu_admin.services.imports import files
from igu_admin.testing.accounts import make_user
from igu_admin.testing.course_imports import course_row, csv_file
from tests.e2e.test_browser import assert_accessible, login

CASEWORKER = "importerer@e2e.dk"


def _file(name: str, content: bytes) -> dict[str, object]:
    return {"name": name, "mimeType": "text/csv", "buffer": content}


def test_a_file_with_errors_then_mended(page, live_app, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "danish_today", lambda: date(2026, 6, 15))
    with live_app.app_context():
        make_user(Role.CASEWORKER, municipality="101", email=CASEWORKER)
        db.session.remove()
    page.goto("/language/da?next=/login")
    login(page, CASEWORKER)
    page.goto("/caseworker/import/")
    assert page.locator("h1").inner_text() == "Importér forløb"
    assert_accessible(page, "import courses")

    rows = [course_row(901 + n) for n in range(3)]
    lines = csv_file(rows).decode().splitlines()
    cells = lines[2].split(";")
    cells[8] = "2025-13-01"  # start_date
    lines[2] = ";".join(cells)
    page.get_by_label("Filen med forløbene").set_input_files(
        _file("fejl.csv", ("\n".join(lines) + "\n").encode()))
    with page.expect_navigation():
        page.get_by_role("button", name="Importér filen").click()
    assert page.title().startswith("Fejl:")
    assert page.locator("[data-import-errors] td code").first.inner_text() == "start_date"
    assert_accessible(page, "import courses with errors")

    page.get_by_label("Filen med forløbene").set_input_files(_file("rettet.csv", csv_file(rows)))
    with page.expect_navigation():
        page.get_by_role("button", name="Importér filen").click()
    assert page.locator("#report-heading").inner_text() == "Filen er importeret"
    assert "rettet.csv" in page.locator("[data-import-history]").inner_text()
    assert_accessible(page, "import report")
