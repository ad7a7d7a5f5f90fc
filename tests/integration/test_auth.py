"""Logging in and out, with bad input that never gives a 500."""

import pytest
from limits import parse_many

from igu_admin.models import Role
from igu_admin.testing.accounts import PASSWORD, make_user
from tests.conftest import csrf_token

HOMES = {Role.EMPLOYER: "/employer/", Role.CASEWORKER: "/caseworker/",
         Role.FINANCE: "/finance/", Role.ADMIN: "/admin/"}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_logs_in_to_its_home_page(app, client, auth, role: Role) -> None:
    user = make_user(role)
    response = auth.login(user.email)
    assert response.status_code == 302
    assert response.headers["Location"] == HOMES[role]
    page = client.get(HOMES[role])
    assert page.status_code == 200
    assert user.email in page.get_data(as_text=True)


def test_the_employer_home_is_mine_igu_forloeb_in_danish(app, client, auth) -> None:
    auth.login(make_user(Role.EMPLOYER).email)
    html = client.get("/employer/").get_data(as_text=True)
    assert "Mine IGU-forløb" in html
    assert '<html lang="da"' in html


def test_a_wrong_password_keeps_the_email_and_says_what_is_wrong(app, client, auth) -> None:
    user = make_user(Role.EMPLOYER)
    response = auth.login(user.email, "wrong password")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "E-mailen eller adgangskoden er forkert." in html
    assert f'value="{user.email}"' in html
    assert "<title>Fejl:" in html
    assert 'aria-invalid="true"' in html


def test_an_unknown_user_gets_the_same_message(app, client, auth) -> None:
    html = auth.login("nobody@example.dk", "whatever").get_data(as_text=True)
    assert "E-mailen eller adgangskoden er forkert." in html
    assert 'value="nobody@example.dk"' in html


def test_empty_fields_are_named_in_the_error_summary(app, client) -> None:
    token = csrf_token(client, "/login")
    html = client.post("/login", data={"csrf_token": token}).get_data(as_text=True)
    assert "Indtast din e-mail." in html
    assert "Indtast din adgangskode." in html
    assert 'href="#email"' in html


def test_an_expired_csrf_token_keeps_the_email_and_explains(app, client) -> None:
    response = client.post("/login", data={"email": "someone@example.dk", "password": "x",
                                           "csrf_token": "expired-or-forged"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="someone@example.dk"' in html
    assert "Din session er udløbet af sikkerhedshensyn" in html


def test_repeated_failures_lock_the_email_for_a_while(app, client, auth) -> None:
    user = make_user(Role.EMPLOYER)
    limit = app.config["IGU_LOGIN_MAX_FAILURES"]
    for _ in range(limit - 1):
        assert "forkert" in auth.login(user.email, "wrong").get_data(as_text=True)
    locked = auth.login(user.email, "wrong").get_data(as_text=True)
    assert "For mange mislykkede forsøg" in locked
    # Even the right password is refused while the lock lasts.
    response = auth.login(user.email)
    assert response.status_code == 200
    assert "For mange mislykkede forsøg" in response.get_data(as_text=True)


def test_an_unknown_email_is_locked_too_so_locks_reveal_nothing(app, client, auth) -> None:
    for _ in range(app.config["IGU_LOGIN_MAX_FAILURES"]):
        html = auth.login("ghost@example.dk", "wrong").get_data(as_text=True)
    assert "For mange mislykkede forsøg" in html


def test_logout_needs_a_post_with_a_token(app, client, auth) -> None:
    auth.login(make_user(Role.FINANCE).email)
    assert client.get("/logout").status_code == 405
    assert auth.logout().status_code == 302
    assert client.get("/finance/").status_code == 302  # back to login


@pytest.mark.parametrize(("target", "landing"), [
    ("https://evil.example/x", "/caseworker/"),  # other sites are ignored
    ("//evil.example/x", "/caseworker/"),
    ("/eligibility", "/eligibility"),  # within the site is followed
])
def test_login_follows_next_only_within_the_site(app, client, target: str, landing: str) -> None:
    user = make_user(Role.CASEWORKER)
    token = csrf_token(client, "/login")
    response = client.post(f"/login?next={target}",
                           data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == landing


def test_an_inactive_user_cannot_log_in(app, client, auth) -> None:
    from igu_admin.extensions import db

    user = make_user(Role.EMPLOYER)
    user.active = False
    db.session.commit()
    assert "forkert" in auth.login(user.email).get_data(as_text=True)


STRANGER = {"REMOTE_ADDR": "203.0.113.7"}


def _login_from(client, address: str, email: str, password: str = PASSWORD, **kwargs):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address}, **kwargs)


def test_a_stranger_elsewhere_cannot_lock_the_real_user_out(app, client, auth) -> None:
    admin = make_user(Role.ADMIN)
    for _ in range(app.config["IGU_LOGIN_MAX_FAILURES"] + 1):
        html = _login_from(client, STRANGER["REMOTE_ADDR"], admin.email, "guess").get_data(
            as_text=True)
    assert "For mange mislykkede forsøg" in html  # the stranger is locked out
    response = auth.login(admin.email)  # the administrator, from their own address
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


def test_one_address_spreading_guesses_over_many_emails_is_stopped(app, client) -> None:
    limit = parse_many(app.config["IGU_LOGIN_RATE_LIMIT"])[0].amount
    users = [make_user(Role.EMPLOYER) for _ in range(3)]
    answers = [_login_from(client, "198.51.100.9", users[n % 3].email if n % 2 else
                           f"guess{n}@example.dk", "guess").status_code
               for n in range(limit + 1)]
    assert answers == [200] * limit + [429]
    # Even a right password from that address waits; another address does not.
    assert _login_from(client, "198.51.100.9", users[0].email).status_code == 429
    assert _login_from(client, "192.0.2.44", users[0].email).status_code == 302


def test_too_many_attempts_is_a_translated_page_with_retry_after(app, client) -> None:
    limit = parse_many(app.config["IGU_LOGIN_RATE_LIMIT"])[0].amount
    for n in range(limit):
        _login_from(client, "198.51.100.10", f"guess{n}@example.dk", "guess")
    response = _login_from(client, "198.51.100.10", "last@example.dk", "guess")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "For mange forsøg" in response.get_data(as_text=True)


def test_successful_logins_from_one_office_address_are_not_limited(app, client) -> None:
    limit = parse_many(app.config["IGU_LOGIN_RATE_LIMIT"])[0].amount
    users = [make_user(Role.CASEWORKER) for _ in range(limit + 2)]
    for user in users:
        assert _login_from(client, "192.0.2.80", user.email).status_code == 302
        client.delete_cookie("session")  # the next colleague at the same office


def test_the_address_limit_can_be_switched_off(app, database_url) -> None:
    from tests.conftest import make_app

    unlimited = make_app(database_url, IGU_RATELIMIT_ENABLED=False,
                         IGU_LOGIN_RATE_LIMIT="1 per minute").test_client()
    answers = {_login_from(unlimited, "198.51.100.11", f"g{n}@example.dk", "guess").status_code
               for n in range(3)}
    assert answers == {200}


def test_a_default_limit_answers_the_api_in_json(app, database_url) -> None:
    from tests.conftest import make_app

    limited = make_app(database_url, IGU_RATELIMIT_DEFAULT="2 per minute").test_client()
    answers = [limited.get("/api/v1/openapi.json") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[-1].is_json
    assert "Retry-After" in answers[-1].headers


def _all_audit_text() -> str:
    from igu_admin.extensions import db
    from igu_admin.models import AuditEvent

    return repr([(e.actor_label, e.entity_id, e.before, e.after)
                 for e in db.session.query(AuditEvent)])


def test_a_successful_login_is_an_audit_event_without_the_password(app, client, auth) -> None:
    from igu_admin.extensions import db
    from igu_admin.models import AuditEvent

    user = make_user(Role.EMPLOYER)
    auth.login(user.email)
    event = db.session.query(AuditEvent).filter_by(action="login_succeeded").one()
    assert (event.actor_id, event.entity_id, event.channel) == (user.id, str(user.id), "web")
    assert PASSWORD not in _all_audit_text()


def test_a_failed_login_names_the_account_but_never_the_password(app, client, auth) -> None:
    from igu_admin.extensions import db
    from igu_admin.models import AuditEvent

    user = make_user(Role.EMPLOYER)
    auth.login(user.email, "my wrong password")
    event = db.session.query(AuditEvent).filter_by(action="login_failed").one()
    assert event.actor_id is None
    assert (event.entity_type, event.entity_id, event.channel) == ("user", str(user.id), "web")
    assert event.after["outcome"] == "invalid"
    assert "my wrong password" not in _all_audit_text()


def test_an_unknown_email_is_never_stored_in_clear(app, client, auth) -> None:
    from igu_admin.extensions import db
    from igu_admin.models import AuditEvent

    typed = "Sommer2024!Hemmelig"  # a password typed in the e-mail field
    auth.login(typed, "x")
    auth.login(typed, "y")
    events = db.session.query(AuditEvent).filter_by(action="login_failed").all()
    assert [e.entity_id for e in events] == ["unknown", "unknown"]
    assert events[0].after["email_hash"] == events[1].after["email_hash"]  # correlated
    assert typed.lower() not in _all_audit_text().lower()


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_clients(app, database_url) -> None:
    """Behind one proxy every request comes from the proxy's address: the
    stranger's failures must still be the stranger's alone."""
    from igu_admin.extensions import db
    from tests.conftest import IsolatedClient, make_app

    proxied = make_app(database_url, IGU_TRUSTED_PROXIES=1)
    proxied.test_client_class = IsolatedClient
    with proxied.app_context():  # the same (migrated) database; `app` empties it after
        admin = make_user(Role.ADMIN)
        client = proxied.test_client()
        proxy = {"REMOTE_ADDR": "10.0.0.2"}
        for _ in range(proxied.config["IGU_LOGIN_MAX_FAILURES"] + 1):
            token = csrf_token(client, "/login")
            locked = client.post("/login", data={"email": admin.email, "password": "guess",
                                                 "csrf_token": token}, environ_base=proxy,
                                 headers={"X-Forwarded-For": "203.0.113.7"})
        assert "For mange mislykkede forsøg" in locked.get_data(as_text=True)
        token = csrf_token(client, "/login")
        mine = client.post("/login", data={"email": admin.email, "password": PASSWORD,
                                           "csrf_token": token}, environ_base=proxy,
                           headers={"X-Forwarded-For": "192.0.2.50"})
        assert mine.status_code == 302
        db.session.remove()
