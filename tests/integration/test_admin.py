"""An administrator creates companies and users; bad input stays on the form."""

from html import unescape

from igu_admin.models import Role
from igu_admin.services.accounts import find_user_by_email
from tests.conftest import csrf_token
from tests.factories import make_company, make_user


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
