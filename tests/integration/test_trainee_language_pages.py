"""The trainee's language on the pages (issue 21): the employer chooses it on
the trainee step of the guided agreement (optional, named in the reader's
language and in its own script); the agreement's page shows it and has a
small form ("Elevens sprog") for the employer and the caseworker in any
status, with the message at the field; no new version is made."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from igu_admin.domain.lifecycle import AgreementStatus
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementVersion, AuditEvent, Role
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_agreement, make_course
from tests.conftest import Auth, csrf_token
from tests.integration.test_agreement_flow import Flow, answers, errors_in, step_url

PREFIX = "trainee_language-"


def stored(agreement_id: int) -> Agreement:
    db.session.expire_all()
    found = db.session.get(Agreement, agreement_id)
    assert found is not None
    return found


def options(html: str, select_id: str) -> list[tuple[str, str]]:
    body = re.search(rf'<select[^>]*id="{re.escape(select_id)}"[^>]*>(.*?)</select>', html, re.S)
    assert body, select_id
    return [(value, unescape(text)) for value, text in
            re.findall(r'<option[^>]*value="([^"]*)"[^>]*>(.*?)</option>', body.group(1))]


def selected(html: str, select_id: str) -> str:
    body = re.search(rf'<select[^>]*id="{re.escape(select_id)}"[^>]*>(.*?)</select>', html, re.S)
    assert body
    found = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected',
                      body.group(1))
    return (found.group(1) or found.group(2)) if found else ""


def test_the_trainee_step_offers_the_six_languages_named_in_danish_and_their_own_script(
        app: Flask, client: FlaskClient, auth: Auth) -> None:
    auth.login(make_user(Role.EMPLOYER).email)
    flow = Flow(client)
    agreement_id = flow.start()
    html = flow.page(step_url(agreement_id, "trainee"))
    assert "Elevens sprog (valgfrit)" in html
    assert options(html, "trainee_language") == [
        ("", "Ikke valgt"), ("ar", "arabisk (العربية)"), ("fa", "persisk (farsi) (فارسی)"),
        ("ti", "tigrinya (ትግርኛ)"), ("so", "somali (Soomaali)"),
        ("uk", "ukrainsk (Українська)"), ("en", "engelsk (English)")]
    response = flow.post(step_url(agreement_id, "trainee"),
                         {**answers()["trainee"], "trainee_language": "ar"})
    assert response.status_code == 302, errors_in(response.get_data(as_text=True))
    assert stored(agreement_id).trainee_language == "ar"
    again = flow.page(step_url(agreement_id, "trainee"))
    assert selected(again, "trainee_language") == "ar"
    check = flow.page(f"/employer/agreements/{agreement_id}/check")
    assert "arabisk (العربية)" in check
    # Optional: "Ikke valgt" clears it, and the step is saved without it.
    response = flow.post(step_url(agreement_id, "trainee"),
                         {**answers()["trainee"], "trainee_language": ""})
    assert response.status_code == 302
    assert stored(agreement_id).trainee_language is None


def test_an_unknown_language_posted_to_the_step_is_refused_at_its_field(
        app: Flask, client: FlaskClient, auth: Auth) -> None:
    auth.login(make_user(Role.EMPLOYER).email)
    flow = Flow(client)
    agreement_id = flow.start()
    response = flow.post(step_url(agreement_id, "trainee"),
                         {**answers()["trainee"], "trainee_language": "de"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="trainee_language-error"><span class="sr-only">[^<]*</span>'
                     r'Ukendt sprog', html), errors_in(html)
    assert stored(agreement_id).trainee_language is None


def test_the_english_pages_name_the_languages_in_english(
        app: Flask, client: FlaskClient, auth: Auth) -> None:
    auth.login(make_user(Role.EMPLOYER).email)
    flow = Flow(client)
    agreement_id = flow.start()
    client.get("/language/en")
    html = client.get(step_url(agreement_id, "trainee")).get_data(as_text=True)
    assert "The trainee&#39;s language (optional)" in html or "The trainee's language (optional)" in html
    assert ("ar", "Arabic (العربية)") in options(html, "trainee_language")
    assert ("en", "English") in options(html, "trainee_language")


def _post_language(client: FlaskClient, page: str, action: str, language: str,
                   lock_version: int) -> str:
    response = client.post(action, data={
        "csrf_token": csrf_token(client, page), f"{PREFIX}trainee_language": language,
        f"{PREFIX}lock_version": str(lock_version)})
    return response


def versions(agreement_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(AgreementVersion)
                             .where(AgreementVersion.agreement_id == agreement_id)) or 0


@pytest.mark.parametrize("status", [AgreementStatus.DRAFT, AgreementStatus.SUBMITTED,
                                    AgreementStatus.ACTIVE, AgreementStatus.TERMINATED])
def test_the_employer_changes_it_on_the_agreements_page_in_any_status(
        app: Flask, client: FlaskClient, auth: Auth, status) -> None:
    company = make_company()
    auth.login(make_user(Role.EMPLOYER, company=company).email)
    agreement = make_course(company, start=date(2026, 1, 5), status=status) \
        if status != AgreementStatus.DRAFT else make_agreement(company, status=status)
    page = f"/employer/agreements/{agreement.id}"
    html = client.get(page).get_data(as_text=True)
    assert 'data-trainee-language=""' in html and "Elevens sprog" in html
    lock, kept = agreement.lock_version, versions(agreement.id)
    response = _post_language(client, page, f"{page}/trainee-language", "fa", lock)
    assert response.status_code == 303
    assert stored(agreement.id).trainee_language == "fa"
    assert stored(agreement.id).lock_version == lock + 1
    assert versions(agreement.id) == kept
    html = client.get(page).get_data(as_text=True)
    assert 'data-trainee-language="fa"' in html
    assert 'persisk (farsi) (<span lang="fa" dir="auto">فارسی</span>)' in html
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_id == str(agreement.id),
        AuditEvent.action == "trainee_language_set")).one()
    assert event.channel == "web" and event.after == {"trainee_language": "fa"}


def test_the_caseworker_changes_it_on_the_case_page_and_a_stale_form_is_refused(
        app: Flask, client: FlaskClient, auth: Auth) -> None:
    company = make_company(municipality="101")
    auth.login(make_user(Role.CASEWORKER, municipality="101").email)
    course = make_course(company, start=date(2026, 1, 5), status=AgreementStatus.COMPLETED)
    page = f"/caseworker/agreements/{course.id}"
    assert "Elevens sprog" in client.get(page).get_data(as_text=True)
    lock = course.lock_version
    assert _post_language(client, page, f"{page}/trainee-language", "so",
                          lock).status_code == 303
    assert stored(course.id).trainee_language == "so"
    # The same form again, drawn before that change: refused, the choice kept.
    response = _post_language(client, page, f"{page}/trainee-language", "uk", lock)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Fejl:" in html or "Fejl:" in html
    assert selected(html, f"{PREFIX}trainee_language") == "uk"
    assert stored(course.id).trainee_language == "so"


def test_an_unknown_language_on_the_page_form_is_said_at_the_field(
        app: Flask, client: FlaskClient, auth: Auth) -> None:
    company = make_company()
    auth.login(make_user(Role.EMPLOYER, company=company).email)
    course = make_course(company, start=date(2026, 1, 5))
    page = f"/employer/agreements/{course.id}"
    response = _post_language(client, page, f"{page}/trainee-language", "xx",
                              course.lock_version)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(rf'id="{PREFIX}trainee_language-error"><span class="sr-only">[^<]*</span>'
                     r'Ukendt sprog', html), errors_in(html)
    assert 'aria-invalid="true"' in html
    assert stored(course.id).trainee_language is None


def test_another_companys_agreement_answers_404_and_finance_has_no_such_form(
        app: Flask, client: FlaskClient, auth: Auth) -> None:
    theirs = make_company(municipality="751")
    course = make_course(theirs, start=date(2026, 1, 5))
    auth.login(make_user(Role.EMPLOYER, company=make_company()).email)
    page = "/employer/"
    response = _post_language(client, page, f"/employer/agreements/{course.id}/trainee-language",
                              "ar", course.lock_version)
    assert response.status_code == 404
    assert stored(course.id).trainee_language is None


def test_on_a_draft_the_jobcentre_started_the_caseworker_sets_it_on_the_drafts_page_not_the_step(
        app: Flask, client: FlaskClient, auth: Auth) -> None:
    company = make_company(municipality="101")
    auth.login(make_user(Role.CASEWORKER, municipality="101").email)
    draft = make_agreement(company, status=AgreementStatus.DRAFT)
    draft.started_by, draft.started_by_municipality_code = "municipality", "101"
    db.session.commit()
    step = client.get(f"/caseworker/started-agreements/{draft.id}/steps/trainee")
    assert step.status_code == 200
    assert 'id="trainee_language"' not in step.get_data(as_text=True)
    page = f"/caseworker/started-agreements/{draft.id}"
    html = client.get(page).get_data(as_text=True)
    assert "Elevens sprog" in html
    action = f"/caseworker/agreements/{draft.id}/trainee-language"
    assert f'action="{action}"' in html
    assert _post_language(client, page, action, "ti", draft.lock_version).status_code == 303
    assert stored(draft.id).trainee_language == "ti"
    refused = _post_language(client, page, action, "zz", stored(draft.id).lock_version)
    assert refused.status_code == 200
    assert "Ukendt sprog" in refused.get_data(as_text=True)
