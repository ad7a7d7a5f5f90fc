"""Throw-away databases for the tests and the benchmark: a SQLite file, or a
database of its own on a PostgreSQL server, dropped afterwards. Each test
worker and each bench run gets its own, so that they never share rows."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from igu_admin.config import database_url


@contextmanager
def throwaway_database(server: str | None = None, folder: Path | None = None,
                       name: str = "igu") -> Iterator[str]:
    """A new, empty database's URL. Without a server: a SQLite file named
    after `name` in `folder` (or in a temporary folder, removed afterwards).
    Given a PostgreSQL server's URL: a database `name`_<random> there, dropped
    afterwards (even with connections still open)."""
    if server is None:
        if folder is not None:
            yield f"sqlite:///{folder / f'{name}-{uuid.uuid4().hex[:8]}.sqlite3'}"
            return
        with tempfile.TemporaryDirectory() as temporary:
            yield f"sqlite:///{Path(temporary) / f'{name}.sqlite3'}"
        return
    server = database_url(server)
    database = f"{name}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        yield make_url(server).set(database=database).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()
