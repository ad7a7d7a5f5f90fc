"""Invitations: a caseworker invites a company igu-admin does not know (the
company is created, CVR checked), or a person to a company of the
municipality; an employer invites a person to their own company. The e-mail's
link is a one-time link like "Glemt adgangskode" (stored as a hash, valid
IGU_INVITATION_DAYS days, usable once; a resend ends the old one); accepting
it sets the password and logs in as an employer of the company."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from igu_admin.core.errors import NotFound, ServiceError
from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.extensions import db
from igu_admin.jobs.mail_delivery import EmlWriter, send_pending
from igu_admin.models import (
    AuditEvent,
    Company,
    Invitation,
    OutboxMessage,
    PasswordResetToken,
    Role,
    User,
)
from igu_admin.models.base import utcnow
from igu_admin.services import accounts
from igu_admin.services.accounts.sign_on import SignOnClaims, SignOnProvider, sign_on
from igu_admin.testing.accounts import make_company, make_user, valid_cvr
from tests.conftest import Auth, IsolatedClient, csrf_token, make_app

BASE = "https://igu.example.test"
PASSWORD = "min egen adgangskode"
LINK = re.compile(re.escape(BASE) + r"(/invitation/[A-Za-z0-9_-]+)")


@pytest.fixture(autouse=True)
def base_url(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "IGU_BASE_URL", BASE)


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def links() -> list[str]:
    found = []
    for message in outbox():
        match = LINK.search(message.body_text)
        assert match, message.body_text
        found.append(match.group(1))
    return found


def accept(client: FlaskClient, path: str, password: str = PASSWORD,
           repeat: str | None = None, name: str = "Ny Person"):
    token = csrf_token(client, path)
    return client.post(path, data={"name": name, "password": password,
                                   "repeat": password if repeat is None else repeat,
                                   "csrf_token": token})


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_inviting_a_new_company_creates_it_and_mails_a_link_stored_only_as_a_hash(
        client: FlaskClient) -> None:
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    cvr = valid_cvr(901)
    invitation = accounts.invite_company(caseworker, cvr, "Nyt Firma ApS", "public",
                                         "Chef@Nyt.dk", "999")
    company = db.session.scalar(select(Company).where(Company.cvr == cvr))
    assert company is not None and company.name == "Nyt Firma ApS"
    assert company.municipality_code == "101"  # the caseworker's, whatever was asked
    assert company.is_private is False
    [message] = outbox()
    assert message.recipient_email == "chef@nyt.dk" and message.kind == "invitation"
    assert "Nyt Firma ApS" in message.subject
    assert "14 dage" in message.body_text and "14 days" in message.body_text
    [path] = links()
    token = path.rsplit("/", 1)[1]
    [stored] = db.session.scalars(select(PasswordResetToken))
    assert stored.purpose == "invitation" and stored.invitation_id == invitation.id
    assert stored.user_id is None
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash
    assert stored.expires_at - stored.created_at == timedelta(days=14)
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type.in_(["company", "invitation"]))))
    assert {"created"} == actions


def test_accepting_sets_the_password_and_logs_in_as_employer_of_the_company_once(
        client: FlaskClient, auth: Auth) -> None:
    caseworker = make_user(Role.CASEWORKER)
    invitation = accounts.invite_company(caseworker, valid_cvr(902), "Firma A/S", "private",
                                         "ny@firma.dk")
    company_id = invitation.company_id
    [path] = links()
    page = client.get(path)
    assert page.status_code == 200 and "ny@firma.dk" in text(page)
    answer = accept(client, path)
    assert answer.status_code == 302 and answer.location.endswith("/employer/")
    assert client.get("/employer/").status_code == 200
    user = db.session.scalar(select(User).where(User.email == "ny@firma.dk"))
    assert user is not None and user.role == "employer" and user.company_id == company_id
    assert user.name == "Ny Person"
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).accepted_user_id == user.id
    assert db.session.scalars(select(PasswordResetToken)).all() == []
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.entity_type == "invitation", AuditEvent.action == "accepted")) is not None
    # Once only: the link now says so, and whom to ask.
    auth.logout()
    used = client.get(path)
    assert used.status_code == 404
    assert "kan ikke bruges" in text(used)
    with pytest.raises(ServiceError, match="invitation_invalid"):
        accounts.accept_invitation(path.rsplit("/", 1)[1], PASSWORD)
    assert auth.login("ny@firma.dk", PASSWORD).status_code == 302


def test_password_errors_are_at_their_fields_and_the_link_stays_usable(
        client: FlaskClient) -> None:
    accounts.invite_person(make_user(Role.CASEWORKER), make_company(), "a@b.dk")
    [path] = links()
    html = text(accept(client, path, password="kort", repeat="anden"))
    assert 'id="password-error"' in html and 'id="repeat-error"' in html
    assert 'value="Ny Person"' in html  # the input is kept
    with pytest.raises(ServiceError) as refused:  # the service's own rule, the link kept
        accounts.accept_invitation(path.rsplit("/", 1)[1], "kort")
    assert refused.value.field == "password"
    assert accept(client, path).status_code == 302


def test_an_expired_link_says_so_and_names_the_jobcenter(
        app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "IGU_INVITATION_DAYS", 3)
    company = make_company(municipality="101")
    accounts.invite_person(make_user(Role.CASEWORKER), company, "sent@b.dk",
                           now=utcnow() - timedelta(days=3, seconds=1))
    [path] = links()
    assert "3 dage" in outbox()[0].body_text
    answer = client.get(path)
    assert answer.status_code == 404
    assert "Jobcenter København" in text(answer)
    with pytest.raises(ServiceError, match="invitation_invalid"):
        accounts.accept_invitation(path.rsplit("/", 1)[1], PASSWORD)
    posted = client.post(path, data={"password": PASSWORD, "repeat": PASSWORD,
                                     "csrf_token": csrf_token(client, "/login")})
    assert posted.status_code == 404
    assert db.session.scalar(select(User).where(User.email == "sent@b.dk")) is None


def test_a_resend_makes_a_new_link_and_ends_the_old_one(client: FlaskClient) -> None:
    caseworker = make_user(Role.CASEWORKER)
    invitation = accounts.invite_person(caseworker, make_company(), "igen@b.dk")
    accounts.resend_invitation(caseworker, invitation.id)
    older, newer = links()
    assert older != newer
    assert client.get(older).status_code == 404
    assert client.get(newer).status_code == 200
    assert accept(client, newer).status_code == 302


def test_an_email_already_used_by_a_login_is_refused(client: FlaskClient) -> None:
    caseworker = make_user(Role.CASEWORKER)
    taken = make_user(Role.EMPLOYER)
    with pytest.raises(ServiceError, match="email_taken"):
        accounts.invite_person(caseworker, make_company(), taken.email.upper())
    # Taken between the invitation and its acceptance: a clear error, no login.
    accounts.invite_person(caseworker, make_company(), "late@b.dk")
    [path] = links()
    make_user(Role.EMPLOYER, email="late@b.dk")
    html = text(accept(client, path))
    assert "Der findes allerede en bruger med denne e-mail" in html
    assert client.get(path).status_code == 200


def test_a_known_or_invalid_cvr_is_refused_at_its_field(client: FlaskClient) -> None:
    caseworker = make_user(Role.CASEWORKER)
    known = make_company()
    with pytest.raises(ServiceError) as exists:
        accounts.invite_company(caseworker, known.cvr, "Igen", "private", "x@y.dk")
    assert (exists.value.code, exists.value.field) == ("company_exists", "cvr")
    bad = valid_cvr(903)[:-1] + str((int(valid_cvr(903)[-1]) + 1) % 10)
    with pytest.raises(ServiceError) as invalid:
        accounts.invite_company(caseworker, bad, "Forkert", "private", "x@y.dk")
    assert (invalid.value.code, invalid.value.field) == ("cvr_invalid", "cvr")
    assert outbox() == []


def test_tenancy_other_municipalities_and_companies_are_not_found(client: FlaskClient) -> None:
    company = make_company(municipality="101")
    other_caseworker = make_user(Role.CASEWORKER, municipality="147")
    other_employer = make_user(Role.EMPLOYER)
    own_employer = make_user(Role.EMPLOYER, company=company)
    for stranger in (other_caseworker, other_employer):
        with pytest.raises(NotFound):
            accounts.invite_person(stranger, company, "x@y.dk")
        with pytest.raises(NotFound):
            accounts.invitable_company(stranger, company.id)
    invitation = accounts.invite_person(own_employer, company, "kollega@b.dk")
    for stranger in (other_caseworker, other_employer):
        with pytest.raises(NotFound):
            accounts.resend_invitation(stranger, invitation.id)
    with pytest.raises(NotFound):
        accounts.invite_company(own_employer, valid_cvr(904), "X", "private", "x@y.dk")
    assert [i.id for i in accounts.open_invitations(make_user(Role.CASEWORKER))] == [
        invitation.id]
    assert accounts.open_invitations(other_caseworker) == []


FORM_ERROR = re.compile(r'id="([a-z_]+)-error"')


def post_form(client: FlaskClient, path: str, data: dict[str, str]):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def test_the_caseworker_invites_a_company_and_resends_from_the_pages(
        client: FlaskClient, auth: Auth) -> None:
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    auth.login(caseworker.email)
    bad = valid_cvr(905)[:-1] + str((int(valid_cvr(905)[-1]) + 1) % 10)
    answer = post_form(client, "/caseworker/invitations/new", {
        "cvr": bad, "company_name": "Bager Hansen", "employer_type": "private",
        "email": "bager@hansen.dk"})
    html = text(answer)
    assert answer.status_code == 200 and FORM_ERROR.findall(html) == ["cvr"]
    assert "Indtast et gyldigt CVR-nummer" in html
    assert 'value="Bager Hansen"' in html  # the input is kept
    known = make_company(municipality="101", name="Kendt ApS")
    html = text(post_form(client, "/caseworker/invitations/new", {
        "cvr": known.cvr, "company_name": "X", "employer_type": "private", "email": "x@y.dk"}))
    assert FORM_ERROR.findall(html) == ["cvr"] and "kender allerede" in html
    assert f"/caseworker/companies/{known.id}/invite" in html
    answer = post_form(client, "/caseworker/invitations/new", {
        "cvr": valid_cvr(905), "company_name": "Bager Hansen", "employer_type": "private",
        "email": "bager@hansen.dk", "name": "Bo Hansen"})
    assert answer.status_code == 302 and answer.location.endswith("/caseworker/invitations")
    page = text(client.get("/caseworker/invitations"))
    assert "bager@hansen.dk" in page and "Send igen" in page
    invitation = db.session.scalar(select(Invitation))
    assert invitation is not None and invitation.name == "Bo Hansen"
    answer = client.post(
        f"/caseworker/invitations/{invitation.id}/resend",
        data={"csrf_token": csrf_token(client, "/caseworker/invitations")})
    assert answer.status_code == 302
    older, newer = links()
    assert client.get(older).status_code == 404 and client.get(newer).status_code == 200
    assert post_form(client, f"/caseworker/companies/{known.id}/invite",
                     {"email": "kollega@kendt.dk"}).status_code == 302
    assert len(outbox()) == 3


def test_the_pages_answer_404_outside_the_tenancy(client: FlaskClient, auth: Auth) -> None:
    company = make_company(municipality="101")
    invitation = accounts.invite_person(make_user(Role.CASEWORKER), company, "a@b.dk")
    auth.login(make_user(Role.CASEWORKER, municipality="147").email)
    assert client.get(f"/caseworker/companies/{company.id}/invite").status_code == 404
    assert client.post(f"/caseworker/invitations/{invitation.id}/resend", data={
        "csrf_token": csrf_token(client, "/caseworker/invitations")}).status_code == 404
    assert "a@b.dk" not in text(client.get("/caseworker/invitations"))
    auth.logout()
    auth.login(make_user(Role.EMPLOYER).email)
    assert client.get(f"/caseworker/companies/{company.id}/invite").status_code in (403, 404)


def test_the_employer_invites_a_colleague_to_their_own_company(
        client: FlaskClient, auth: Auth) -> None:
    employer = make_user(Role.EMPLOYER)
    auth.login(employer.email)
    assert "/employer/company/invite" in text(client.get("/employer/"))
    html = text(post_form(client, "/employer/company/invite", {"email": employer.email}))
    assert FORM_ERROR.findall(html) == ["email"]
    answer = post_form(client, "/employer/company/invite", {"email": "kollega@firma.dk"})
    assert answer.status_code == 302
    assert "kollega@firma.dk" in text(client.get("/employer/company/invite"))
    [path] = links()
    auth.logout()
    accept(client, path)
    colleague = db.session.scalar(select(User).where(User.email == "kollega@firma.dk"))
    assert colleague is not None and colleague.company_id == employer.company_id


def test_the_link_is_sent_to_the_invited_address_and_blanked_in_the_outbox(
        app: Flask, client: FlaskClient, tmp_path: Path) -> None:
    accounts.invite_person(make_user(Role.CASEWORKER), make_company(), "ny@b.dk")
    [path] = links()
    db.session.commit()
    db.session.remove()
    assert send_pending(transport=EmlWriter(tmp_path)).sent == 1
    (eml,) = tmp_path.glob("*.eml")
    sent = eml.read_bytes().decode()
    assert "To: ny@b.dk" in sent
    assert path.rsplit("/", 1)[1] in sent.replace("=\n", "")
    with unit_of_work():
        [message] = outbox()
        assert path not in message.body_text and message.sent_at is not None


def test_signing_on_with_the_invitations_verified_email_accepts_it(client: FlaskClient) -> None:
    caseworker = make_user(Role.CASEWORKER)
    invitation = accounts.invite_company(caseworker, valid_cvr(906), "SSO ApS", "private",
                                         "sso@firma.dk")
    [path] = links()
    mitid = SignOnProvider(name="mitid-erhverv", title="MitID Erhverv",
                           issuer="https://nemlog-in.example", client_id="igu",
                           client_secret="x", roles=(Role.EMPLOYER,), cvr_claim="cvr")
    unverified = SignOnClaims(subject="s-1", email="sso@firma.dk", email_verified=False,
                              name="Sif", cvr=invitation.company.cvr)
    assert sign_on(mitid, unverified, client_address="test").user is None
    assert client.get(path).status_code == 200
    verified = SignOnClaims(subject="s-1", email="SSO@firma.dk", email_verified=True,
                            name="Sif", cvr=invitation.company.cvr)
    user = sign_on(mitid, verified, client_address="test").user
    assert user is not None and user.company_id == invitation.company_id
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).accepted_user_id == user.id
    assert client.get(path).status_code == 404
    assert accounts.open_invitations(caseworker) == []


def test_the_invitation_page_offers_the_sign_on_providers(
        app: Flask, database_url: str, client: FlaskClient) -> None:
    accounts.invite_person(make_user(Role.CASEWORKER), make_company(), "a@b.dk")
    [path] = links()
    assert "Log ind med" not in text(client.get(path))
    setting = json.dumps([{"name": "mitid-erhverv", "title": "MitID Erhverv",
                           "issuer": "https://nemlog-in.example", "client_id": "igu",
                           "client_secret": "test-client-secret-0123456789",
                           "roles": ["employer"], "cvr_claim": "cvr"}])
    sso = make_app(database_url, IGU_SIGN_ON_PROVIDERS=setting)
    sso.test_client_class = IsolatedClient
    html = text(sso.test_client().get(path))
    assert "Log ind med MitID Erhverv" in html and "/login/sign-on/mitid-erhverv" in html
