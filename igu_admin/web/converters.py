"""URL converters: a record id in a URL is one the database can hold."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from igu_admin.core.tenancy import MAX_ID

# No record has this id: a number too large for a key becomes it, and the
# services answer "not found" as for any other missing record.
NO_RECORD = 0


class RecordId(IntegerConverter):
    """`<int:...>` for record ids. A number beyond what a 32-bit key can hold
    names no record, but the databases would raise on it (SQLite above 2**63,
    PostgreSQL above 2**31 - 1) instead of answering "not found". (Refusing
    it in the converter would make werkzeug answer 405 where a rule has other
    methods, so it is mapped to an id no record has.)"""

    def to_python(self, value: str) -> int:
        number = int(value)
        return number if 0 < number <= MAX_ID else NO_RECORD


def register_converters(app: Flask) -> None:
    # Before any route is added: every `<int:...>` in the app is a record id.
    app.url_map.converters["int"] = RecordId
