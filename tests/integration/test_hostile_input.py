"""Input meant to break things gets an error at the field, never a 500."""

import threading
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path

import pytest
from flask import Flask

from igu_admin.extensions import db
from igu_admin.models import LoginThrottle, Role
from igu_admin.services.accounts.users import LoginOutcome, authenticate
from igu_admin.testing.accounts import make_user
from tests.conftest import csrf_token


def test_a_nul_byte_in_the_login_is_refused_at_the_field(app, client) -> None:
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "email": "a\x00@b.dk",
                                           "password": "x"}, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "Remove the invisible control characters." in response.get_data(as_text=True)


@pytest.mark.parametrize(("field", "value"), [
    ("postal_code", "DK-8000"), ("name", "x" * 300), ("city", "y" * 101),
    ("address", "Vej\x001"),
])
def test_company_fields_longer_than_their_columns_are_refused(app, client, auth, field: str,
                                                              value: str) -> None:
    auth.login(make_user(Role.ADMIN).email)
    data = {"cvr": "31415926", "name": "Smed ApS", "municipality_code": "751",
            "employer_type": "private", field: value}
    token = csrf_token(client, "/admin/companies/new")
    response = client.post("/admin/companies/new", data={**data, "csrf_token": token})
    assert response.status_code == 200
    assert f'href="#{field}"' in response.get_data(as_text=True)


def test_an_impossible_company_id_is_an_error_at_the_field(app, client, auth) -> None:
    auth.login(make_user(Role.ADMIN).email)
    for company_id in ("99999999999999999999", "²", "-1"):
        token = csrf_token(client, "/admin/users/new")
        response = client.post("/admin/users/new", data={
            "csrf_token": token, "email": "n@example.dk", "password": "a long enough password",
            "role": "employer", "company_id": company_id})
        assert response.status_code == 200
        assert 'href="#company_id"' in response.get_data(as_text=True)


@pytest.mark.parametrize("cpr", ["¹¹¹¹¹¹¹¹¹¹", "٠١٠١٩٠١٢٣٤", "0101901234\x00"])
def test_unusual_digits_in_the_cpr_field_are_an_error(app, client, cpr: str) -> None:
    token = csrf_token(client, "/eligibility")
    response = client.post("/eligibility", data={"csrf_token": token, "cpr": cpr,
                                                 "start_date": "03.03.2025"})
    assert response.status_code == 200
    assert 'href="#cpr"' in unescape(response.get_data(as_text=True))


def test_parallel_wrong_logins_are_all_counted_and_lock(app: Flask) -> None:
    email = make_user(Role.EMPLOYER).email  # read here: threads must not touch this session
    barrier = threading.Barrier(8)

    def attempt(_: int) -> LoginOutcome:
        with app.app_context():
            barrier.wait(timeout=10)
            try:
                return authenticate(email, "wrong", client_address="192.0.2.1").outcome
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(attempt, range(16)))
    assert LoginOutcome.LOCKED in outcomes
    db.session.expire_all()
    throttle = db.session.query(LoginThrottle).one()
    assert throttle.failures >= app.config["IGU_LOGIN_MAX_FAILURES"]
    assert authenticate(email, "correct horse battery staple",
                        client_address="192.0.2.1").outcome is LoginOutcome.LOCKED


def test_the_lock_message_gives_the_lock_length(app, client, auth) -> None:
    user = make_user(Role.EMPLOYER)
    for _ in range(app.config["IGU_LOGIN_MAX_FAILURES"]):
        html = auth.login(user.email, "wrong", headers={"Accept-Language": "en"}).get_data(
            as_text=True)
    assert f"Wait {app.config['IGU_LOGIN_LOCK_MINUTES']} minutes" in html


def test_the_cli_answers_without_a_database_and_says_so(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("igu-admin")
    env = {**os.environ, "IGU_INSTANCE_PATH": str(tmp_path),
           "IGU_DATABASE_URL": f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}"}
    done = subprocess.run([str(exe), "eligibility", "check", "--start-date", "2025-03-03",
                           "--cpr", "010695-1235", "--registered-since", "2022-01-10",
                           "--target-group", "refugee"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0
    assert "KAN STARTE I IGU" in done.stdout  # Danish, the CLI's default language
    assert "ikke tjekket" in done.stderr and "db upgrade" in done.stderr
    assert "010695" not in done.stderr


@pytest.mark.parametrize(("role", "url"), [("admin", "/admin/users/{n}"),
                                         ("employer", "/employer/agreements/{n}"),
                                         ("employer", "/api/v1/agreements/{n}"),
                                         ("employer", "/api/v1/agreements/{n}/pdf")])
@pytest.mark.parametrize("number", ["2147483648", "9223372036854775808", "0"])
def test_ids_no_record_can_have_are_not_found_not_a_server_error(app, client, auth, role, url,
                                                                 number) -> None:
    from igu_admin.models import Role
    from igu_admin.services.accounts import api_tokens
    from igu_admin.testing.accounts import make_user
    from tests.conftest import csrf_token

    user = make_user(Role(role))
    auth.login(user.email)
    headers = {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}"}
    assert client.get(url.format(n=number), headers=headers).status_code == 404
    revoke = client.post(f"/account/api-keys/{number}/revoke",
                         data={"csrf_token": csrf_token(client, "/account/api-keys")})
    assert revoke.status_code == 404
