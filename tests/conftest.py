"""Fixtures: an app per database backend, a client, and an auth helper.

Integration tests run once on SQLite and, when IGU_TEST_DATABASE_URL is set,
once more on PostgreSQL, each in a database made for the test session.
"""

from __future__ import annotations

import contextvars
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from flask import Flask
from flask.globals import _cv_app
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text

os.environ.setdefault("IGU_INSTANCE_PATH", tempfile.mkdtemp(prefix="igu-test-instance-"))
if os.environ.get("PYTEST_XDIST_WORKER"):
    # Each worker its own instance folder (keys, outbox, demo password): the
    # workers inherit the controller's, and would otherwise race to make them.
    _worker_instance = Path(os.environ["IGU_INSTANCE_PATH"]) / os.environ["PYTEST_XDIST_WORKER"]
    _worker_instance.mkdir(exist_ok=True)
    os.environ["IGU_INSTANCE_PATH"] = str(_worker_instance)
os.environ.pop("IGU_RULESET", None)

from igu_admin import create_app
from igu_admin.cli import main as igu_admin_command
from igu_admin.extensions import db
from igu_admin.models import Base
from igu_admin.testing.accounts import PASSWORD
from igu_admin.testing.databases import throwaway_database
from igu_admin.web.rate_limits import LIMITER

PG_URL = os.environ.get("IGU_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
DATA_KEY = Fernet.generate_key().decode()


def fresh_database(backend: str, folder: Path) -> AbstractContextManager[str]:
    """A new, empty database for the backend (this worker's own); dropped afterwards."""
    return throwaway_database(PG_URL if backend == "postgresql" else None, folder, "igu_test")


class CommandRunner(FlaskCliRunner):
    """`app.test_cli_runner().invoke(args=[...])` runs the igu-admin command
    (its groups live on the command, not on app.cli) against the test's app."""

    def invoke(self, cli: Any = None, args: Any = None, **kwargs: Any) -> Any:
        return super().invoke(cli or igu_admin_command, args, **kwargs)


def make_app(database_url: str, **overrides: Any) -> Flask:
    app = create_app({"IGU_ENV": "test", "SQLALCHEMY_DATABASE_URI": database_url,
                      "SECRET_KEY": "test-secret-key", "IGU_DATA_KEY": DATA_KEY, **overrides})
    app.test_cli_runner_class = CommandRunner
    return app


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(backend, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def migrated_app(database_url: str) -> Iterator[Flask]:
    from flask_migrate import upgrade

    app = make_app(database_url)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(migrated_app: Flask) -> Iterator[Flask]:
    """The app inside an app context, with fresh rate limits; every table but
    the reference data is emptied after the test."""
    limiter = migrated_app.extensions[LIMITER]
    if limiter.enabled:
        limiter.reset()  # tests log in many times from one address
    with migrated_app.app_context():
        yield migrated_app
        empty_tables()


def empty_tables() -> None:
    """Every table but the reference data emptied (inside an app context)."""
    db.session.rollback()
    db.session.remove()
    if db.engine.dialect.name == "postgresql":
        # Audit events and versions are append-only by trigger; the test
        # database's superuser may skip triggers to empty them.
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
    for table in reversed(Base.metadata.sorted_tables):
        if table.name != "municipality":
            db.session.execute(table.delete())
    db.session.commit()


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production.

    The `app` fixture keeps an app context pushed for factories, and Flask
    would reuse it for requests: `g` (where Flask-Login and Flask-Babel cache
    the user and the locale) would then leak from one request to the next.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        def run() -> Any:
            _cv_app.set(None)  # type: ignore[arg-type]
            return super(IsolatedClient, self).open(*args, **kwargs)

        return contextvars.copy_context().run(run)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = IsolatedClient
    return app.test_client()


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    match = CSRF_FIELD.search(html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


class Auth:
    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, email: str, password: str = PASSWORD, **kwargs: Any) -> Any:
        token = csrf_token(self.client, "/login")
        return self.client.post("/login", data={"email": email, "password": password,
                                                "csrf_token": token}, **kwargs)

    def logout(self) -> Any:
        token = csrf_token(self.client, "/")
        return self.client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)
