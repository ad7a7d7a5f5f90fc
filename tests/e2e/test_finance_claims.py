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
    from igu_admin.testing.claims import approved

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
    page.goto("/language/da?next=/finance/")  # another test may have left the user in English
    assert page.locator("h1").inner_text() == "Bonuskrav"
    chart = page.locator("figure.igu-chart svg[role=img]")
    assert chart.count() == 1
    assert "Søjler pr. måned" in chart.locator("desc").text_content()
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
    assert saved.suggested_filename.startswith("bonuskrav-")
    assert saved.suggested_filename.endswith(".csv")
    data = saved.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["Aftalenummer", "Kravnummer", "Krav"]
    assert sorted(line[7] for line in lines[1:]) == ["20000,00", "88817,00"]
    assert {line[8] for line in lines[1:]} == {month.strftime("%d-%m-%Y")}

    with page.expect_download() as download:
        page.locator("[data-export=xlsx]").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[-1][0] == "I alt" and values[-1][7] == 108817
    assert len(values) == 4 and sheet.freeze_panes == "A2"


def test_the_claims_page_reflows_at_320_pixels(page, live_app) -> None:
    login(page, USERS[Role.FINANCE])
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/finance/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "finance claims at 320px")


def test_an_employer_attaches_evidence_and_prepares_a_claim(page, live_app, tmp_path) -> None:
    from igu_admin.jobs.claims_due import claims_due_step
    from igu_admin.testing.claims import approved, claims_of

    with live_app.app_context():
        company = db.session.scalar(select(Company).where(Company.name == "Browser Bageri ApS"))
        agreement = approved(company, start=add_months(date.today().replace(day=1), -7))
        claims_due_step(date.today())
        claim_id = claims_of(agreement)["company_bonus_6_months"].id
        db.session.remove()
    evidence = tmp_path / "vitas.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    login(page, USERS[Role.EMPLOYER])
    page.goto(f"/language/da?next=/employer/claims/{claim_id}")
    assert page.locator("[data-claim-status]").inner_text() == "Forfalden"
    assert_accessible(page, "claim page")
    # Preparing too early: the error summary has the focus and names what is missing.
    with page.expect_navigation():
        page.get_by_role("button", name="Markér som klargjort").click()
    assert page.title().startswith("Fejl:")
    assert page.evaluate("document.activeElement.dataset.module") == "error-summary"
    assert_accessible(page, "claim page with errors")
    for code in ("vitas_registration", "employment_period"):
        page.locator(f"#document-{code}").set_input_files(str(evidence))
        with page.expect_navigation():
            page.locator(f"[data-evidence={code}] button[type=submit]").first.click()
    # The company claim is de minimis aid: the employer declares its other aid.
    page.get_by_label("Øvrig de minimis-støtte modtaget de seneste tre år (euro)").fill("0")
    page.locator("#declared").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Markér som klargjort").click()
    assert page.locator("[data-claim-status]").inner_text() == "Klargjort"
    with page.expect_download() as download:
        page.locator("[data-pdf=summary]").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    assert_accessible(page, "claim page prepared")
