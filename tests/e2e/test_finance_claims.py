"""A finance officer filters a period of bonus claims and exports it, in a real
browser; axe-core on the claims page with its chart, and at 320 px."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from igu_admin.domain.dates import add_months
from igu_admin.extensions import db
from igu_admin.models import Company, Role
from tests.e2e.conftest import USERS
from tests.e2e.test_browser import assert_accessible, login


def _claims(live_app) -> date:
    """Three approved courses of the browser's company whose six-month claims
    fall due two, three and four months from now; the month of the middle one."""
    from tests.integration.claim_records import approved

    first = date.today().replace(day=1)
    with live_app.app_context():
        company = db.session.scalar(select(Company).where(Company.name == "Browser Bageri ApS"))
        for months_back in (4, 3, 2):
            approved(company, start=add_months(first, -months_back),
                     programme_start=add_months(first, -10) if months_back == 3 else None)
        db.session.remove()
    return add_months(first, 3)


def test_a_finance_officer_filters_a_period_and_exports_it(page, live_app) -> None:
    month = _claims(live_app)
    login(page, USERS[Role.FINANCE])
    page.goto("/finance/")
    assert page.locator("h1").inner_text() == "Bonuskrav"
    chart = page.locator("figure.igu-chart svg[role=img]")
    assert chart.count() == 1
    assert "Søjler pr. måned" in chart.locator("desc").inner_text()
    assert_accessible(page, "finance claims with chart")

    last_day = add_months(month, 1).replace(day=1).toordinal() - 1
    page.get_by_label("Forfalder fra").fill(month.strftime("%d.%m.%Y"))
    page.get_by_label("Forfalder til og med").fill(date.fromordinal(last_day).strftime("%d.%m.%Y"))
    with page.expect_navigation():
        page.get_by_role("button", name="Vis krav").click()
    rows = page.locator("tr[data-claim]")
    assert rows.count() == 2  # the company's claim and the municipality's grant that month
    assert page.locator("[data-total]").inner_text().startswith("2 krav, 108.817,00")
    assert_accessible(page, "finance claims filtered")

    with page.expect_download() as download:
        page.locator("[data-export=csv]").click()
    saved = download.value
    assert saved.suggested_filename.startswith("bonuskrav-") and saved.suggested_filename.endswith(".csv")
    data = open(saved.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["Aftalenummer", "Kravnummer", "Krav"]
    assert sorted(line[7] for line in lines[1:]) == ["20000,00", "88817,00"]
    assert {line[8] for line in lines[1:]} == {month.strftime("%d-%m-%Y")}

    with page.expect_download() as download:
        page.locator("[data-export=xlsx]").click()
    sheet = load_workbook(download.value.path()).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[-1][0] == "I alt" and values[-1][7] == 108817
    assert len(values) == 4 and sheet.freeze_panes == "A2"


def test_the_claims_page_reflows_at_320_pixels(page, live_app) -> None:
    login(page, USERS[Role.FINANCE])
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/finance/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "finance claims at 320px")
