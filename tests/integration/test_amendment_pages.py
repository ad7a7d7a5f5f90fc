"""Amendments (tillæg) on the agreement's pages: the employer proposes on
the agreement page, the caseworker decides on the case page; refused, the
message is at its field with the input kept; another company's agreement
answers 404."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from igu_admin.core import clock
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementAmendment, Role
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_course
from tests.integration.test_course_pages import lock, token


@pytest.fixture
def today(app) -> date:
    return clock.today()


@pytest.fixture
def world(app, today):
    mine, theirs = make_company(municipality="101"), make_company(municipality="751")
    course = make_course(mine, start=today - timedelta(days=30))
    course.weekly_hours = Decimal("30.00")
    db.session.commit()
    return {"course": course, "employer": make_user(Role.EMPLOYER, company=mine),
            "stranger": make_user(Role.EMPLOYER, company=theirs),
            "caseworker": make_user(Role.CASEWORKER, municipality="101"),
            "page": f"/employer/agreements/{course.id}",
            "case": f"/caseworker/agreements/{course.id}"}


def day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def propose(client, world, hours: str, when: date, url: str = "page"):
    html = client.get(world[url]).get_data(as_text=True)
    return client.post(f"{world[url]}/amendments", data={
        "amendment-csrf_token": token(html, "amendment"),
        "amendment-lock_version": lock(html, "amendment"),
        "amendment-effective_from": day(when), "amendment-weekly_hours": hours})


def test_the_employer_proposes_and_the_caseworker_approves(client, auth, world, today) -> None:
    auth.login(world["employer"].email)
    response = propose(client, world, "25", today)
    assert response.status_code == 302
    page = client.get(world["page"]).get_data(as_text=True)
    assert 'data-amendment-status="requested"' in page
    assert 'data-form="amendment"' not in page  # one at a time
    auth.logout()
    auth.login(world["caseworker"].email)
    case = client.get(world["case"]).get_data(as_text=True)
    assert 'data-form="amendment-decision"' in case
    decided = client.post(f"{world['case']}/amendments/1/decision", data={
        "amendment-decision-1-csrf_token": token(case, "amendment-decision-1"),
        "amendment-decision-1-lock_version": lock(case, "amendment-decision-1"),
        "amendment-decision-1-decision": "approve"})
    assert decided.status_code == 302
    db.session.expire_all()
    assert db.session.get(Agreement, world["course"].id).weekly_hours == Decimal("25.00")
    case = client.get(world["case"]).get_data(as_text=True)
    assert 'data-amendment-status="approved"' in case and 'data-pdf="version-1"' in case


def test_hours_outside_the_rule_set_are_shown_at_their_field(client, auth, world,
                                                             today) -> None:
    auth.login(world["employer"].email)
    response = propose(client, world, "45", today)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<title>Fejl:" in page and 'value="45"' in page
    assert db.session.scalar(select(AgreementAmendment.id)) is None


def test_a_day_after_the_course_is_refused(client, auth, world) -> None:
    auth.login(world["caseworker"].email)
    response = propose(client, world, "25", world["course"].end_date + timedelta(days=1),
                       url="case")
    assert response.status_code == 200
    assert "<title>Fejl:" in response.get_data(as_text=True)


def test_another_company_gets_404(client, auth, world, today) -> None:
    auth.login(world["stranger"].email)
    response = client.post(f"{world['page']}/amendments", data={})
    assert response.status_code == 404


def withdraw(client, world, html: str, url: str = "page", lock_version: str | None = None):
    prefix = "amendment-withdrawal-1"
    return client.post(f"{world[url]}/amendments/1/withdrawal", data={
        f"{prefix}-csrf_token": token(html, prefix),
        f"{prefix}-lock_version": lock_version or lock(html, prefix)})


def test_the_employer_withdraws_its_proposal(client, auth, world, today) -> None:
    auth.login(world["employer"].email)
    propose(client, world, "25", today)
    page = client.get(world["page"]).get_data(as_text=True)
    assert 'data-form="amendment-withdrawal"' in page
    response = withdraw(client, world, page)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(AgreementAmendment.status)) == "withdrawn"
    page = client.get(world["page"]).get_data(as_text=True)
    assert 'data-amendment-status="withdrawn"' in page
    assert 'data-form="amendment-withdrawal"' not in page
    assert 'data-form="amendment"' in page  # a new proposal may follow


def test_only_the_proposing_side_sees_the_withdrawal(client, auth, world, today) -> None:
    auth.login(world["caseworker"].email)
    propose(client, world, "25", today, url="case")
    case = client.get(world["case"]).get_data(as_text=True)
    assert 'data-form="amendment-withdrawal"' in case
    auth.logout()
    auth.login(world["employer"].email)
    page = client.get(world["page"]).get_data(as_text=True)
    assert 'data-form="amendment-withdrawal"' not in page
    # The session's CSRF token is the same under every prefix.
    any_token = re.search(r'name="[^"]*csrf_token"[^>]*value="([^"]+)"', page)
    assert any_token
    refused = client.post(f"{world['page']}/amendments/1/withdrawal", data={
        "amendment-withdrawal-1-csrf_token": any_token.group(1),
        "amendment-withdrawal-1-lock_version": lock(case, "amendment-withdrawal-1")})
    assert refused.status_code == 403
    auth.logout()
    auth.login(world["caseworker"].email)
    case = client.get(world["case"]).get_data(as_text=True)
    assert withdraw(client, world, case, url="case").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(AgreementAmendment.status)) == "withdrawn"


def test_a_stale_withdrawal_keeps_its_message(client, auth, world, today) -> None:
    auth.login(world["employer"].email)
    propose(client, world, "25", today)
    page = client.get(world["page"]).get_data(as_text=True)
    stale = str(int(lock(page, "amendment-withdrawal-1")) + 1)
    response = withdraw(client, world, page, lock_version=stale)
    assert response.status_code == 200
    shown = response.get_data(as_text=True)
    assert "<title>Fejl:" in shown and f'value="{stale}"' in shown
    assert 'data-form="amendment-withdrawal"' in shown
    db.session.expire_all()
    assert db.session.scalar(select(AgreementAmendment.status)) == "requested"


def test_another_company_cannot_withdraw(client, auth, world, today) -> None:
    auth.login(world["employer"].email)
    propose(client, world, "25", today)
    auth.logout()
    auth.login(world["stranger"].email)
    response = client.post(f"{world['page']}/amendments/1/withdrawal", data={
        "amendment-withdrawal-1-lock_version": "0"})
    assert response.status_code == 404


def test_the_wage_basis_may_change_on_the_page(client, auth, world, today) -> None:
    """Monthly to hourly, with the new hourly wages: the page sends the
    basis as the API takes it; left unchanged, no basis is sent."""
    course = world["course"]
    course.wage_basis, course.wage_rate_year1, course.wage_rate_year2 = (
        "monthly", Decimal("12132.00"), Decimal("13429.00"))
    course.collective_agreement = "other"
    db.session.commit()
    auth.login(world["employer"].email)
    html = client.get(world["page"]).get_data(as_text=True)
    assert 'name="amendment-wage_basis"' in html
    fields = {"amendment-csrf_token": token(html, "amendment"),
              "amendment-lock_version": lock(html, "amendment"),
              "amendment-effective_from": day(today)}
    unknown = client.post(f"{world['page']}/amendments",
                          data={**fields, "amendment-wage_basis": "weekly",
                                "amendment-wage_year1": "150"})
    assert unknown.status_code == 200
    assert "Vælg timeløn eller månedsløn." in unknown.get_data(as_text=True)
    assert db.session.scalar(select(AgreementAmendment.id)) is None
    done = client.post(f"{world['page']}/amendments",
                       data={**fields, "amendment-wage_basis": "hourly",
                             "amendment-wage_year1": "150,00", "amendment-wage_year2": "160,50"})
    assert done.status_code == 302
    amendment = db.session.scalars(select(AgreementAmendment)).one()
    assert amendment.changes["wage.basis"]["new"] in ("hourly", '"hourly"')
    assert "160.50" in str(amendment.changes["wage.year2"]["new"])
