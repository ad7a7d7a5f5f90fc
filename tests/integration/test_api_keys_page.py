"""The user's page "API-nøgler": make a key (shown once), see it listed, revoke it."""

import re

import pytest
from sqlalchemy import select

from igu_admin.extensions import db
from igu_admin.models import ApiToken, Role
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_user
from tests.conftest import csrf_token
from tests.page_text import visible_text

SECRET = re.compile(r'id="new-api-key">(igu_[A-Za-z0-9_-]+)<')


def _create(client, label: str = "Lønsystem"):
    return client.post("/account/api-keys", data={
        "label": label, "csrf_token": csrf_token(client, "/account/api-keys")})


def test_every_role_makes_a_key_that_is_shown_once_and_stored_as_a_hash(app, client,
                                                                       auth) -> None:
    for role in Role:
        user = make_user(role)
        auth.login(user.email)
        response = _create(client)
        html = response.get_data(as_text=True)
        secret = SECRET.search(html).group(1)
        assert response.headers["Cache-Control"] == "no-store"
        assert api_tokens.user_for_bearer(secret).id == user.id
        assert secret not in client.get("/account/api-keys").get_data(as_text=True)
        assert "Lønsystem" in client.get("/account/api-keys").get_data(as_text=True)
        auth.logout()


def test_revoking_on_the_page_refuses_the_key_at_once(app, client, auth) -> None:
    user = make_user(Role.CASEWORKER)
    auth.login(user.email)
    secret = SECRET.search(_create(client).get_data(as_text=True)).group(1)
    token_id = db.session.scalar(select(ApiToken.id))
    response = client.post(f"/account/api-keys/{token_id}/revoke",
                           data={"csrf_token": csrf_token(client, "/account/api-keys")})
    assert response.status_code == 302
    assert api_tokens.user_for_bearer(secret) is None


def test_another_users_key_cannot_be_revoked(app, client, auth) -> None:
    owner = make_user(Role.EMPLOYER)
    made = api_tokens.create_token(owner, owner)
    auth.login(make_user(Role.EMPLOYER).email)
    response = client.post(f"/account/api-keys/{made.record.id}/revoke",
                           data={"csrf_token": csrf_token(client, "/account/api-keys")})
    assert response.status_code == 404
    assert api_tokens.user_for_bearer(made.secret) is not None


def test_an_over_long_purpose_is_an_error_at_the_field_and_nothing_is_made(app, client,
                                                                          auth) -> None:
    auth.login(make_user(Role.FINANCE).email)
    html = _create(client, "x" * 101).get_data(as_text=True)
    assert 'aria-invalid="true"' in html and 'href="#label"' in html
    assert db.session.scalar(select(ApiToken)) is None


def test_the_page_needs_a_login(app, client) -> None:
    assert client.get("/account/api-keys").status_code == 302


def test_every_role_finds_the_page_in_its_menu(app, client, auth) -> None:
    for role in Role:
        auth.login(make_user(role).email)
        assert 'href="/account/api-keys"' in client.get("/account/api-keys").get_data(as_text=True)
        auth.logout()


@pytest.mark.parametrize(("lang", "header"), [("da", "Authorization: Bearer <nøgle>"),
                                              ("en", "Authorization: Bearer <key>")])
def test_the_page_shows_the_header_with_its_placeholder(app, client, auth, lang: str,
                                                        header: str) -> None:
    auth.login(make_user(Role.EMPLOYER).email)
    client.get(f"/language/{lang}")
    html = client.get("/account/api-keys").get_data(as_text=True)
    assert f" {header}." in visible_text(html)


def home_url_of(role: Role) -> str:
    return {Role.EMPLOYER: "/employer/", Role.CASEWORKER: "/caseworker/",
            Role.FINANCE: "/finance/", Role.ADMIN: "/admin/"}[role]


def _menus(html: str) -> tuple[str, str]:
    """The main menus' and the account menus' markup (desktop and mobile)."""
    main = "".join(re.findall(r'<ul class="mainmenu">(.*?)</ul>', html, re.S))
    account = "".join(re.findall(r'<nav class="igu-account-menu"[^>]*>(.*?)</nav>', html, re.S))
    return main, account


def test_api_keys_sit_in_the_account_menu_not_the_main_menu(app, client, auth) -> None:
    for role in Role:  # an employer's, and by the same logic every role's
        auth.login(make_user(role).email)
        for page in (home_url_of(role), "/account/api-keys"):
            main, account = _menus(client.get(page).get_data(as_text=True))
            assert main and "/account/api-keys" not in main, (role, page)
            assert account.count('href="/account/api-keys"') == 2, (role, page)
        assert "API-nøgler" in visible_text(account)
        auth.logout()


def test_a_visitor_has_no_account_menu(app, client) -> None:
    assert _menus(client.get("/").get_data(as_text=True))[1] == ""
