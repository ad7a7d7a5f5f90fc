"""Translated labels for stored codes, available in every template."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from flask import Flask
from flask_babel import format_currency, format_date, get_locale, gettext
from flask_babel import lazy_gettext as _l

from forms.course import EXTENSION_REASON_CHOICES, TERMINATION_REASON_CHOICES
from igu_admin.core.rules_in_force import catalogue, default_mode
from igu_admin.domain import trainee_languages
from igu_admin.domain.course_events import IMPORTED
from igu_admin.domain.lifecycle import AgreementStatus, ClaimStatus, ExtensionStatus, PlanStatus
from igu_admin.domain.roles import Role
from igu_admin.services import documents
from igu_admin.wording import plan as plan_messages
from igu_admin.wording.eligibility import in_force_sentence, target_group_label
from igu_admin.wording.rule_labels import CLAIM_TYPE_LABELS
from igu_admin.wording.rulesets import ruleset_in_sentence

# One map per kind of record: the same code may read differently for an
# agreement and for a claim ("submitted" to the municipality, or to SIRI).
AGREEMENT_STATUS_LABELS: dict[str, Any] = {
    AgreementStatus.DRAFT: _l("Draft"),
    AgreementStatus.SUBMITTED: _l("Awaiting approval"),
    AgreementStatus.CHANGES_REQUESTED: _l("Sent back for changes"),
    AgreementStatus.APPROVED: _l("Approved"),
    AgreementStatus.REJECTED: _l("Rejected"),
    AgreementStatus.WITHDRAWN: _l("Withdrawn"),
    AgreementStatus.ACTIVE: _l("In progress"),
    AgreementStatus.COMPLETED: _l("Completed"),
    AgreementStatus.TERMINATED: _l("Terminated"),
}

PLAN_STATUS_LABELS: dict[str, Any] = {
    PlanStatus.DRAFT: _l("Draft"),
    PlanStatus.SUBMITTED: _l("Awaiting approval"),
    PlanStatus.CHANGES_REQUESTED: _l("Sent back for changes"),
    PlanStatus.APPROVED: _l("Approved"),
}

CLAIM_STATUS_LABELS: dict[str, Any] = {
    ClaimStatus.SCHEDULED: _l("Scheduled"),
    ClaimStatus.DUE: _l("Due"),
    ClaimStatus.PREPARED: _l("Prepared"),
    ClaimStatus.SUBMITTED: _l("Sent to SIRI"),
    ClaimStatus.PAID: _l("Paid"),
    ClaimStatus.REJECTED: _l("Refused"),
    ClaimStatus.CANCELLED: _l("Cancelled"),
}

EXTENSION_STATUS_LABELS: dict[str, Any] = {
    ExtensionStatus.REQUESTED: _l("Awaiting decision"),
    ExtensionStatus.APPROVED: _l("Approved"),
    ExtensionStatus.REFUSED: _l("Refused"),
    ExtensionStatus.WITHDRAWN: _l("Withdrawn"),
}

# The codes' wording is the forms' (one list of choices, one of labels).
EXTENSION_REASON_LABELS: dict[str, Any] = {
    **dict(EXTENSION_REASON_CHOICES),
    # Recorded by an import: the municipality's file gave a later end.
    IMPORTED: _l("A later end in the municipality's records (imported)")}
TERMINATION_REASON_LABELS: dict[str, Any] = dict(TERMINATION_REASON_CHOICES)

ROLE_LABELS = {
    Role.EMPLOYER: _l("Employer"),
    Role.CASEWORKER: _l("Caseworker"),
    Role.FINANCE: _l("Finance officer"),
    Role.ADMIN: _l("Administrator"),
}

BENEFICIARY_LABELS = {"company": _l("Company"), "municipality": _l("Municipality")}


def _label(labels: Mapping[str, Any], code: str) -> str:
    # A code without a label is a programming error the tests catch; a user
    # still never sees the bare code.
    label = labels.get(code)
    return str(label) if label is not None else str(_l("Unknown"))


def agreement_status_label(code: str) -> str:
    return _label(AGREEMENT_STATUS_LABELS, code)


def plan_status_label(code: str) -> str:
    return _label(PLAN_STATUS_LABELS, code)


def claim_status_label(code: str) -> str:
    return _label(CLAIM_STATUS_LABELS, code)


def extension_status_label(code: str) -> str:
    return _label(EXTENSION_STATUS_LABELS, code)


def extension_reason_label(code: str) -> str:
    return _label(EXTENSION_REASON_LABELS, code)


def termination_reason_label(code: str) -> str:
    return _label(TERMINATION_REASON_LABELS, code)


def claim_type_label(code: str) -> str:
    return _label(CLAIM_TYPE_LABELS, code)


def beneficiary_label(code: str) -> str:
    return _label(BENEFICIARY_LABELS, code)


def ruleset_label(code: str | None) -> str:
    """A rule set's title in the user's language (its code is for programs)."""
    if code is None or code not in catalogue().codes:
        return "-" if code is None else _label({}, code)
    return catalogue().get(code).title(str(get_locale()))


def trainee_language_label(code: str | None) -> str:
    """The trainee's language named for the reader, with its own name:
    "arabisk (العربية)"; "" for none."""
    if not code:
        return ""
    if not trainee_languages.is_trainee_language(code):
        return _label({}, code)
    return trainee_languages.label(code, str(get_locale()))


def imported_label(version: Any) -> str | None:
    """"Imported 15 June 2026 by ..." for a version an import made (it has no
    PDF); None for a version submitted in igu-admin."""
    mark = documents.imported_mark(version)
    if mark is None:
        return None
    day = format_date(date.fromisoformat(mark["on"]), "long") if mark.get("on") else ""
    if mark.get("by"):
        return gettext("Imported %(day)s by %(user)s", day=day, user=mark["by"])
    return gettext("Imported %(day)s from the command line", day=day)


def money(amount: Decimal | None) -> str:
    return "" if amount is None else format_currency(amount, "DKK")


def register_labels(app: Flask) -> None:
    def role_name(code: str) -> str:
        return str(ROLE_LABELS[Role(code)])

    helpers: dict[str, Any] = {
        "agreement_status_label": agreement_status_label, "plan_status_label": plan_status_label,
        "claim_status_label": claim_status_label, "claim_type_label": claim_type_label,
        "beneficiary_label": beneficiary_label, "ruleset_label": ruleset_label,
        "target_group_label": target_group_label, "role_name": role_name,
        "extension_status_label": extension_status_label,
        "extension_reason_label": extension_reason_label,
        "termination_reason_label": termination_reason_label,
        "imported_label": imported_label,
        "trainee_language_label": trainee_language_label,
        "trainee_language_of": lambda code: trainee_languages.language(code)
        if code and trainee_languages.is_trainee_language(code) else None,
        # The schooling plan's hours and weeks as people read them (7,4; 20,0).
        "hours_text": plan_messages.hours_text, "weeks_text": plan_messages.weeks_text,
        "kinds_text": plan_messages.kinds_text,
        # A rule set's title inside a sentence ("under the IGU act 2016").
        "ruleset_in_sentence": ruleset_in_sentence,
        # The verdict of the act in force on an assessment's start date, if another judged it.
        "in_force_sentence": in_force_sentence}
    app.jinja_env.globals.update(helpers)
    app.jinja_env.filters["money"] = money


def active_rules_title() -> str:
    """The rule set the app applies, named in the user's language."""
    mode = default_mode()
    if mode not in catalogue().codes:
        return str(_l("the version of the IGU act in force on each start date"))
    return catalogue().get(mode).title(str(get_locale()))
