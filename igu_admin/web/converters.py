"""URL converters: a record id in a URL is one the database can hold."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

from igu_admin.services.tenancy import MAX_ID


class RecordId(IntegerConverter):
    """`<int:...>` limited to the ids a 32-bit key can hold: a larger number
    cannot name a record, and the databases would raise on it instead of
    answering "not found" (SQLite above 2**63, PostgreSQL above 2**31 - 1)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(*args, **kwargs)


def register_converters(app: Flask) -> None:
    # Before any route is added: every `<int:...>` in the app is a record id.
    app.url_map.converters["int"] = RecordId
