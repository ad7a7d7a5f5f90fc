"""A change to an approved agreement (tillæg) in a browser: the employer
proposes new weekly hours (an error state first), the caseworker decides
(an error state first) and the agreement gets a new version; axe-core WCAG
2.1 AA on each state, and reflow at 320 px. The employer withdraws a
proposal (a stale one first: its message stays at the form)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from igu_admin.core.clock import today
from igu_admin.extensions import db
from igu_admin.models import Company, Role
from igu_admin.testing.agreements import make_course
from tests.e2e.conftest import COMPANY_NAME, USERS
from tests.e2e.test_browser import assert_accessible, login


def test_an_employer_changes_the_hours_with_the_municipality_s_approval(page, live_app) -> None:
    with live_app.app_context():
        company = db.session.scalar(select(Company).where(Company.name == COMPANY_NAME))
        course = make_course(company, start=today() - timedelta(days=30))
        course.weekly_hours = Decimal("30.00")
        db.session.commit()
        course_id, effective = course.id, today().strftime("%d.%m.%Y")
        db.session.remove()
    login(page, USERS[Role.EMPLOYER])
    page.goto(f"/language/da?next=/employer/agreements/{course_id}")
    form = page.locator("[data-form=amendment]")
    form.get_by_label("Ændringen gælder fra").fill(effective)
    form.get_by_label("Ny ugentlig arbejdstid").fill("45")
    with page.expect_navigation():
        form.get_by_role("button", name="Foreslå ændringen").click()
    assert page.title().startswith("Fejl:")
    assert page.locator("#amendment-weekly_hours").get_attribute("aria-invalid") == "true"
    assert_accessible(page, "the amendment form with an error")
    page.locator("#amendment-weekly_hours").fill("25")
    with page.expect_navigation():
        page.locator("[data-form=amendment]").get_by_role(
            "button", name="Foreslå ændringen").click()
    assert page.locator("[data-amendment-status=requested]").is_visible()
    assert_accessible(page, "the agreement page with a proposed change")
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "the agreement page with a proposed change at 320px")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.context.clear_cookies()  # another person, another session
    login(page, USERS[Role.CASEWORKER])
    page.goto(f"/language/da?next=/caseworker/agreements/{course_id}")
    assert_accessible(page, "the caseworker's agreement page with a proposed change")
    decision = page.locator("[data-form=amendment-decision]")
    decision.get_by_label("Afvis ændringen").check()
    with page.expect_navigation():
        decision.get_by_role("button", name="Registrér afgørelsen").click()
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "the amendment decision with an error")
    decision = page.locator("[data-form=amendment-decision]")
    decision.get_by_label("Godkend ændringen").check()
    with page.expect_navigation():
        decision.get_by_role("button", name="Registrér afgørelsen").click()
    assert page.locator("[data-amendment-status=approved]").is_visible()
    assert page.locator("[data-pdf=version-1]").is_visible()


def test_an_employer_withdraws_its_proposal(page, live_app) -> None:
    with live_app.app_context():
        company = db.session.scalar(select(Company).where(Company.name == COMPANY_NAME))
        course = make_course(company, start=today() - timedelta(days=30))
        course.weekly_hours = Decimal("30.00")
        db.session.commit()
        course_id, effective = course.id, today().strftime("%d.%m.%Y")
        db.session.remove()
    login(page, USERS[Role.EMPLOYER])
    page.goto(f"/language/da?next=/employer/agreements/{course_id}")
    form = page.locator("[data-form=amendment]")
    form.get_by_label("Ændringen gælder fra").fill(effective)
    form.get_by_label("Ny ugentlig arbejdstid").fill("25")
    with page.expect_navigation():
        form.get_by_role("button", name="Foreslå ændringen").click()
    withdrawal = page.locator("[data-form=amendment-withdrawal]")
    assert_accessible(page, "the agreement page with a change to withdraw")
    # As if read before someone else acted on it: the service refuses.
    withdrawal.locator("input[name$=lock_version]").evaluate("e => e.value = '99'")
    with page.expect_navigation():
        withdrawal.get_by_role("button", name="Træk ændringen tilbage").click()
    assert page.title().startswith("Fejl:")
    assert page.locator("[data-form=amendment-withdrawal] .form-error-message").is_visible()
    assert_accessible(page, "the withdrawal of a change with an error")
    page.goto(f"/employer/agreements/{course_id}")
    with page.expect_navigation():
        page.locator("[data-form=amendment-withdrawal]").get_by_role(
            "button", name="Træk ændringen tilbage").click()
    assert page.locator("[data-amendment-status=withdrawn]").is_visible()
    assert page.locator("[data-form=amendment-withdrawal]").count() == 0
    assert_accessible(page, "the agreement page with a withdrawn change")
