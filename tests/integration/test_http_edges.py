"""Requests no browser would send still get a clear 4xx, never a 500."""

import io

import pytest

from igu_admin.models import Role
from igu_admin.testing.accounts import PASSWORD, make_user
from tests.conftest import csrf_token

TOO_LARGE = "x" * (2 * 1024 * 1024)


@pytest.mark.parametrize("path", ["/login", "/eligibility", "/admin/users/new"])
def test_a_body_over_the_size_limit_is_a_translated_413_page(app, client, path: str) -> None:
    response = client.post(path, data={"name": TOO_LARGE})
    assert response.status_code == 413
    assert "Forespørgslen er for stor" in response.get_data(as_text=True)


def test_a_body_over_the_size_limit_is_a_413_for_a_logged_in_user_too(app, client, auth) -> None:
    auth.login(make_user(Role.ADMIN).email)
    token = csrf_token(client, "/admin/companies/new")
    response = client.post("/admin/companies/new", data={"csrf_token": token, "name": TOO_LARGE})
    assert response.status_code == 413
    assert "Log ud" in response.get_data(as_text=True)  # the page shell is drawn as usual


@pytest.mark.parametrize("with_token", [True, False])
def test_a_file_posted_into_a_text_field_is_a_400(app, client, with_token: bool) -> None:
    data = {"email": (io.BytesIO(b"not an e-mail"), "e-mail.txt"), "password": "x"}
    if with_token:
        data["csrf_token"] = csrf_token(client, "/login")
    response = client.post("/login", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke læses" in response.get_data(as_text=True)


@pytest.mark.parametrize("body", [{"email": 5, "password": ["a", "b"]}, "text", [1, 2]])
def test_a_json_body_posted_to_a_page_is_answered_at_the_fields(app, client, body) -> None:
    token = csrf_token(client, "/login")
    response = client.post("/login", json=body, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert "Indtast din e-mail." in response.get_data(as_text=True)


NEXT_WITH_CONTROLS = ["/eligibility%0d%0aSet-Cookie:%20x=1", "/%09/evil.example",
                      "/eligibility%0a", "/%E2%80%AE/eligibility"]


@pytest.mark.parametrize("target", NEXT_WITH_CONTROLS)
def test_control_characters_in_next_are_ignored_after_login(app, client, target: str) -> None:
    user = make_user(Role.CASEWORKER)
    assert client.get(f"/login?next={target}").status_code == 200
    token = csrf_token(client, "/login")
    response = client.post(f"/login?next={target}",
                           data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/caseworker/"


@pytest.mark.parametrize("target", NEXT_WITH_CONTROLS)
def test_control_characters_in_next_are_ignored_on_language_change(app, client,
                                                                   target: str) -> None:
    response = client.get(f"/language/en?next={target}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_wrong_method_names_the_allowed_ones(app, client) -> None:
    page = client.get("/logout")
    assert page.status_code == 405
    assert "POST" in page.headers["Allow"].split(", ")
    api = client.get("/api/v1/eligibility")
    assert api.status_code == 405
    assert api.is_json
    assert "POST" in api.headers["Allow"].split(", ")
