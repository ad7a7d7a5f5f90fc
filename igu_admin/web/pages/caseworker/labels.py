"""The queue's words for what a case waits for and what needs attention."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from igu_admin.services.review.queue import START_SOON_DAYS, Flag, Waiting
from igu_admin.web.labels import ROLE_LABELS
from igu_admin.web.pages.caseworker.event_details import event_changes

WAITING_LABELS: dict[str, Any] = {
    Waiting.AGREEMENT: _l("Agreement"),
    Waiting.PLAN: _l("Schooling plan"),
    Waiting.EXTENSION: _l("Extension"),
}

# (short label, what it means) per flag.
FLAG_LABELS: dict[str, tuple[Any, Any]] = {
    Flag.ELIGIBILITY: (_l("Eligibility problem"),
                       _l("The trainee's facts do not meet a condition for an IGU.")),
    Flag.PLAN_MISSING: (_l("No schooling plan"),
                        _l("The employer has not sent the schooling plan.")),
    Flag.PLAN_ERRORS: (_l("Plan with errors"),
                       _l("The plan was sent back for changes, or an element lies outside "
                          "the course's period.")),
    Flag.START_SOON: (_l("Starts soon"),
                      _l("The course starts within %(days)d days.", days=START_SOON_DAYS)),
    Flag.START_PASSED: (_l("Start date passed"),
                        _l("The start date has passed without a decision.")),
    Flag.PLAN_DEADLINE_PASSED: (_l("Plan deadline passed"),
                                _l("The deadline for the schooling plan has passed.")),
}

# The audit trail's actions in words, by the record the event is about;
# an action not named here is shown by its code.
_ENTITY_LABELS: dict[str, Any] = {
    "agreement": _l("Agreement"), "agreement_version": _l("Version of the agreement"),
    "plan": _l("Schooling plan"), "plan_version": _l("Version of the schooling plan"),
    "extension": _l("Extension"),
}
_ACTION_LABELS: dict[str, Any] = {
    "created": _l("created"), "updated": _l("changed"), "submit": _l("sent to the municipality"),
    "withdraw": _l("withdrawn"), "approve": _l("approved"),
    "request_changes": _l("sent back for changes"), "reject": _l("rejected"),
    "activate": _l("started"), "complete": _l("completed"), "terminate": _l("ended"),
    "revise": _l("opened for changes"), "refuse": _l("refused"),
    "requested": _l("requested"), "request_extension": _l("extension requested"),
    "end_date_moved": _l("last day moved"), "termination_recorded": _l("early end recorded"),
    "assign": _l("assigned to a caseworker"), "comment": _l("message written"),
    "download": _l("document downloaded"), "record_signing": _l("signing day recorded"),
    "record_registration": _l("VITAS registration recorded"),
    "record_programme_start": _l("start of the integration programme recorded"),
    "attach_signed_copy": _l("signed copy uploaded"),
}
# How a change came in (the audit's channel codes, core.audit.CHANNELS) in
# words: the command line is where records are imported (demo data,
# municipalities, accounts); the daily job and the system act by themselves.
CHANNEL_LABELS: dict[str, Any] = {
    "web": _l("on the page"), "api": _l("through the API"), "cli": _l("import"),
    "job": _l("automatically"), "system": _l("automatically"),
    "import": _l("through the import of courses"),
}


def event_label(entity: str, action: str) -> str:
    """"Agreement: approved"; an unknown record or action by its code."""
    return f"{_ENTITY_LABELS.get(entity, entity)}: {_ACTION_LABELS.get(action, action)}"


_DECISION_LABELS: dict[tuple[str, str], Any] = {
    ("agreement", "approve"): _l("The agreement was approved"),
    ("agreement", "request_changes"): _l("The agreement was sent back for changes"),
    ("agreement", "reject"): _l("The agreement was rejected"),
    ("plan", "approve"): _l("The schooling plan was approved"),
    ("plan", "request_changes"): _l("The schooling plan was sent back for changes"),
}


def decision_label(subject: str, kind: str) -> str:
    return str(_DECISION_LABELS.get((subject, kind), f"{subject}: {kind}"))


def channel_label(code: str) -> str:
    return str(CHANNEL_LABELS.get(code, code))


def party_role_label(code: str) -> str:
    """A role in words; the scheduler and other non-persons as "the system"."""
    return str(next((label for role, label in ROLE_LABELS.items() if role.value == code),
                    _l("the system")))


def register_queue_labels(app: Flask) -> None:
    app.jinja_env.globals.update({
        "decision_label": decision_label, "event_label": event_label,
        "channel_label": channel_label, "party_role_label": party_role_label,
        "event_changes": event_changes})
