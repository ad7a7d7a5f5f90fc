"""The follow-up in a browser: the municipality's list with a course at risk,
a check-in recorded (its error state first), the course's follow-up page;
axe-core WCAG 2.1 AA on each page and state."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from igu_admin.core.clock import today
from igu_admin.domain.dates import add_months
from igu_admin.domain.lifecycle import AgreementStatus, StartedBy
from igu_admin.extensions import db
from igu_admin.models import Company, Role
from igu_admin.testing.agreements import make_course
from tests.e2e.conftest import COMPANY_NAME, USERS
from tests.e2e.test_browser import assert_accessible, login


def test_the_follow_up_list_and_a_check_in_in_the_browser(page, live_app) -> None:
    with live_app.app_context():
        company = db.session.scalar(select(Company).where(Company.name == COMPANY_NAME))
        # A course 40 days past its first check-in, whose plan lives elsewhere.
        course = make_course(company, start=add_months(today(), -1) - timedelta(days=40))
        course.started_by = StartedBy.IMPORT.value
        db.session.commit()
        course_id, day = course.id, today().strftime("%d.%m.%Y")
        db.session.remove()
    login(page, USERS[Role.CASEWORKER])
    page.goto("/language/da?next=/caseworker/follow-up")
    row = page.locator(f"tr[data-agreement='{course_id}']")
    assert row.get_attribute("data-risk") == "at_risk"
    assert row.locator("[data-reason=check_in_overdue]").is_visible()
    assert_accessible(page, "the follow-up list")
    page.get_by_label("Kun forløb i risiko").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Vis forløb").click()
    assert page.locator(f"tr[data-agreement='{course_id}']").is_visible()
    assert_accessible(page, "the follow-up list filtered")

    page.goto(f"/caseworker/agreements/{course_id}/check-ins/new")
    assert_accessible(page, "the check-in form")
    form = page.locator("[data-form=check-in]")
    form.get_by_label("Dato for samtalen").fill("31.02.2026")
    with page.expect_navigation():
        form.get_by_role("button", name="Registrér samtalen").click()
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "the check-in form with errors")
    form = page.locator("[data-form=check-in]")
    form.get_by_label("Dato for samtalen").fill(day)
    form.locator("#held_by-0").check()
    form.locator("#took_trainee").check()
    form.locator("#work-0").check()
    form.locator("#school-1").check()
    form.locator("#danish-2").check()
    form.get_by_label("Hvad blev aftalt").fill("Mere dansk i hverdagen.")
    with page.expect_navigation():
        form.get_by_role("button", name="Registrér samtalen").click()
    assert page.locator("[data-check-in='1']").is_visible()
    assert page.locator("[data-reason=check_in_at_risk]").is_visible()
    assert_accessible(page, "the course's follow-up with a check-in")

    # The mentor form's error state, then the mentor saved.
    mentor = page.locator("[data-section=mentor]")
    with page.expect_navigation():
        mentor.get_by_role("button", name="Gem mentoren").click()
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "the mentor form with an error")
    page.get_by_label("Mentorens navn").fill("Mona Mentor")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem mentoren").click()
    assert "Mona Mentor" in page.locator("[data-mentor]").inner_text()

    # The employer sees the follow-up and the mentor, and writes a note.
    page.context.clear_cookies()
    login(page, USERS[Role.EMPLOYER])
    page.goto(f"/language/da?next=/employer/agreements/{course_id}/follow-up")
    assert "Mona Mentor" in page.locator("[data-mentor]").inner_text()
    assert_accessible(page, "the employer's follow-up")
    with page.expect_navigation():
        page.get_by_role("button", name="Send bemærkningen").click()
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "the employer's note form with an error")
    page.get_by_label("Hvordan går forløbet?").fill("Det går godt i bageriet.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send bemærkningen").click()
    assert page.locator("[data-note='1']").is_visible()


def test_the_list_of_courses_ended_early_in_the_browser(page, live_app) -> None:
    with live_app.app_context():
        company = db.session.scalar(select(Company).where(Company.name == COMPANY_NAME))
        course = make_course(company, start=add_months(today(), -7),
                             status=AgreementStatus.TERMINATED)
        course.termination_date = today() - timedelta(days=20)
        course.termination_reason = "dismissal"
        db.session.commit()
        course_id = course.id
        db.session.remove()
    login(page, USERS[Role.CASEWORKER])
    page.goto("/language/da?next=/caseworker/follow-up")
    with page.expect_navigation():
        page.get_by_role("link", name="Forløb afbrudt før tid").click()
    row = page.locator(f"tr[data-agreement='{course_id}']")
    assert row.get_attribute("data-continued") == "no"
    assert row.get_by_text("Afskedigelse").is_visible()
    assert row.locator("[data-record-continuation]").is_visible()
    assert_accessible(page, "the list of courses ended early")

    # The continuation named after the fact: the form, its error state, done.
    with page.expect_navigation():
        row.locator("[data-record-continuation]").click()
    assert_accessible(page, "the continuation form")
    form = page.locator("[data-form=continuation]")
    form.get_by_label("CVR-nummer på virksomheden, der viderefører forløbet").fill("12345678")
    with page.expect_navigation():
        form.get_by_role("button", name="Registrér videreførelsen").click()
    assert page.title().startswith("Fejl:")
    assert_accessible(page, "the continuation form with an error")
    page.get_by_label("CVR-nummer på virksomheden, der viderefører forløbet").fill("12345674")
    with page.expect_navigation():
        page.get_by_role("button", name="Registrér videreførelsen").click()
    assert page.locator(f"tr[data-agreement='{course_id}']") \
        .get_attribute("data-continued") == "yes"
