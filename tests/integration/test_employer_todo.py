"""What the employer does next, in order, with a link each: on the receipt,
in "Mine IGU-forløb" (the "Næste skridt" column is never "-" while something
is due) and on the course's page (every due step, an overdue plan and a due
claim included). The deadlines are the rule set's; VITAS is linked at the
configured address."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select

from igu_admin.core import clock
from igu_admin.extensions import db
from igu_admin.jobs.daily import run_due
from igu_admin.models import BonusClaim, Role
from igu_admin.services import employer_steps, plans
from igu_admin.services.review import decisions, next_steps
from igu_admin.testing.accounts import make_user
from igu_admin.testing.claims import approved
from igu_admin.testing.reviews import submitted_case, submitted_plan

VITAS = "https://vitas.bm.dk"


def _steps(html: str) -> list[tuple[str, str]]:
    """(key, state) of each step listed, in order."""
    return re.findall(r'data-todo-step="([a-z]+)" data-state="([a-z]+)"', html)


def _step(html: str, key: str) -> str:
    found = re.search(rf'<li [^>]*data-todo-step="{key}".*?</li>', html, re.S)
    assert found, f"no step {key}"
    return unescape(found.group(0))


def _long(day) -> str:
    """A date as the Danish pages write it: 2. marts 2027."""
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
              "september", "oktober", "november", "december"]
    return f"{day.day}. {months[day.month - 1]} {day.year}"


def test_the_receipt_lists_the_steps_in_order_with_a_link_each(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.employer.email)
    html = unescape(client.get(f"/employer/agreements/{case.agreement.id}/receipt")
                    .get_data(as_text=True))
    assert _steps(html) == [("plan", "due"), ("decision", "waiting"), ("sign", "later"),
                            ("vitas", "later")]
    plan = _step(html, "plan")
    assert f"Senest {_long(plans.deadline(case.agreement))}" in plan
    assert f'href="/employer/agreements/{case.agreement.id}/plan"' in plan
    assert "Københavns Kommune gennemgår aftalen" in _step(html, "decision")
    assert f"senest {_long(case.agreement.start_date)}" in _step(html, "sign")
    vitas = _step(html, "vitas")
    assert f"senest {_long(next_steps.registration_deadline(case.agreement))}" in vitas
    assert f'href="{VITAS}"' in vitas
    assert all('href="' in _step(html, key) for key, _state in _steps(html))
    assert "Træk aftalen tilbage" in html  # the promise, kept on the agreement's page


def test_the_vitas_address_is_configuration(app, client, auth, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "IGU_VITAS_URL", "https://vitas.example.org/igu")
    case = submitted_case()
    auth.login(case.employer.email)
    html = client.get(f"/employer/agreements/{case.agreement.id}/receipt").get_data(as_text=True)
    assert 'href="https://vitas.example.org/igu"' in html and VITAS not in html


def _next_step_cell(html: str, agreement_id: int) -> str:
    row = re.search(rf'<tr data-agreement="{agreement_id}">(.*?)</tr>', html, re.S)
    assert row
    cell = re.search(r'<td data-title="Næste skridt"[^>]*>(.*?)</td>', row.group(1), re.S)
    assert cell
    return unescape(cell.group(1)).strip()


def test_my_courses_names_the_next_step_while_something_is_due(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.employer.email)
    cell = _next_step_cell(client.get("/employer/").get_data(as_text=True), case.agreement.id)
    assert cell != "-" and "Lav undervisningsplanen" in cell
    assert f'href="/employer/agreements/{case.agreement.id}/plan"' in cell
    # The plan sent: the municipality's decision is what is waited on.
    submitted_plan(case.agreement)
    cell = _next_step_cell(client.get("/employer/").get_data(as_text=True), case.agreement.id)
    assert "Vent på kommunens afgørelse" in cell
    # Approved: sign the approved copy, by the first day.
    decisions.decide_agreement(case.caseworker, case.agreement, "approve", "",
                               case.agreement.lock_version)
    cell = _next_step_cell(client.get("/employer/").get_data(as_text=True), case.agreement.id)
    assert "Udskriv den godkendte aftale" in cell
    assert f"Senest {_long(case.agreement.start_date)}" in cell
    # Signed: register in VITAS by its deadline.
    next_steps.record_signing(case.employer, case.agreement, clock.today(),
                              case.agreement.lock_version)
    cell = _next_step_cell(client.get("/employer/").get_data(as_text=True), case.agreement.id)
    assert "Registrér aftalen og undervisningsplanen i VITAS" in cell


def test_the_course_page_lists_every_due_step_an_overdue_plan_and_a_due_claim_included(
        app, client, auth) -> None:
    start = clock.today() - timedelta(days=200)
    # With the municipality's result grant scheduled too: not the employer's to prepare.
    agreement = approved(start=start, programme_start=start - timedelta(days=180))
    run_due(clock.today())  # the course starts; the six months' claim falls due
    employer = make_user(Role.EMPLOYER, company=agreement.company)
    db.session.commit()
    auth.login(employer.email)
    html = unescape(client.get(f"/employer/agreements/{agreement.id}").get_data(as_text=True))
    steps = dict(_steps(html))
    assert steps["plan"] == "overdue"
    assert "Fristen er overskredet" in _step(html, "plan")
    assert steps["sign"] == "overdue" and steps["vitas"] == "overdue"
    assert steps["claim"] == "due"
    claim = _step(html, "claim")
    assert "Forbered bonuskravet" in claim and 'href="/employer/claims/' in claim
    assert [key for key, _state in _steps(html)].count("claim") == 1
    # The municipality's result grant exists, but is never the employer's step.
    every = db.session.scalars(select(BonusClaim).where(
        BonusClaim.agreement_id == agreement.id)).all()
    assert {c.beneficiary for c in every} == {"company", "municipality"}
    seen = employer_steps.facts_for([agreement], employer)[agreement.id].claims
    assert seen and {c.beneficiary for c in seen} == {"company"}
    assert [key for key, _state in _steps(html)] == ["plan", "decision", "sign", "vitas",
                                                     "claim"]
    home = client.get("/employer/").get_data(as_text=True)
    cell = _next_step_cell(home, agreement.id)
    assert "Lav undervisningsplanen" in cell and "igu-deadline-passed" in cell
    assert "4 skridt venter på dig" in cell


@pytest.mark.parametrize("decision", ["reject"])
def test_a_course_with_nothing_due_shows_a_dash(app, client, auth, decision) -> None:
    case = submitted_case()
    submitted_plan(case.agreement)
    decisions.decide_agreement(case.caseworker, case.agreement, decision, "Ikke i målgruppen.",
                               case.agreement.lock_version)
    auth.login(case.employer.email)
    cell = _next_step_cell(client.get("/employer/").get_data(as_text=True), case.agreement.id)
    assert cell == "-"
