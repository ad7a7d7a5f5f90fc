"""An administrator edits a login: optimistic lock with the input kept, deactivation."""

import re
from html import unescape

from sqlalchemy import select, text

from igu_admin.extensions import db
from igu_admin.models import AuditEvent, Role, User
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import PASSWORD, make_user
from tests.conftest import Auth, csrf_token


def _lock(html: str) -> str:
    match = re.search(r'<input[^>]*name="lock_version"[^>]*>', html)
    assert match, "no lock_version on the page"
    return re.search(r'value="(\d+)"', match.group(0)).group(1)


def _form(client, user_id: int) -> tuple[str, str]:
    html = client.get(f"/admin/users/{user_id}").get_data(as_text=True)
    return csrf_token(client, f"/admin/users/{user_id}"), _lock(html)


def test_a_stale_edit_is_refused_with_a_message_and_the_typed_input_kept(app, client,
                                                                         auth) -> None:
    auth.login(make_user(Role.ADMIN).email)
    user = make_user(Role.CASEWORKER)
    token, lock = _form(client, user.id)
    # Another administrator saves first.
    db.session.execute(text("UPDATE user_account SET name = 'Andens navn', "
                            "lock_version = lock_version + 1 WHERE id = :id"), {"id": user.id})
    db.session.commit()
    response = client.post(f"/admin/users/{user.id}", data={
        "csrf_token": token, "lock_version": lock, "name": "Mit navn", "active": "y"})
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "En anden har ændret det i mellemtiden" in html
    assert 'value="Mit navn"' in html
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Andens navn"
    # Having seen the message, saving again goes through on the current record.
    again = client.post(f"/admin/users/{user.id}", data={
        "csrf_token": token, "lock_version": _lock(html), "name": "Mit navn", "active": "y"})
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Mit navn"


def test_deactivating_a_user_ends_their_sessions_and_api_keys_at_once(app, client, auth,
                                                                      migrated_app) -> None:
    auth.login(make_user(Role.ADMIN).email)
    employer = make_user(Role.EMPLOYER)
    key = api_tokens.create_token(employer, employer)
    their_client = migrated_app.test_client()
    Auth(their_client).login(employer.email)
    assert their_client.get("/employer/").status_code == 200
    token, lock = _form(client, employer.id)
    response = client.post(f"/admin/users/{employer.id}", data={
        "csrf_token": token, "lock_version": lock, "name": "Ex-ansat"})
    assert response.status_code == 302
    assert their_client.get("/employer/").status_code == 302  # to the login page
    db.session.expire_all()  # this test's session still holds the user as it was
    assert api_tokens.user_for_bearer(key.secret) is None
    actions = set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type == "user", AuditEvent.entity_id == str(employer.id))))
    assert {"deactivated", "updated"} <= actions


def test_an_administrator_cannot_deactivate_themselves(app, client, auth) -> None:
    admin = make_user(Role.ADMIN)
    auth.login(admin.email)
    token, lock = _form(client, admin.id)
    html = client.post(f"/admin/users/{admin.id}", data={
        "csrf_token": token, "lock_version": lock, "name": "Mig"}).get_data(as_text=True)
    assert "Du kan ikke deaktivere dit eget login." in html
    db.session.expire_all()
    assert db.session.get(User, admin.id).active is True


def test_a_new_password_works_and_the_old_one_does_not(app, client, auth, migrated_app) -> None:
    auth.login(make_user(Role.ADMIN).email)
    user = make_user(Role.FINANCE)
    token, lock = _form(client, user.id)
    client.post(f"/admin/users/{user.id}", data={
        "csrf_token": token, "lock_version": lock, "name": "", "active": "y",
        "new_password": "et helt nyt kodeord"})
    channel = db.session.scalar(select(AuditEvent.channel).where(
        AuditEvent.action == "password_set", AuditEvent.entity_id == str(user.id)))
    assert channel == "web"  # done on a page, so audited as such
    other = Auth(migrated_app.test_client())
    assert other.login(user.email, PASSWORD).status_code == 200  # the form again: refused
    assert other.login(user.email, "et helt nyt kodeord").status_code == 302


def test_an_unknown_user_is_not_found(app, client, auth) -> None:
    auth.login(make_user(Role.ADMIN).email)
    assert client.get("/admin/users/999999").status_code == 404


def test_a_short_password_is_an_error_at_its_field(app, client, auth) -> None:
    auth.login(make_user(Role.ADMIN).email)
    user = make_user(Role.FINANCE)
    token, lock = _form(client, user.id)
    response = client.post(f"/admin/users/{user.id}", data={
        "csrf_token": token, "lock_version": lock, "name": "Navn", "active": "y",
        "new_password": "kort"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="#new_password"' in html and "mindst 12 tegn" in html
