"""The login page with single sign-on, and the page that says why a sign-in
let nobody in, in a real browser: accessible (axe) and readable at 320 px.
The app here declares a provider that does not answer (a closed port), so
its refusal page is the one shown."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app
from tests.e2e.test_browser import assert_accessible


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the probe goes


@pytest.fixture
def sign_on_server(tmp_path) -> Iterator[str]:
    providers = json.dumps([{
        "name": "mitid-erhverv", "title": "MitID Erhverv",
        "issuer": f"http://127.0.0.1:{_closed_port()}", "client_id": "igu",
        "client_secret": "secret", "roles": ["employer"], "cvr_claim": "cvr"}])
    app = make_app(f"sqlite:///{tmp_path / 'sso.sqlite3'}", IGU_SIGN_ON_PROVIDERS=providers)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_login_page_with_sign_on_and_a_refused_sign_in_are_accessible(
        browser, sign_on_server: str) -> None:
    context = browser.new_context(locale="da-DK", extra_http_headers={"Accept-Language": "da"},
                                  viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(f"{sign_on_server}/login")
        button = page.get_by_role("link", name="Log ind med MitID Erhverv")
        assert button.is_visible()
        assert page.get_by_role("heading", name="Log ind med adgangskode").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= 320")
        assert_accessible(page, "login with single sign-on")
        button.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Du blev ikke logget ind"
        assert page.get_by_text("MitID Erhverv svarer ikke lige nu.").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= 320")
        assert_accessible(page, "sign-in refused")
    finally:
        context.close()
