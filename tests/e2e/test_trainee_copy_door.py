""""Elevens eksemplar" on the agreement's page in a browser: the language
chosen in the select, the PDF downloaded by the button; axe-core WCAG 2.1
AA on the page with the door, and reflow at 320 px. (The door has no error
state: its choice offers only the languages.)"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from igu_admin.core.clock import today
from igu_admin.extensions import db
from igu_admin.models import Company, Role
from igu_admin.testing.agreements import make_course
from tests.e2e.conftest import COMPANY_NAME, USERS
from tests.e2e.test_browser import assert_accessible, login


def test_the_trainees_copy_is_chosen_and_downloaded_in_the_browser(page, live_app) -> None:
    with live_app.app_context():
        company = db.session.scalar(select(Company).where(Company.name == COMPANY_NAME))
        course = make_course(company, start=today() - timedelta(days=30))
        course.trainee_language = "ar"
        db.session.commit()
        course_id = course.id
        db.session.remove()
    login(page, USERS[Role.EMPLOYER])
    page.goto(f"/language/da?next=/employer/agreements/{course_id}")
    door = page.locator("[data-section=trainee-copy]")
    assert door.get_by_label("Sprog").input_value() == "ar"
    assert_accessible(page, "the agreement page with the trainee's copy")
    door.get_by_label("Sprog").select_option("ti")
    with page.expect_download() as download:
        door.get_by_role("button", name="Hent elevens eksemplar (PDF)").click()
    assert download.value.suggested_filename == f"din-igu-{course_id}-ti.pdf"
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
