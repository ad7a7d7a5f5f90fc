"""The employer's pages of issue 16 in a browser: "Mine IGU-forløb" at 320 px
shows the trainee, the status and the next step first and stacks the rest
(no cell beyond the viewport, no sideways scroll); the course's page with
its due steps; withdrawing an agreement with its confirmation; axe-core
WCAG 2.1 AA on each."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from igu_admin.core.clock import today
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementStatus, Company, Role
from igu_admin.testing.agreements import make_agreement, make_course
from tests.e2e.conftest import COMPANY_NAME, USERS
from tests.e2e.test_browser import assert_accessible, login

# Every cell's right edge, and the widest: none may lie beyond the viewport.
CELL_EDGES = """() => Array.from(document.querySelectorAll('[data-courses] th, [data-courses] td'))
    .filter(cell => cell.getClientRects().length > 0)
    .map(cell => cell.getBoundingClientRect().right)"""


def _courses(live_app) -> tuple[int, int]:
    with live_app.app_context():
        company = db.session.scalar(select(Company).where(Company.name == COMPANY_NAME))
        assert company is not None
        running = make_course(company, start=today() - timedelta(days=60)).id
        sent = make_agreement(company, status=AgreementStatus.SUBMITTED,
                              start=today() + timedelta(days=40))
        sent.trainee_name = "Fatima Abdirahman-Christensen Mohamed"
        db.session.commit()
        sent_id = sent.id
        db.session.remove()
    return running, sent_id


def test_my_courses_at_320_pixels_shows_what_matters_first_and_hides_nothing(
        page, live_app) -> None:
    running, sent = _courses(live_app)
    login(page, USERS[Role.EMPLOYER])
    page.goto("/language/da?next=/employer/")
    headers = page.locator("[data-courses] thead th").all_inner_texts()
    assert headers[:3] == ["IGU-elev", "Status", "Næste skridt"]
    assert_accessible(page, "Mine IGU-forløb")
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    edges = page.evaluate(CELL_EDGES)
    assert edges and max(edges) <= 320, edges
    # Stacked: the next step of each course is on screen, with its label.
    for agreement_id in (running, sent):
        row = page.locator(f'tr[data-agreement="{agreement_id}"]')
        cell = row.locator('td[data-title="Næste skridt"]')
        assert cell.is_visible() and cell.inner_text().strip() not in ("", "-")
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert_accessible(page, "Mine IGU-forløb at 320px")


def test_the_course_page_lists_its_due_steps_and_reflows(page, live_app) -> None:
    running, _sent = _courses(live_app)
    login(page, USERS[Role.EMPLOYER])
    page.goto(f"/language/da?next=/employer/agreements/{running}")
    steps = page.locator("[data-todo] [data-todo-step]")
    assert steps.count() >= 3
    assert page.locator('[data-todo-step=plan][data-state=overdue]').is_visible()
    assert_accessible(page, "the course's page with its steps")
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "the course's page at 320px")


def test_withdrawing_an_agreement_asks_first(page, live_app) -> None:
    _running, sent = _courses(live_app)
    login(page, USERS[Role.EMPLOYER])
    page.goto(f"/language/da?next=/employer/agreements/{sent}")
    with page.expect_navigation():
        page.get_by_role("link", name="Træk aftalen tilbage").click()
    assert page.locator("h1").inner_text() == "Træk aftalen tilbage"
    assert_accessible(page, "the withdraw confirmation")
    # The error state: the agreement changed meanwhile (a stale confirmation).
    with live_app.app_context():
        found = db.session.get(Agreement, sent)
        assert found is not None
        found.lock_version += 1
        db.session.commit()
        db.session.remove()
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, træk aftalen tilbage").click()
    assert page.locator("[data-withdraw-refused]").is_visible()
    assert_accessible(page, "the withdraw confirmation when stale")
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, træk aftalen tilbage").click()
    assert "Aftalen er trukket tilbage" in page.content()
    assert page.get_by_role("link", name="Træk aftalen tilbage").count() == 0
    assert_accessible(page, "the agreement page once withdrawn")
