"""An administrator creates companies and users; bad input stays on the form."""

import re
from html import unescape

from igu_admin.models import Role
from igu_admin.services.accounts.users import find_user_by_email
from igu_admin.testing.accounts import PASSWORD, make_company, make_user
from tests.conftest import csrf_token


def _as_admin(client, auth) -> None:
    auth.login(make_user(Role.ADMIN).email)


def test_an_admin_creates_a_company(app, client, auth) -> None:
    _as_admin(client, auth)
    token = csrf_token(client, "/admin/companies/new")
    response = client.post("/admin/companies/new", data={
        "csrf_token": token, "cvr": "31 41 59 26", "name": "Smed ApS",
        "municipality_code": "751", "employer_type": "private"})
    assert response.status_code == 302
    assert "Smed ApS" in client.get("/admin/companies").get_data(as_text=True)


def test_a_bad_cvr_is_shown_at_the_field_and_the_input_kept(app, client, auth) -> None:
    _as_admin(client, auth)
    token = csrf_token(client, "/admin/companies/new")
    html = unescape(client.post("/admin/companies/new", data={
        "csrf_token": token, "cvr": "12345678", "name": "Smed ApS",
        "municipality_code": "751", "employer_type": "private"}).get_data(as_text=True))
    assert 'href="#cvr"' in html
    assert 'value="Smed ApS"' in html


def test_an_admin_creates_an_employer_bound_to_a_company(app, client, auth) -> None:
    company = make_company()
    _as_admin(client, auth)
    token = csrf_token(client, "/admin/users/new")
    response = client.post("/admin/users/new", data={
        "csrf_token": token, "email": "ny@example.dk", "password": "a long enough password",
        "role": "employer", "company_id": str(company.id), "municipality_code": ""})
    assert response.status_code == 302
    assert find_user_by_email("ny@example.dk").company_id == company.id


def test_an_employer_without_company_is_refused_at_the_field(app, client, auth) -> None:
    _as_admin(client, auth)
    token = csrf_token(client, "/admin/users/new")
    html = client.post("/admin/users/new", data={
        "csrf_token": token, "email": "ny@example.dk", "password": "a long enough password",
        "role": "employer", "company_id": "", "municipality_code": "101"}).get_data(as_text=True)
    assert 'href="#company_id"' in html
    assert 'value="ny@example.dk"' in html
    assert find_user_by_email("ny@example.dk") is None


def test_garbage_in_select_fields_is_an_error_not_a_crash(app, client, auth) -> None:
    _as_admin(client, auth)
    token = csrf_token(client, "/admin/users/new")
    response = client.post("/admin/users/new", data={
        "csrf_token": token, "email": "x@example.dk", "password": "a long enough password",
        "role": "caseworker", "company_id": "abc", "municipality_code": "<script>"})
    assert response.status_code == 200
    assert 'href="#municipality_code"' in response.get_data(as_text=True)


def test_input_survives_a_session_that_ended_while_typing(app, client, auth) -> None:
    admin = make_user(Role.ADMIN)
    auth.login(admin.email)
    token = csrf_token(client, "/admin/companies/new")
    auth.logout()  # the session ends while the form is open
    response = client.post("/admin/companies/new", data={
        "csrf_token": token, "cvr": "31415926", "name": "Smed & Søn ApS",
        "municipality_code": "751", "employer_type": "public"}, headers={"Accept-Language": "en"})
    assert response.headers["Location"] == "/login?next=/admin/companies/new"
    login_page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "what you entered has been kept" in login_page
    # The login form posts back to its own URL, ?next= included, as a browser does.
    back = client.post("/login?next=/admin/companies/new", data={
        "email": admin.email, "password": PASSWORD,
        "csrf_token": csrf_token(client, "/login")})
    assert back.headers["Location"] == "/admin/companies/new"
    html = unescape(client.get("/admin/companies/new").get_data(as_text=True))
    assert 'value="Smed & Søn ApS"' in html
    assert 'value="31415926"' in html
    assert re.search(r'<option selected value="751">|<option value="751" selected', html)
    # Shown once: the next visit is an empty form again.
    assert "Smed" not in client.get("/admin/companies/new").get_data(as_text=True)


def test_passwords_and_cpr_numbers_are_never_kept(app, client) -> None:
    client.post("/admin/users/new", data={"email": "x@example.dk", "password": "secret pw",
                                          "cpr": "0101901234", "csrf_token": "t"})
    with client.session_transaction() as session:
        kept = session["kept_input"]["fields"]
    assert set(kept) == {"email"}
