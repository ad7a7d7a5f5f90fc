"""The schooling plan in a real browser, as the issue's done-when says: the
demo employer builds a valid plan from empty for the submitted demo
agreement through the element form (picking an AMU course from the
catalogue fills it in), sees the rules' errors and the total as it goes,
sees the plan on the timeline, sends it and downloads the plan PDF; axe-core
on the builder in its error state, on the element form's error state, on
the builder with its timeline and on the receipt."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pypdf
import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from igu_admin.core import rules_in_force
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementStatus, Role
from igu_admin.services import demo
from tests.conftest import make_app
from tests.e2e.test_browser import assert_accessible, login

AMU_COURSE = ("Personbefordring med bus", "40531", 30)  # from data/amu-courses.toml


@dataclass(frozen=True)
class DemoSite:
    url: str
    employer: str
    password: str
    agreement_id: int
    trainee: str
    start: date
    required_weeks: int
    hours_per_week: int
    danish_counts_double: bool


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    """igu-admin with its demo data (`igu-admin demo-data`), on a free port."""
    from flask_migrate import upgrade

    app = make_app(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}")
    with app.app_context():
        upgrade()
        logins = demo.ensure_demo_data()
        employer = next(login for login in logins if login.role == Role.EMPLOYER.value)
        agreement = db.session.scalar(select(Agreement).where(
            Agreement.status == AgreementStatus.SUBMITTED))
        assert agreement is not None and agreement.start_date is not None
        rule = rules_in_force.in_force_for(agreement).schooling
        site = (employer.email, employer.password, agreement.id, agreement.trainee_name or "",
                agreement.start_date, rule.weeks, rule.hours_per_week,
                "danish" in rule.double_counted_kinds)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield DemoSite(f"http://127.0.0.1:{server.server_port}", *site)
    server.shutdown()


@pytest.fixture
def demo_page(browser, demo_site: DemoSite) -> Iterator[object]:
    context = browser.new_context(base_url=demo_site.url, locale="da-DK",
                                  extra_http_headers={"Accept-Language": "da"},
                                  accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def typed(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def save(page, button: str) -> None:
    with page.expect_navigation():  # the page after the click, not before it
        page.get_by_role("button", name=button).click()


def add_element(page) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name="Tilføj et element").click()
    assert page.locator("h1").inner_text() == "Tilføj et element"


def test_the_demo_employer_builds_sends_and_downloads_a_valid_plan(
        demo_page, demo_site: DemoSite) -> None:
    page = demo_page
    login(page, demo_site.employer, demo_site.password)
    assert page.locator("h1").inner_text() == "Mine IGU-forløb"
    row = page.locator(f"tr[data-agreement='{demo_site.agreement_id}']")
    assert "Undervisningsplanen skal være på plads senest" in row.inner_text()
    with page.expect_navigation():
        row.get_by_role("link", name=f"Ikke påbegyndt undervisningsplan for {demo_site.trainee}"
                        ).click()

    # The empty plan: its errors and "0,0 af N uger"; axe in the error state.
    assert page.locator("h1").inner_text() == "Undervisningsplan"
    assert page.locator("[data-findings=errors]").is_visible()
    total = page.locator("#plan-total")
    assert f"0,0 af {demo_site.required_weeks} uger" in total.inner_text()
    assert_accessible(page, "the empty plan with its errors")

    # The element form refuses an empty element at its fields, then takes an
    # AMU course picked from the catalogue: number, last day and hours filled in.
    add_element(page)
    save(page, "Tilføj elementet")
    assert page.title().startswith("Fejl:")
    assert page.evaluate("document.activeElement.dataset.module") == "error-summary"
    assert_accessible(page, "the element form with errors")
    year = demo_site.start.year
    amu_start = first_monday(year, 9)  # September and October hold no public holidays
    title, number, days = AMU_COURSE
    page.get_by_label("Første dag").fill(typed(amu_start))
    page.get_by_label("Kursets titel").fill(title)
    page.get_by_label("Kursets titel").press("Tab")
    assert page.locator("#kind-0").is_checked()  # AMU
    assert page.get_by_label("AMU-nummer").input_value() == number
    hours_per_day = Decimal(demo_site.hours_per_week) / 5
    amu_hours = days * hours_per_day
    assert page.get_by_label("Skoletimer").input_value() == f"{amu_hours:f}".rstrip("0").rstrip(
        ".").replace(".", ",")
    assert page.get_by_label("Sidste dag").input_value() == typed(
        amu_start + timedelta(weeks=days // 5, days=-3))  # whole weeks, Monday to Friday
    page.get_by_label("Skole eller sprogcenter").fill("Roskilde Tekniske Skole")
    save(page, "Tilføj elementet")
    assert "er tilføjet" in page.locator(".igu-flashes").inner_text()
    amu_weeks = amu_hours / demo_site.hours_per_week
    assert f"{amu_weeks:.1f}".replace(".", ",") + f" af {demo_site.required_weeks} uger" in \
        page.locator("#plan-total").inner_text()
    assert page.locator("[data-code=weeks_short]").is_visible()
    assert_accessible(page, "the plan with one element and its errors")

    # Danish education makes up the rest (its hours count double under the 20-week rules).
    add_element(page)
    missing = demo_site.required_weeks * demo_site.hours_per_week - amu_hours
    danish_hours = missing / 2 if demo_site.danish_counts_double else missing
    page.get_by_label("Danskuddannelse", exact=True).check()
    page.get_by_label("Kursets titel").fill("Danskuddannelse 2, modul 3")
    page.get_by_label("Skole eller sprogcenter").fill("Sprogcenter Vejle")
    page.get_by_label("Første dag").fill(typed(date(year, 3, 1)))
    page.get_by_label("Sidste dag").fill(typed(date(year, 8, 31)))
    page.get_by_label("Skoletimer").fill(f"{danish_hours:f}".replace(".", ","))
    save(page, "Tilføj elementet")

    # The plan is valid: no errors, the required weeks counted, each element listed.
    assert page.locator("[data-findings=errors]").count() == 0
    assert f"{demo_site.required_weeks},0 af {demo_site.required_weeks} uger" in \
        page.locator("#plan-total").inner_text()
    assert page.locator("#element-1 h3").inner_text() == f"1. AMU: {title}"
    assert page.locator("#element-2 h3").inner_text() == "2. Danskuddannelse: " \
                                                       "Danskuddannelse 2, modul 3"
    # Reorder: the Danish course comes first in time, so it goes first.
    with page.expect_navigation():
        page.get_by_role("button", name="Flyt op element 2").click()
    assert page.locator("#element-1 h3").inner_text().startswith("1. Danskuddannelse")
    assert "er flyttet" in page.locator(".igu-flashes").inner_text()
    # The two years at a glance: the school weeks of both kinds on the timeline.
    timeline = page.locator("#plan-timeline")
    assert timeline.locator("td.tl-school").count() >= days // 5 + 20
    legend = timeline.locator(".tl-legend").inner_text()
    assert "AMU" in legend and "Danskuddannelse" in legend
    assert timeline.get_by_text("1. Danskuddannelse: Danskuddannelse 2, modul 3").count() == 1
    assert_accessible(page, "the valid plan with its timeline")
    # Reflow at 320 px: the elements and their actions stack, nothing scrolls sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})

    # Send it: the receipt.
    save(page, "Send planen til kommunen")
    assert page.locator("h1").inner_text() == "Undervisningsplanen er sendt til kommunen"
    assert_accessible(page, "the plan's receipt")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent undervisningsplanen som PDF").click()
    pdf = download.value
    assert pdf.suggested_filename.endswith("-version-1.pdf")
    with open(pdf.path(), "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    text = "\n".join(sheet.extract_text() for sheet in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "Undervisningsplan" in text and "UDKAST" not in text
    assert title in text and "Danskuddannelse 2, modul 3" in text

    # "Mine IGU-forløb": the deadline is gone, the plan awaits the municipality.
    page.goto("/employer/")
    row = page.locator(f"tr[data-agreement='{demo_site.agreement_id}']")
    assert row.locator("[data-plan=submitted]").count() == 1
    assert "Undervisningsplanen skal være på plads" not in row.inner_text()
