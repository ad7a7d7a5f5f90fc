"""The course's forms in a browser: the employer asks for an extension (an
error state first), the caseworker decides; axe-core WCAG 2.1 AA on each
state, and reflow at 320 px."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from igu_admin.core.clock import today
from igu_admin.extensions import db
from igu_admin.models import Company, Role
from igu_admin.testing.agreements import make_course
from tests.e2e.conftest import COMPANY_NAME, USERS
from tests.e2e.test_browser import assert_accessible, login


def test_an_extension_asked_for_and_decided_in_the_browser(page, live_app) -> None:
    with live_app.app_context():
        company = db.session.scalar(select(Company).where(Company.name == COMPANY_NAME))
        start = today() - timedelta(days=30)
        course_id = make_course(company, start=start).id
        db.session.remove()
    login(page, USERS[Role.EMPLOYER])
    page.goto(f"/language/da?next=/employer/agreements/{course_id}")
    assert_accessible(page, "the agreement page with the course's forms")
    form = page.locator("[data-action=extension]")
    form.get_by_label("Sammenhængende sygdom i mere end 8 uger").check()
    form.get_by_label("Første fraværsdag").fill((start + timedelta(days=60)).strftime("%d.%m.%Y"))
    form.get_by_label("Sidste fraværsdag").fill((start + timedelta(days=70)).strftime("%d.%m.%Y"))
    with page.expect_navigation():  # the page after the click, not before it
        form.get_by_role("button", name="Send anmodningen").click()
    assert page.title().startswith("Fejl:")
    assert page.locator("#extension-last_day").get_attribute("aria-invalid") == "true"
    assert_accessible(page, "the extension form with an error")
    page.locator("#extension-last_day").fill((start + timedelta(days=130)).strftime("%d.%m.%Y"))
    with page.expect_navigation():
        page.locator("[data-action=extension]").get_by_role(
            "button", name="Send anmodningen").click()
    assert page.locator("[data-extension='1']").is_visible()
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "the agreement page with an extension at 320px")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.context.clear_cookies()  # another person, another session
    login(page, USERS[Role.CASEWORKER])
    page.goto(f"/language/da?next=/caseworker/agreements/{course_id}")
    assert_accessible(page, "the caseworker's agreement page with a request")
    decision = page.locator("[data-section=extension-decisions]")
    decision.get_by_label("Afslå forlængelsen").check()
    with page.expect_navigation():
        decision.get_by_role("button", name="Registrér afgørelsen").click()
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "the decision form with an error")
    decision = page.locator("[data-section=extension-decisions]")
    decision.get_by_label("Godkend forlængelsen").check()
    with page.expect_navigation():
        decision.get_by_role("button", name="Registrér afgørelsen").click()
    assert "forlænget; oprindeligt" in page.locator("[data-section=course]").inner_text()
