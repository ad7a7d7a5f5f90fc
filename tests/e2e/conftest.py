"""A live igu-admin on a free local port and a headless Debian Chromium."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from igu_admin.extensions import db
from igu_admin.models import Role
from igu_admin.testing.accounts import PASSWORD
from tests.conftest import make_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
COMPANY_NAME = "Browser Bageri ApS"
USERS = {Role.EMPLOYER: "employer@e2e.dk", Role.CASEWORKER: "caseworker@e2e.dk",
         Role.FINANCE: "finance@e2e.dk", Role.ADMIN: "admin@e2e.dk"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app the live server serves, for tests that add records to it (in
    its app context)."""
    from flask_migrate import upgrade

    from igu_admin.testing.accounts import make_company, make_user

    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.sqlite3'}"
    app = make_app(url)
    with app.app_context():
        upgrade()
        company = make_company("101", name=COMPANY_NAME)
        for role, email in USERS.items():
            make_user(role, company=company if role is Role.EMPLOYER else None, email=email)
        db.session.remove()
    return app


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run scripts/test.sh (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server: str) -> Iterator[object]:
    context = browser.new_context(base_url=live_server, locale="da-DK",
                                  extra_http_headers={"Accept-Language": "da"})
    page = context.new_page()
    yield page
    context.close()


PASSWORD_FOR_E2E = PASSWORD
