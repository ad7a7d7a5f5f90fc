"""The throw-away databases the figures are taken on: a SQLite file in a
temporary folder, or a database of its own on a PostgreSQL server, migrated
to the newest schema and dropped afterwards."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from igu_admin import create_app
from igu_admin.config import database_url
from igu_admin.extensions import db


@contextmanager
def throwaway_database(server: str | None = None, name: str = "bench") -> Iterator[str]:
    """A new, empty database's URL: SQLite (`name`.sqlite3 in a temporary
    folder), or, given a PostgreSQL server's URL, a database of its own there;
    dropped afterwards."""
    if server is None:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / f'{name}.sqlite3'}"
        return
    server = database_url(server)
    database = f"igu_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        yield make_url(server).set(database=database).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


def migrated_app(url: str, **config: Any) -> Flask:
    """The app (test settings, `config` over them) on the database at `url`,
    migrated to the newest schema."""
    app = create_app({"IGU_ENV": "test", "SQLALCHEMY_DATABASE_URI": url, **config})
    with app.app_context():
        upgrade_quietly(app)
    return app


def upgrade_quietly(app: Flask) -> None:
    """Flask-Migrate's upgrade to head, without Alembic's INFO lines among the
    figures: migrations/env.py loads alembic.ini's logging (Alembic at INFO,
    to stderr) unless the configuration's `configure_logger` says not to. The
    app's own runs (igu-admin db upgrade) keep it."""
    config = app.extensions["migrate"].migrate.get_config()
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


@contextmanager
def bench_app(name: str = "bench", server: str | None = None, **config: Any) -> Iterator[Flask]:
    """The app on a throw-away, migrated database (SQLite unless a PostgreSQL
    server is given); its connections closed before the database goes."""
    with throwaway_database(server, name) as url:
        app = migrated_app(url, **config)
        try:
            yield app
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
