"""The shipped wage-rate table (rules/wage-rates.toml), loaded at start-up."""

from __future__ import annotations

from datetime import date

from flask import current_app

from igu_admin.domain.wage_rates import OTHER_AGREEMENT, WageRate, WageTable

__all__ = ["OTHER_AGREEMENT", "WageRate", "agreement_codes", "all_rates", "current", "find",
           "table"]


def table() -> WageTable:
    return current_app.extensions["igu_wage_rates"]


def all_rates() -> list[WageRate]:
    return list(table().rates)


def find(code: str | None) -> WageRate | None:
    return table().get(code)


def current(code: str | None, day: date) -> WageRate | None:
    """The agreement's rate if its source says it applies on `day`, else None."""
    return table().current(code, day)


def agreement_codes() -> tuple[str, ...]:
    """What `collective_agreement` may be: a code from the table, or "other"."""
    return (*table().codes, OTHER_AGREEMENT)
