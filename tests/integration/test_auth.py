"""Logging in and out, with bad input that never gives a 500."""

import pytest

from igu_admin.models import Role
from tests.conftest import PASSWORD, csrf_token
from tests.factories import make_user

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
