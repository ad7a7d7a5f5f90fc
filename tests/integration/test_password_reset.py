"""Getting in: the login page says how to get a login, and "Glemt
adgangskode" sends a one-time link by e-mail. Its token is stored only as a
hash, works for IGU_PASSWORD_RESET_SECONDS and once; the answer is the same
whether the e-mail exists or not; the requests are rate-limited; a reset
ends every session of the user."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from igu_admin.core.errors import ServiceError
from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.extensions import db
from igu_admin.jobs.mail_delivery import EmlWriter, send_pending
from igu_admin.models import AuditEvent, OutboxMessage, PasswordResetToken, Role
from igu_admin.models.base import utcnow
from igu_admin.services import accounts
from igu_admin.testing.accounts import make_user
from tests.conftest import Auth, csrf_token

BASE = "https://igu.example.test"
NEW_PASSWORD = "en helt ny adgangskode"
LINK = re.compile(re.escape(BASE) + r"(/login/reset/[A-Za-z0-9_-]+)")
FORM_ERROR = re.compile(r'<span class="form-error-message" id="([a-z_]+)-error">'
                        r'<span class="sr-only">[^<]*</span>([^<]*)</span>')


@pytest.fixture(autouse=True)
def base_url(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "IGU_BASE_URL", BASE)


def ask(client: FlaskClient, email: str, **headers: str):
    token = csrf_token(client, "/login/forgot")
    return client.post("/login/forgot", data={"email": email, "csrf_token": token},
                       headers=headers)


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def link_in(message: OutboxMessage) -> str:
    match = LINK.search(message.body_text)
    assert match, message.body_text
    return match.group(1)


def set_new(client: FlaskClient, path: str, password: str = NEW_PASSWORD,
            repeat: str | None = None):
    token = csrf_token(client, path)
    return client.post(path, data={"password": password, "repeat": password if repeat is None
                                   else repeat, "csrf_token": token})


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def page_text(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_the_login_page_says_how_to_get_a_login_and_links_to_a_forgotten_password(
        client: FlaskClient) -> None:
    html = page_text(client.get("/login"))
    assert "Hvordan får jeg et login?" in html
    assert "Kommunen eller administratoren af igu-admin opretter det" in html
    assert 'href="/login/forgot">Glemt adgangskode?</a>' in html
    english = page_text(client.get("/login", headers={"Accept-Language": "en"}))
    assert "The municipality or the administrator of igu-admin makes it" in english


def test_the_answer_is_the_same_whether_the_email_belongs_to_a_login_or_not(
        client: FlaskClient) -> None:
    user = make_user(Role.EMPLOYER)
    known, unknown = ask(client, user.email), ask(client, "nobody@example.dk")
    assert (known.status_code, known.headers["Location"]) == \
        (unknown.status_code, unknown.headers["Location"]) == (302, "/login/forgot/sent")
    answer = page_text(client.get("/login/forgot/sent"))
    assert "Hvis der findes et login med den e-mail, du har indtastet" in answer
    assert "60 minutter" in answer
    # Only the known one is mailed and audited (the answer does not tell).
    assert [(m.recipient_id, m.kind, m.agreement_id) for m in outbox()] == \
        [(user.id, "password_reset", None)]
    requested = events("password_reset_requested")
    assert [(e.entity_id, e.actor_label) for e in requested] == [(str(user.id), "anonymous")]


def test_an_inactive_login_gets_no_link(client: FlaskClient) -> None:
    user = make_user(Role.CASEWORKER)
    user.active = False
    db.session.commit()
    assert ask(client, user.email).headers["Location"] == "/login/forgot/sent"
    assert outbox() == []


def test_the_mail_is_in_the_users_language_and_the_token_is_stored_only_as_a_hash(
        client: FlaskClient) -> None:
    user = make_user(Role.EMPLOYER)
    user.preferred_language = "en"
    db.session.commit()
    ask(client, user.email.upper())
    message = outbox()[0]
    assert (message.language, message.subject) == ("en", "Set a new password for igu-admin")
    assert "works once, for 60 minutes" in message.body_text
    token = link_in(message).rsplit("/", 1)[1]
    stored = db.session.scalars(select(PasswordResetToken)).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() != token
    assert stored.expires_at - stored.created_at == timedelta(hours=1)
    assert token not in stored.token_hash


def test_a_reset_sets_the_password_once_and_ends_every_session_of_the_user(
        app: Flask, client: FlaskClient, auth: Auth) -> None:
    user = make_user(Role.EMPLOYER)
    first, second = app.test_client(), app.test_client()
    Auth(first).login(user.email)
    Auth(second).login(user.email)
    assert first.get("/employer/").status_code == second.get("/employer/").status_code == 200
    ask(client, user.email)
    path = link_in(outbox()[0])
    form = client.get(path)
    assert form.status_code == 200 and "Vælg en ny adgangskode" in page_text(form)

    done = set_new(client, path)
    assert (done.status_code, done.headers["Location"]) == (302, "/login")
    assert "Din adgangskode er ændret" in page_text(client.get("/login"))
    # Both browsers are logged out; the old password no longer works, the new one does.
    assert first.get("/employer/").status_code == second.get("/employer/").status_code == 302
    assert auth.login(user.email).status_code == 200  # the form again: refused
    assert auth.login(user.email, NEW_PASSWORD).status_code == 302
    assert [e.entity_id for e in events("password_reset")] == [str(user.id)]
    # Used once: the link is spent.
    assert client.get(path).status_code == 404
    assert "Linket kan ikke bruges" in page_text(client.get(path))
    assert db.session.scalars(select(PasswordResetToken)).all() == []


def test_the_new_password_follows_the_password_rules_with_errors_at_the_fields(
        client: FlaskClient) -> None:
    user = make_user(Role.FINANCE)
    ask(client, user.email)
    path = link_in(outbox()[0])
    short = page_text(set_new(client, path, "kort"))
    assert ("password", "Adgangskoden skal have mindst 12 tegn.") in FORM_ERROR.findall(short)
    different = page_text(set_new(client, path, NEW_PASSWORD, "noget andet helt"))
    assert ("repeat", "De to adgangskoder er ikke ens.") in FORM_ERROR.findall(different)
    empty = page_text(set_new(client, path, ""))
    assert ("password", "Indtast en ny adgangskode.") in FORM_ERROR.findall(empty)
    english = client.post(path, data={"password": "short", "repeat": "short",
                                      "csrf_token": csrf_token(client, path)},
                          headers={"Accept-Language": "en"})
    assert ("password", "The password must have at least 12 characters.") in \
        FORM_ERROR.findall(page_text(english))
    # The link survived the mistakes.
    assert set_new(client, path).status_code == 302


def test_an_empty_or_too_long_email_is_refused_at_the_field(client: FlaskClient) -> None:
    empty = page_text(ask(client, ""))
    assert ("email", "Indtast din e-mail.") in FORM_ERROR.findall(empty)
    long = page_text(ask(client, "a" * 250 + "@example.dk"))
    assert ("email", "Brug højst 254 tegn.") in FORM_ERROR.findall(long)
    assert 'value="' + "a" * 250 in long  # what was typed is kept
    assert outbox() == []


def test_a_link_expires_after_its_lifetime(app: Flask, client: FlaskClient,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "IGU_PASSWORD_RESET_SECONDS", 600)
    user = make_user(Role.EMPLOYER)
    accounts.request_password_reset(user.email, client_address="test",
                                    now=utcnow() - timedelta(seconds=601))
    path = link_in(outbox()[0])
    assert "i 10 minutter" in outbox()[0].body_text
    assert client.get(path).status_code == 404
    with pytest.raises(ServiceError, match="reset_link_invalid"):
        accounts.reset_password(path.rsplit("/", 1)[1], NEW_PASSWORD)


def test_a_newer_link_or_a_new_password_ends_the_older_link(client: FlaskClient) -> None:
    user = make_user(Role.EMPLOYER)
    ask(client, user.email)
    ask(client, user.email)
    older, newer = (link_in(m) for m in outbox())
    assert client.get(older).status_code == 404
    assert client.get(newer).status_code == 200
    accounts.set_password(None, user, "sat af administratoren")
    assert client.get(newer).status_code == 404


def test_an_unknown_or_malformed_link_answers_404_with_a_way_on(client: FlaskClient) -> None:
    for token in ("nope", "x" * 500, "%C3%A6%C3%B8"):
        response = client.get(f"/login/reset/{token}")
        assert response.status_code == 404
        assert 'href="/login/forgot"' in page_text(response)


def test_the_link_is_blanked_in_the_outbox_once_sent(app: Flask, client: FlaskClient,
                                                     tmp_path: Path) -> None:
    user = make_user(Role.EMPLOYER)
    ask(client, user.email)
    path = link_in(outbox()[0])
    db.session.commit()
    db.session.remove()
    report = send_pending(transport=EmlWriter(tmp_path))
    assert report.sent == 1
    (eml,) = tmp_path.glob("*.eml")
    assert path.rsplit("/", 1)[1] in eml.read_bytes().decode().replace("=\n", "")
    with unit_of_work():
        message = outbox()[0]
        assert path not in message.body_text and message.sent_at is not None


def test_requests_are_limited_per_email_address(app: Flask, client: FlaskClient) -> None:
    user = make_user(Role.EMPLOYER)
    answers = [ask(client, user.email) for _ in range(4)]
    # IGU_PASSWORD_RESET_EMAIL_RATE_LIMIT: 3 per hour; the fourth sends nothing.
    assert [answer.status_code for answer in answers] == [302, 302, 302, 429]
    assert "For mange forsøg" in page_text(answers[-1])
    assert len(outbox()) == 3
    # Another address (e-mail) from the same client is still served.
    assert ask(client, make_user(Role.EMPLOYER).email).status_code == 302


def test_requests_are_limited_per_client_address(app: Flask, client: FlaskClient) -> None:
    users = [make_user(Role.EMPLOYER) for _ in range(6)]
    answers = [ask(client, user.email).status_code for user in users]
    # IGU_PASSWORD_RESET_RATE_LIMIT: 5 per 15 minutes from one address.
    assert answers == [302] * 5 + [429]
    assert {m.recipient_id for m in outbox()} == {user.id for user in users[:5]}


def test_the_limits_are_settings_that_must_read_as_limits(database_url: str) -> None:
    from igu_admin.config import ConfigurationError
    from tests.conftest import make_app

    with pytest.raises(ConfigurationError, match="IGU_PASSWORD_RESET_RATE_LIMIT"):
        make_app(database_url, IGU_PASSWORD_RESET_RATE_LIMIT="often")
