"""The employer takes a sent agreement back before the municipality decides
(the receipt promises it): a button on the agreement's page, a page that
asks to confirm, a POST with CSRF and lock_version, the audit event; 404
across companies, 409 once the municipality has decided or when stale."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import AgreementStatus, AuditEvent
from igu_admin.services import agreements
from igu_admin.services.review import decisions
from igu_admin.testing.reviews import submitted_case
from tests.conftest import csrf_token

LOCK = re.compile(r'name="lock_version" type="hidden" value="(\d+)"')


def _page(case) -> str:
    return f"/employer/agreements/{case.agreement.id}"


def _confirm(client, case, lock: str | None = None):
    url = f"{_page(case)}/withdraw"
    html = client.get(url).get_data(as_text=True)
    found = LOCK.search(html)
    assert found, "no lock_version on the confirmation page"
    return client.post(url, data={"csrf_token": csrf_token(client, url),
                                  "lock_version": lock or found.group(1)})


def _status(case) -> str:
    db.session.expire_all()
    return case.agreement.status


def test_a_sent_agreement_is_withdrawn_after_confirming_with_its_audit_event(
        app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.employer.email)
    page = client.get(_page(case)).get_data(as_text=True)
    assert f'href="{_page(case)}/withdraw"' in page and "Træk aftalen tilbage" in page
    confirm = client.get(f"{_page(case)}/withdraw")
    assert confirm.status_code == 200
    assert "Ja, træk aftalen tilbage" in confirm.get_data(as_text=True)
    assert _status(case) == AgreementStatus.SUBMITTED  # asking changes nothing
    response = _confirm(client, case)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(_page(case))
    assert _status(case) == AgreementStatus.WITHDRAWN
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "agreement", AuditEvent.entity_id == str(case.agreement.id),
        AuditEvent.action == "withdraw")).one()
    assert event.actor_id == case.employer.id
    assert (event.before, event.after) == ({"status": "submitted"}, {"status": "withdrawn"})
    after = client.get(_page(case)).get_data(as_text=True)
    assert "Aftalen er trukket tilbage" in after
    assert "data-withdraw>" not in after and f"{_page(case)}/withdraw" not in after


def test_an_agreement_sent_back_for_changes_can_be_withdrawn(app, client, auth) -> None:
    case = submitted_case()
    decisions.decide_agreement(case.caseworker, case.agreement, "request_changes",
                               "Ret lønnen.", case.agreement.lock_version)
    auth.login(case.employer.email)
    assert f"{_page(case)}/withdraw" in client.get(_page(case)).get_data(as_text=True)
    assert _confirm(client, case).status_code == 303
    assert _status(case) == AgreementStatus.WITHDRAWN


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_once_the_municipality_has_decided_there_is_no_button_and_a_post_is_409(
        app, client, auth, decision) -> None:
    case = submitted_case()
    auth.login(case.employer.email)
    url = f"{_page(case)}/withdraw"
    token = csrf_token(client, url)
    lock = LOCK.search(client.get(url).get_data(as_text=True))
    assert lock
    decisions.decide_agreement(case.caseworker, case.agreement, decision,
                               "" if decision == "approve" else "Ikke i målgruppen.",
                               case.agreement.lock_version)
    decided = _status(case)
    assert f"{_page(case)}/withdraw" not in client.get(_page(case)).get_data(as_text=True)
    assert client.get(url).status_code == 409
    response = client.post(url, data={"csrf_token": token, "lock_version": lock.group(1)})
    assert response.status_code == 409
    assert _status(case) == decided


def test_a_stale_confirmation_is_409_and_changes_nothing(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.employer.email)
    stale = str(case.agreement.lock_version - 1)
    response = _confirm(client, case, lock=stale)
    assert response.status_code == 409
    assert "data-withdraw-refused" in response.get_data(as_text=True)
    assert _status(case) == AgreementStatus.SUBMITTED


def test_without_the_csrf_token_nothing_is_withdrawn(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.employer.email)
    response = client.post(f"{_page(case)}/withdraw",
                           data={"lock_version": str(case.agreement.lock_version)})
    assert response.status_code in (200, 400)  # asked again, or refused
    assert _status(case) == AgreementStatus.SUBMITTED


def test_another_company_s_agreement_is_not_found(app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.stranger.email)
    token = csrf_token(client, "/employer/")
    assert client.get(f"{_page(case)}/withdraw").status_code == 404
    response = client.post(f"{_page(case)}/withdraw", data={
        "csrf_token": token, "lock_version": str(case.agreement.lock_version)})
    assert response.status_code == 404
    assert _status(case) == AgreementStatus.SUBMITTED


def test_a_draft_never_sent_offers_no_withdraw(app, client, auth) -> None:
    case = submitted_case()
    draft = agreements.create_draft(case.employer, parse_changes({}))
    auth.login(case.employer.email)
    html = client.get(f"/employer/agreements/{draft.id}").get_data(as_text=True)
    assert "/withdraw" not in html
    assert client.get(f"/employer/agreements/{draft.id}/withdraw").status_code == 409
