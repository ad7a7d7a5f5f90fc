"""Connection settings that every engine needs."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Engine, event

_registered = False


def enable_sqlite_foreign_keys() -> None:
    """SQLite ignores foreign keys unless each connection turns them on."""
    global _registered
    if _registered:
        return

    @event.listens_for(Engine, "connect")
    def _pragma(dbapi_connection: Any, connection_record: Any) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    _registered = True
