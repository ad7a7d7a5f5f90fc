"""Login sessions end on the server: at logout, deactivation, a new password,
after idleness and after their absolute lifetime."""

from html import unescape

import pytest
from flask.testing import FlaskClient

from igu_admin.core import audit
from igu_admin.core.errors import ServiceError
from igu_admin.extensions import db
from igu_admin.models import AuditEvent, Role, User
from igu_admin.services import accounts
from igu_admin.testing.accounts import PASSWORD, make_user
from igu_admin.web.sessions import LOGGED_IN_AT, SEEN_AT
from tests.conftest import Auth, csrf_token

ENGLISH = {"Accept-Language": "en"}


def _second_browser(app) -> tuple[FlaskClient, Auth]:
    other = app.test_client()
    return other, Auth(other)


def _age_session(client: FlaskClient, key: str, seconds: int) -> None:
    with client.session_transaction() as session:
        session[key] -= seconds


def _login_page_says(client: FlaskClient, text: str) -> bool:
    return text in unescape(client.get("/login", headers=ENGLISH).get_data(as_text=True))


def test_a_session_cookie_no_longer_works_after_logout(app, client, auth) -> None:
    auth.login(make_user(Role.EMPLOYER).email)
    stolen = client.get_cookie("session").value
    auth.logout()
    client.set_cookie("session", stolen)
    response = client.get("/employer/", headers=ENGLISH)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert _login_page_says(client, "Your session has ended")


def test_logout_ends_the_sessions_in_other_browsers_too(app, client, auth) -> None:
    user = make_user(Role.CASEWORKER)
    other, other_auth = _second_browser(app)
    auth.login(user.email)
    other_auth.login(user.email)
    assert other.get("/caseworker/").status_code == 200
    auth.logout()
    assert other.get("/caseworker/").status_code == 302


def test_deactivation_ends_every_session_and_is_audited(app, client, auth) -> None:
    admin, user = make_user(Role.ADMIN), make_user(Role.EMPLOYER)
    auth.login(user.email)
    assert client.get("/employer/").status_code == 200
    with audit.channel("web"):  # as the admin page's request sets it
        accounts.deactivate_user(admin, user)
    assert client.get("/employer/").status_code == 302
    assert "forkert" in auth.login(user.email).get_data(as_text=True)
    event = db.session.query(AuditEvent).filter_by(action="deactivated").one()
    assert (event.actor_id, event.entity_id, event.channel) == (admin.id, str(user.id), "web")
    assert event.after == {"active": False}


def test_an_administrator_cannot_deactivate_their_own_login(app) -> None:
    admin = make_user(Role.ADMIN)
    with pytest.raises(ServiceError) as refused:
        accounts.deactivate_user(admin, admin)
    assert refused.value.code == "cannot_deactivate_self"
    db.session.refresh(admin)
    assert admin.active


def test_a_new_password_ends_every_session(app, client, auth) -> None:
    user = make_user(Role.FINANCE)
    auth.login(user.email)
    accounts.set_password(None, user, "a brand new password")
    assert client.get("/finance/").status_code == 302
    assert auth.login(user.email, "a brand new password").status_code == 302
    assert client.get("/finance/").status_code == 200


def test_an_idle_session_ends_with_a_clear_message(app, client, auth) -> None:
    auth.login(make_user(Role.EMPLOYER).email)
    idle = app.config["IGU_SESSION_IDLE_MINUTES"] * 60
    _age_session(client, SEEN_AT, idle - 60)
    assert client.get("/employer/").status_code == 200  # in use: last seen moves on
    _age_session(client, SEEN_AT, idle)
    response = client.get("/employer/", headers=ENGLISH)
    assert response.status_code == 302
    assert _login_page_says(
        client, f"inactive for {app.config['IGU_SESSION_IDLE_MINUTES']} minutes")
    assert client.get("/employer/").headers["Location"].startswith("/login")


def test_a_session_ends_after_its_absolute_lifetime_even_in_use(app, client, auth) -> None:
    auth.login(make_user(Role.EMPLOYER).email)
    _age_session(client, LOGGED_IN_AT, app.config["IGU_SESSION_MAX_HOURS"] * 3600)
    assert client.get("/employer/", headers=ENGLISH).status_code == 302
    assert _login_page_says(
        client, f"more than {app.config['IGU_SESSION_MAX_HOURS']} hours ago")


def test_the_danish_message_names_the_idle_time(app, client, auth) -> None:
    auth.login(make_user(Role.EMPLOYER).email)
    _age_session(client, SEEN_AT, app.config["IGU_SESSION_IDLE_MINUTES"] * 60)
    client.get("/employer/")
    html = unescape(client.get("/login").get_data(as_text=True))
    assert f"ikke har været aktiv i {app.config['IGU_SESSION_IDLE_MINUTES']} minutter" in html


def test_a_session_without_the_server_stamps_is_refused(app, client, auth) -> None:
    auth.login(make_user(Role.EMPLOYER).email)
    with client.session_transaction() as session:
        del session[LOGGED_IN_AT]
    assert client.get("/employer/").status_code == 302


def test_input_posted_into_an_idle_session_is_kept_for_after_login(app, client, auth) -> None:
    admin = make_user(Role.ADMIN)
    auth.login(admin.email)
    token = csrf_token(client, "/admin/companies/new")
    _age_session(client, SEEN_AT, app.config["IGU_SESSION_IDLE_MINUTES"] * 60)
    response = client.post("/admin/companies/new", data={
        "csrf_token": token, "cvr": "31415926", "name": "Smed & Søn ApS",
        "municipality_code": "751", "employer_type": "public"})
    assert response.headers["Location"] == "/login?next=/admin/companies/new"
    back = client.post("/login?next=/admin/companies/new", data={
        "email": admin.email, "password": PASSWORD, "csrf_token": csrf_token(client, "/login")})
    assert back.headers["Location"] == "/admin/companies/new"
    html = unescape(client.get("/admin/companies/new").get_data(as_text=True))
    assert 'value="Smed & Søn ApS"' in html


def test_ending_sessions_never_conflicts_with_an_administrators_edit(app, client, auth) -> None:
    user = make_user(Role.EMPLOYER)
    version, generation = user.lock_version, user.session_generation
    auth.login(user.email)
    auth.logout()
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.lock_version == version  # an admin's form with this version still saves
    assert stored.session_generation == generation + 1


def test_logout_is_an_audit_event(app, client, auth) -> None:
    user = make_user(Role.EMPLOYER)
    auth.login(user.email)
    auth.logout()
    event = db.session.query(AuditEvent).filter_by(action="sessions_ended").one()
    assert (event.actor_id, event.entity_id, event.channel) == (user.id, str(user.id), "web")
