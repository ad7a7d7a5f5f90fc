"""The trainee's language in a browser (issue 21): the trainee step with its
select, and "Elevens sprog" on the agreement's page, saved and in its error
state at the field; axe-core WCAG 2.1 AA on each."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from igu_admin.domain.lifecycle import AgreementStatus
from igu_admin.extensions import db
from igu_admin.models import Agreement, Company, Role
from igu_admin.testing.agreements import make_agreement, make_course
from tests.e2e.conftest import COMPANY_NAME, USERS
from tests.e2e.test_browser import assert_accessible, login


def test_the_trainee_language_on_the_step_and_the_agreements_page(page, live_app) -> None:
    with live_app.app_context():
        company = db.session.scalar(select(Company).where(Company.name == COMPANY_NAME))
        course = make_course(company, start=date(2026, 1, 5), status=AgreementStatus.ACTIVE)
        draft = make_agreement(company, status=AgreementStatus.DRAFT)
        course_id, draft_id = course.id, draft.id
        db.session.remove()
    login(page, USERS[Role.EMPLOYER])

    page.goto(f"/language/da?next=/employer/agreements/{draft_id}/steps/trainee")
    select_box = page.get_by_label("Elevens sprog (valgfrit)")
    assert select_box.is_visible()
    assert_accessible(page, "the trainee step with the trainee's language")

    page.goto(f"/employer/agreements/{course_id}")
    section = page.locator("[data-section=trainee-language]")
    assert_accessible(page, "the agreement's page with the trainee's language form")
    # An unknown code (a page edited by hand): the message at the field.
    section.get_by_label("Elevens sprog").evaluate(
        "s => { const o = document.createElement('option'); o.value = 'xx'; o.text = 'xx';"
        " s.add(o); s.value = 'xx'; }")
    with page.expect_navigation():
        section.get_by_role("button", name="Gem sproget").click()
    assert page.title().startswith("Fejl:")
    assert "Ukendt sprog" in page.locator("#trainee_language-trainee_language-error").inner_text()
    assert_accessible(page, "the trainee's language form with an error")

    section = page.locator("[data-section=trainee-language]")
    section.get_by_label("Elevens sprog").select_option("ar")
    with page.expect_navigation():
        section.get_by_role("button", name="Gem sproget").click()
    assert page.locator("dd[data-trainee-language=ar]").inner_text().startswith("arabisk")
    with live_app.app_context():
        assert db.session.get(Agreement, course_id).trainee_language == "ar"
        db.session.remove()
    assert_accessible(page, "the agreement's page with the trainee's language saved")
