"""The course's later events on the agreement's pages: the employer's forms
(extension, early end, completion) shown only when allowed, the caseworker's
decision, messages at the field with the input kept."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from igu_admin.core import clock
from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementStatus, CourseExtension, Role
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_course


def token(html: str, prefix: str) -> str:
    match = re.search(rf'name="{prefix}-csrf_token"[^>]*value="([^"]+)"', html)
    assert match, f"no CSRF token for {prefix}"
    return match.group(1)


def lock(html: str, prefix: str) -> str:
    match = re.search(rf'name="{prefix}-lock_version"[^>]*value="([^"]*)"', html)
    assert match, f"no lock_version for {prefix}"
    return match.group(1)


@pytest.fixture
def today(app) -> date:
    return clock.today()


@pytest.fixture
def world(app, today):
    mine = make_company(municipality="101")
    employer = make_user(Role.EMPLOYER, company=mine)
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    course = make_course(mine, start=today - timedelta(days=30))
    return {"course": course, "employer": employer, "caseworker": caseworker,
            "page": f"/employer/agreements/{course.id}",
            "case": f"/caseworker/agreements/{course.id}"}


def day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def test_an_active_course_offers_extension_and_early_end_but_not_completion(client, auth,
                                                                            world) -> None:
    auth.login(world["employer"].email)
    html = client.get(world["page"]).get_data(as_text=True)
    assert 'data-action="extension"' in html and 'data-action="termination"' in html
    assert 'data-action="completion"' not in html
    # The reasons the rule set knows, sickness with the rule's weeks.
    assert "Sammenhængende sygdom i mere end 8 uger" in html


@pytest.mark.parametrize("status", [AgreementStatus.SUBMITTED, AgreementStatus.COMPLETED,
                                    AgreementStatus.TERMINATED])
def test_no_course_form_where_the_table_allows_none(client, auth, world, status) -> None:
    world["course"].status = status
    db.session.commit()
    auth.login(world["employer"].email)
    html = client.get(world["page"]).get_data(as_text=True)
    assert "data-action=" not in html


def test_a_refused_request_is_shown_at_its_field_with_the_input_kept(client, auth, world,
                                                                     today) -> None:
    auth.login(world["employer"].email)
    html = client.get(world["page"]).get_data(as_text=True)
    start = world["course"].start_date
    response = client.post(f"{world['page']}/extensions", data={
        "extension-csrf_token": token(html, "extension"), "extension-reason": "sickness",
        "extension-first_day": day(start + timedelta(days=60)),
        "extension-last_day": day(start + timedelta(days=70))})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<title>Fejl:" in page
    assert 'id="extension-last_day" name="extension-last_day" aria-describedby=' in page \
        or 'aria-invalid="true"' in page
    assert "mere end 8 uger" in page
    assert day(start + timedelta(days=60)) in page  # kept
    assert page.index("igu-error-summary") < page.index("<h1>")
    assert db.session.scalar(select(CourseExtension.id)) is None


def test_a_typed_date_that_is_no_date_stays_as_typed(client, auth, world) -> None:
    auth.login(world["employer"].email)
    html = client.get(world["page"]).get_data(as_text=True)
    response = client.post(f"{world['page']}/extensions", data={
        "extension-csrf_token": token(html, "extension"), "extension-reason": "parental_leave",
        "extension-first_day": "31.02.2027", "extension-last_day": ""})
    page = response.get_data(as_text=True)
    assert 'value="31.02.2027"' in page and "Indtast den sidste fraværsdag." in page


def test_an_extension_asked_for_and_decided_on_the_pages(client, auth, world) -> None:
    auth.login(world["employer"].email)
    html = client.get(world["page"]).get_data(as_text=True)
    start = world["course"].start_date
    response = client.post(f"{world['page']}/extensions", data={
        "extension-csrf_token": token(html, "extension"), "extension-reason": "parental_leave",
        "extension-first_day": day(start + timedelta(days=60)),
        "extension-last_day": day(start + timedelta(days=89))})
    assert response.status_code == 302
    assert 'data-extension="1"' in client.get(world["page"]).get_data(as_text=True)
    auth.logout()

    auth.login(world["caseworker"].email)
    case = client.get(world["case"]).get_data(as_text=True)
    assert 'data-section="extension-decisions"' in case and "30 dage" in case
    refused = client.post(f"{world['case']}/extensions/1/decision", data={
        "decision-1-csrf_token": token(case, "decision-1"), "decision-1-decision": "refuse",
        "decision-1-reason": "", "decision-1-lock_version": lock(case, "decision-1")})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "<title>Fejl:" in page
    assert "Giv en begrundelse for afslaget." in page
    before = world["course"].end_date
    approved = client.post(f"{world['case']}/extensions/1/decision", data={
        "decision-1-csrf_token": token(case, "decision-1"), "decision-1-decision": "approve",
        "decision-1-reason": "", "decision-1-lock_version": lock(case, "decision-1")})
    assert approved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Agreement, world["course"].id).end_date == before + timedelta(days=30)
    assert "forlænget; oprindeligt" in client.get(world["case"]).get_data(as_text=True)


def test_a_stale_decision_says_so_and_changes_nothing(client, auth, world) -> None:
    extension = CourseExtension(agreement_id=world["course"].id, number=1,
                                first_day=world["course"].start_date,
                                last_day=world["course"].start_date, reason="parental_leave",
                                status="requested", decision_reason="")
    db.session.add(extension)
    db.session.commit()
    auth.login(world["caseworker"].email)
    case = client.get(world["case"]).get_data(as_text=True)
    response = client.post(f"{world['case']}/extensions/1/decision", data={
        "decision-1-csrf_token": token(case, "decision-1"), "decision-1-decision": "approve",
        "decision-1-lock_version": str(extension.lock_version + 1)})
    assert "En anden har ændret" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(CourseExtension, extension.id).status == "requested"


def test_a_planned_end_is_recorded_and_the_forms_go(client, auth, world, today) -> None:
    auth.login(world["employer"].email)
    html = client.get(world["page"]).get_data(as_text=True)
    response = client.post(f"{world['page']}/termination", data={
        "termination-csrf_token": token(html, "termination"),
        "termination-lock_version": lock(html, "termination"),
        "termination-day": day(today + timedelta(days=30)), "termination-reason": "dismissal",
        "termination-continued_by_cvr": "", "termination-note": "Opsagt"})
    assert response.status_code == 302
    page = client.get(world["page"]).get_data(as_text=True)
    assert f'data-termination="{(today + timedelta(days=30)).isoformat()}"' in page
    assert "Afskedigelse" in page and "data-action=" not in page


def test_an_invalid_cvr_is_refused_at_its_field(client, auth, world, today) -> None:
    auth.login(world["employer"].email)
    html = client.get(world["page"]).get_data(as_text=True)
    response = client.post(f"{world['page']}/termination", data={
        "termination-csrf_token": token(html, "termination"),
        "termination-lock_version": lock(html, "termination"),
        "termination-day": day(today), "termination-reason": "dismissal",
        "termination-continued_by_cvr": "12345678"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "CVR-nummeret er ikke gyldigt" in page
    assert 'value="12345678"' in page
    db.session.expire_all()
    assert db.session.get(Agreement, world["course"].id).termination_date is None


def test_completion_is_offered_from_the_end_date(client, auth, world, today) -> None:
    course = world["course"]
    course.end_date = today
    db.session.commit()
    auth.login(world["employer"].email)
    html = client.get(world["page"]).get_data(as_text=True)
    assert 'data-action="completion"' in html
    response = client.post(f"{world['page']}/completion", data={
        "completion-csrf_token": token(html, "completion"),
        "completion-lock_version": lock(html, "completion")})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Agreement, course.id).status == "completed"


def test_the_forms_answer_404_outside_the_tenancy(client, auth, world) -> None:
    """Also without a CSRF token: the page that would show the refusal is not theirs."""
    auth.login(make_user(Role.EMPLOYER, company=make_company()).email)
    for action in ("extensions", "termination", "completion"):
        assert client.post(f"{world['page']}/{action}", data={}).status_code == 404
    auth.logout()
    auth.login(make_user(Role.CASEWORKER, municipality="751").email)
    assert client.post(f"{world['case']}/extensions/1/decision", data={}).status_code == 404


def test_every_extension_status_and_reason_has_a_label() -> None:
    from igu_admin.domain.course_events import EXTENSION_REASONS, IMPORTED, TERMINATION_REASONS
    from igu_admin.domain.lifecycle import RecordKind, status_values
    from igu_admin.web import labels

    assert set(labels.EXTENSION_STATUS_LABELS) == set(status_values(RecordKind.EXTENSION))
    # The employer's reasons, and the one an import records.
    assert set(labels.EXTENSION_REASON_LABELS) == {*EXTENSION_REASONS, IMPORTED}
    assert set(labels.TERMINATION_REASON_LABELS) == set(TERMINATION_REASONS)
