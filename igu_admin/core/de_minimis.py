"""The shipped de minimis regimes and exchange rates (rules/de-minimis.toml),
loaded at start-up."""

from __future__ import annotations

from flask import current_app

from igu_admin.domain.de_minimis import DeMinimisTable


def table() -> DeMinimisTable:
    return current_app.extensions["igu_de_minimis"]
