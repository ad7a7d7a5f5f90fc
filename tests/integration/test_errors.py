"""Failures answer with a clear page or JSON, never a stack trace or a CPR number."""

import logging

from flask import Blueprint

from igu_admin.web.access import PUBLIC, set_policy
from tests.conftest import csrf_token, make_app

CPR = "010695-1235"


def _app_that_fails(database_url: str):
    app = make_app(database_url, PROPAGATE_EXCEPTIONS=False)
    boom = Blueprint("boom", __name__)

    @boom.route("/boom")
    def explode() -> str:
        raise RuntimeError(f"failure while handling {CPR}")

    @boom.route("/api/v1/boom")
    def explode_json() -> str:
        raise RuntimeError(f"failure while handling {CPR}")

    set_policy(app, "boom", PUBLIC)
    app.register_blueprint(boom)
    return app


def test_an_unexpected_error_shows_a_translated_page_without_details(database_url,
                                                                      caplog) -> None:
    client = _app_that_fails(database_url).test_client()
    with caplog.at_level(logging.DEBUG):
        response = client.get("/boom")
        api = client.get("/api/v1/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Der skete en fejl" in html
    assert "RuntimeError" not in html and CPR not in html
    assert api.status_code == 500
    assert api.is_json
    assert CPR not in caplog.text
    assert "RuntimeError" in caplog.text


def test_a_cpr_number_never_reaches_the_logs(app, client, caplog) -> None:
    with caplog.at_level(logging.DEBUG):
        client.post("/api/v1/eligibility", json={
            "start_date": "2025-03-03", "cpr": CPR, "registered_since": "2022-01-10",
            "target_group": "refugee"})
        client.post("/api/v1/eligibility", json={"cpr": "3102951235", "start_date": "x"})
        token = csrf_token(client, "/eligibility")
        client.post("/eligibility", data={"csrf_token": token, "cpr": CPR,
                                          "start_date": "bad"})
    for text in (CPR, CPR.replace("-", ""), "3102951235"):
        assert text not in caplog.text


def test_a_too_large_request_is_refused_cleanly(app, client) -> None:
    response = client.post("/api/v1/eligibility", data="x" * (2 * 1024 * 1024),
                           content_type="application/json")
    assert response.status_code == 413
    assert response.is_json


def test_pages_carry_security_headers_and_are_not_cached(app, client) -> None:
    page = client.get("/eligibility")
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cache-Control"] == "no-store"
    assert "<script>" not in page.get_data(as_text=True)  # no inline script for the CSP to block
    asset = client.get("/static/css/app.css")
    assert asset.headers.get("Cache-Control") != "no-store"


def test_health_reports_the_database(app, client, tmp_path) -> None:
    assert client.get("/health").get_json() == {"status": "ok", "database": "ok"}
    unmigrated = make_app(f"sqlite:///{tmp_path / 'empty.sqlite3'}").test_client()
    response = unmigrated.get("/health")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"


def test_production_pages_ask_browsers_for_https_only(database_url, monkeypatch) -> None:
    import secrets

    from cryptography.fernet import Fernet

    monkeypatch.setenv("IGU_SECRET_KEY", secrets.token_hex(32))
    monkeypatch.setenv("IGU_DATA_KEY", Fernet.generate_key().decode())
    production = make_app(database_url, IGU_ENV="production").test_client()
    hsts = production.get("/accessibility").headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000"
    development = make_app(database_url).test_client().get("/accessibility")
    assert "Strict-Transport-Security" not in development.headers
