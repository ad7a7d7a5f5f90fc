"""Connection settings that every engine needs."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Engine, String, event
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

_registered = False
# SQLite's lower() folds ASCII letters only ("Ø" stays "Ø"); each SQLite
# connection gets this one, which folds every letter as Python does.
_SQLITE_LOWER = "igu_lower"


def enable_sqlite_foreign_keys() -> None:
    """SQLite ignores foreign keys unless each connection turns them on; and
    each SQLite connection gets a lower() that knows more than ASCII."""
    global _registered
    if _registered:
        return

    @event.listens_for(Engine, "connect")
    def _pragma(dbapi_connection: Any, connection_record: Any) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
            dbapi_connection.create_function(_SQLITE_LOWER, 1, _lower, deterministic=True)

    _registered = True


def _lower(text: str | None) -> str | None:
    return None if text is None else text.lower()


class unicode_lower(FunctionElement[str]):
    """lower(text) with every letter folded, "Østergård" as "østergård", on
    SQLite as on PostgreSQL (whose lower() knows the database's encoding)."""

    type = String()
    inherit_cache = True


@compiles(unicode_lower)
def _lower_default(element: unicode_lower, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(unicode_lower, "sqlite")
def _lower_sqlite(element: unicode_lower, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{_SQLITE_LOWER}({compiler.process(element.clauses, **kw)})"
