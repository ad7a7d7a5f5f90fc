"""Agreements a jobcentre starts for a company (issue 18, item 1) through the
pages: the caseworker starts one for a company new to igu-admin, fills in
the trainee and background steps; the invited owner sets a password by the
e-mailed link, sees the trainee part read-only with "Startet af ...s
jobcenter", asks for a change in a comment, completes and sends it; the
caseworker finds it in the queue. Tenancy, the caseworker's lock_version."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from igu_admin.extensions import db
from igu_admin.models import Agreement, Comment, Company, OutboxMessage, Role
from igu_admin.testing.accounts import make_company, make_user, valid_cvr
from tests.conftest import Auth, csrf_token
from tests.integration.test_agreement_flow import Flow, answers, errors_in, step_url

BASE = "https://igu.example.test"
LINK = re.compile(re.escape(BASE) + r"(/invitation/[A-Za-z0-9_-]+)")
DRAFT_URL = re.compile(r"/caseworker/started-agreements/(\d+)/steps/trainee")
LABEL = "Startet af Københavns jobcenter"


@pytest.fixture(autouse=True)
def base_url(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "IGU_BASE_URL", BASE)


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def start(flow: Flow, data: dict[str, str]) -> int:
    response = flow.post("/caseworker/started-agreements/new", data)
    assert response.status_code == 302, errors_in(text(response))
    match = DRAFT_URL.search(response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def jobcentre_steps(flow: Flow, agreement_id: int) -> None:
    for step in ("trainee", "background"):
        response = flow.post(f"/caseworker/started-agreements/{agreement_id}/steps/{step}",
                             answers()[step])
        assert response.status_code == 302, (step, errors_in(text(response)))


def test_a_caseworker_starts_for_a_new_company_whose_owner_completes_and_sends_it(
        client: FlaskClient, auth: Auth) -> None:
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    auth.login(caseworker.email)
    flow = Flow(client)
    assert "Start en aftale for en virksomhed" in flow.page("/caseworker/started-agreements")
    cvr = valid_cvr(8201)
    agreement_id = start(flow, {"cvr": cvr, "company_name": "Ny Bager ApS",
                                "employer_type": "private", "name": "Olga Ejer",
                                "email": "olga@nybager.dk"})
    jobcentre_steps(flow, agreement_id)
    page = flow.page(f"/caseworker/started-agreements/{agreement_id}")
    assert LABEL in page and "Amal Hassan" in page
    assert f"/caseworker/started-agreements/{agreement_id}" in flow.page(
        "/caseworker/started-agreements")
    auth.logout()

    # The invited owner sets a password by the e-mailed link.
    [message] = db.session.scalars(select(OutboxMessage))
    assert message.recipient_email == "olga@nybager.dk"
    link = LINK.search(message.body_text)
    assert link, message.body_text
    token = csrf_token(client, link.group(1))
    accepted = client.post(link.group(1), data={
        "name": "Olga Ejer", "password": "min egen adgangskode",
        "repeat": "min egen adgangskode", "csrf_token": token})
    assert accepted.status_code == 302
    company = db.session.scalar(select(Company).where(Company.cvr == cvr))
    assert company is not None

    # The trainee part read-only, with the label; the rest as today.
    home = flow.page("/employer/")
    assert "Amal Hassan" in home and LABEL in home
    trainee = text(client.get(step_url(agreement_id, "trainee")))
    assert LABEL in trainee and "data-read-only" in trainee and 'name="name"' not in trainee
    assert "Bed jobcentret om en ændring" in trainee
    # Posting the step anyway changes nothing: the part is read-only.
    client.post(step_url(agreement_id, "trainee"), data={
        **answers()["trainee"], "name": "Andet Navn",
        "csrf_token": csrf_token(client, step_url(agreement_id, "company"))})
    db.session.expire_all()
    assert db.session.get(Agreement, agreement_id).trainee_name == "Amal Hassan"
    page = flow.page(f"/employer/agreements/{agreement_id}")
    assert LABEL in page and "comment-text" in page
    comment = client.post(f"/employer/agreements/{agreement_id}/comments", data={
        "comment-text": "Adressen er flyttet.",
        "csrf_token": csrf_token(client, f"/employer/agreements/{agreement_id}")})
    assert comment.status_code in (302, 303)
    assert db.session.scalar(select(Comment.text)) == "Adressen er flyttet."
    for step in ("company", "employment", "wage", "terms"):
        response = flow.post(step_url(agreement_id, step), answers()[step])
        assert response.status_code == 302, (step, errors_in(text(response)))
    check = flow.page(f"/employer/agreements/{agreement_id}/check")
    assert LABEL in check
    assert f"/employer/agreements/{agreement_id}/steps/trainee?return=check" not in check
    sent = flow.send(agreement_id)
    assert sent.status_code == 302, errors_in(text(sent))
    auth.logout()

    # The caseworker finds it in the queue, still labelled.
    auth.login(caseworker.email)
    queue = flow.page("/caseworker/?status=all")
    assert f"/caseworker/agreements/{agreement_id}" in queue
    case = flow.page(f"/caseworker/agreements/{agreement_id}")
    assert LABEL in case and "Adressen er flyttet." in case


def test_the_start_page_asks_for_the_company_at_its_fields(
        client: FlaskClient, auth: Auth) -> None:
    auth.login(make_user(Role.CASEWORKER, municipality="101").email)
    flow = Flow(client)
    unknown = text(flow.post("/caseworker/started-agreements/new", {"cvr": valid_cvr(8202)}))
    assert "kender ikke en virksomhed med dette CVR-nummer" in unknown
    bad = text(flow.post("/caseworker/started-agreements/new", {"cvr": "12345678"}))
    assert 'id="cvr-error"' in bad
    partly = text(flow.post("/caseworker/started-agreements/new",
                            {"cvr": valid_cvr(8203), "email": "ny@firma.dk"}))
    assert 'id="company_name-error"' in partly and 'id="employer_type-error"' in partly
    assert db.session.scalar(select(Company).where(Company.cvr == valid_cvr(8203))) is None
    known = make_company(municipality="751")
    agreement_id = start(flow, {"cvr": known.cvr})
    stored = db.session.get(Agreement, agreement_id)
    assert stored is not None and stored.company_id == known.id
    assert (stored.started_by, stored.started_by_municipality_code) == ("municipality", "101")


def test_other_municipalities_and_the_employer_cannot_use_the_jobcentre_pages(
        client: FlaskClient, auth: Auth) -> None:
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    auth.login(caseworker.email)
    flow = Flow(client)
    agreement_id = start(flow, {"cvr": make_company(municipality="101").cvr})
    auth.logout()
    auth.login(make_user(Role.CASEWORKER, municipality="751").email)
    for path in ("", "/steps/trainee", "/steps/background"):
        url = f"/caseworker/started-agreements/{agreement_id}{path}"
        assert client.get(url).status_code == 404, url
    assert client.get(f"/caseworker/agreements/{agreement_id}").status_code == 404
    assert f"/started-agreements/{agreement_id}" not in flow.page(
        "/caseworker/started-agreements")


def test_a_stale_trainee_step_is_refused_with_the_input_kept(
        client: FlaskClient, auth: Auth) -> None:
    auth.login(make_user(Role.CASEWORKER, municipality="101").email)
    flow = Flow(client)
    agreement_id = start(flow, {"cvr": make_company(municipality="101").cvr})
    url = f"/caseworker/started-agreements/{agreement_id}/steps/trainee"
    jobcentre_steps(flow, agreement_id)
    stale = flow.post(url, {**answers()["trainee"], "name": "Gammel side"}, lock_version="1")
    html = text(stale)
    assert stale.status_code == 200 and "Gammel side" in html
    assert db.session.get(Agreement, agreement_id).trainee_name == "Amal Hassan"
