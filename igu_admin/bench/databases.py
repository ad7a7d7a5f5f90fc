"""The apps the figures are taken on, each on a throw-away database
(testing/databases) migrated to the newest schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from alembic import command
from flask import Flask

from igu_admin import create_app
from igu_admin.extensions import db
from igu_admin.testing.databases import throwaway_database


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
    with throwaway_database(server, name=f"igu_{name}") as url:
        app = migrated_app(url, **config)
        try:
            yield app
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
