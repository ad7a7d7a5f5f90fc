"""Translated labels for stored codes, available in every template."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Flask
from flask_babel import format_currency, get_locale
from flask_babel import lazy_gettext as _l

from igu_admin.models import Role

STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Awaiting approval"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "active": _l("In progress"),
    "completed": _l("Completed"),
    "terminated": _l("Terminated"),
    "withdrawn": _l("Withdrawn"),
    "scheduled": _l("Scheduled"),
    "due": _l("Due"),
    "prepared": _l("Prepared"),
    "paid": _l("Paid"),
    "cancelled": _l("Cancelled"),
}

ROLE_LABELS = {
    Role.EMPLOYER: _l("Employer"),
    Role.CASEWORKER: _l("Caseworker"),
    Role.FINANCE: _l("Finance officer"),
    Role.ADMIN: _l("Administrator"),
}

BENEFICIARY_LABELS = {"company": _l("Company"), "municipality": _l("Municipality")}


def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


def beneficiary_label(code: str) -> str:
    return str(BENEFICIARY_LABELS.get(code, code))


def money(amount: Decimal | None) -> str:
    return "" if amount is None else format_currency(amount, "DKK")


def register_labels(app: Flask) -> None:
    from igu_admin.services.eligibility_messages import target_group_label

    def role_name(code: str) -> str:
        return str(ROLE_LABELS[Role(code)])

    helpers: dict[str, Any] = {"status_label": status_label, "beneficiary_label": beneficiary_label,
                               "target_group_label": target_group_label, "role_name": role_name}
    app.jinja_env.globals.update(helpers)
    app.jinja_env.filters["money"] = money

    @app.context_processor
    def _rules_in_force() -> dict[str, str]:
        return {"active_rules": active_rules_title()}


def active_rules_title() -> str:
    """The rule set the app applies, named in the user's language."""
    from igu_admin.services.eligibility import catalogue, default_mode

    mode = default_mode()
    if mode not in catalogue().codes:
        return str(_l("the version of the IGU act in force on each start date"))
    return catalogue().get(mode).title(str(get_locale()))
