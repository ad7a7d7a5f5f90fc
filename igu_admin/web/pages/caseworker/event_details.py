"""What an audit event changed, line by line, as the case page's audit trail
shows it: "Weekly working hours: 30 → 37", money as "12.132,00 kr.", dates
in the pages' long style, statuses and reasons in words.

Read from the event's stored `before` and `after`. An agreement's change
keeps each field's value before and after ("values"); an older one named
only the fields saved ("fields"), and is shown so. Details that are not for
people (ids, hashes, sizes) are left out; an event with nothing to say
shows no lines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from flask_babel import format_date, gettext
from flask_babel import lazy_gettext as _l

from igu_admin.services.review import AgreementEvent
from igu_admin.web.labels import (
    AGREEMENT_STATUS_LABELS,
    CLAIM_STATUS_LABELS,
    EXTENSION_REASON_LABELS,
    EXTENSION_STATUS_LABELS,
    PLAN_STATUS_LABELS,
    TERMINATION_REASON_LABELS,
)
from igu_admin.wording import agreement_fields

__all__ = ["event_changes"]

ARROW = "→"
CPR_PATH = "trainee.cpr"
_STATUS_LABELS: dict[str, Mapping[str, Any]] = {
    "agreement": AGREEMENT_STATUS_LABELS, "plan": PLAN_STATUS_LABELS,
    "extension": EXTENSION_STATUS_LABELS, "claim": CLAIM_STATUS_LABELS,
}
_BY_PATH = {f.path: f for f in agreement_fields.FIELDS}
_ORDER = {f.path: n for n, f in enumerate(agreement_fields.FIELDS)}


def _day(value: Any) -> str:
    try:
        return format_date(date.fromisoformat(str(value)), "long")
    except ValueError:
        return str(value)


def _text(value: Any) -> str:
    return str(value).strip()


def _count(value: Any) -> str:
    return str(value)


def _yes_no(value: Any) -> str:
    return gettext("Yes") if value else gettext("No")


def _coded(labels: Mapping[str, Any]) -> Callable[[Any], str]:
    return lambda code: str(labels.get(code, code))


_DOCUMENTS: dict[str, Any] = {
    "approved": _l("the approved copy"), "version": _l("a version as sent"),
    "signed_copy": _l("the signed copy"), "summary": _l("the claim's summary"),
    "evidence": _l("the claim's documentation"), "trainee_copy": _l("the trainee's copy"),
}
# The other details an event may keep, in the order shown: name, how written.
_DETAILS: tuple[tuple[str, Any, Callable[[Any], str]], ...] = (
    ("number", _l("Number"), _count),
    ("signed_on", _l("Signed on"), _day),
    ("registered_on", _l("Registered in VITAS on"), _day),
    ("deadline", _l("Deadline"), _day),
    ("integration_programme_start", _l("Start of the integration programme"), _day),
    ("end_date", _l("Last day of employment"), _day),
    ("from", _l("From"), _day),
    ("to", _l("To"), _day),
    ("date", _l("Date"), _day),
    ("days", _l("Days"), _count),
    ("items", _l("Elements of the plan"), _count),
    ("passed_danish_test", _l("Passed the Danish test"), _yes_no),
    ("document", _l("Document"), _coded(_DOCUMENTS)),
    ("version", _l("Version"), _count),
    ("lang", _l("Language"), _count),
)
# Reasons, by the record: a code in words, or the text written.
_REASONS: dict[str, Callable[[Any], str]] = {
    "extension": _coded(EXTENSION_REASON_LABELS),
    "agreement": _coded(TERMINATION_REASON_LABELS),
}


def _line(label: Any, before: str, after: str) -> str:
    if before and before != after:
        return f"{label}: {before} {ARROW} {after or '-'}"
    return f"{label}: {after or '-'}"


def _field_lines(before: Mapping[str, Any], after: Mapping[str, Any],
                 named: list[str], cpr_changed: bool | None) -> list[str]:
    """An agreement's fields: each value changed, in the agreement's order;
    each field saved without its values kept (older events, another CPR
    number) by its name."""
    lines: list[str] = []
    shown: set[str] = set()
    for field in (*agreement_fields.FIELDS, agreement_fields.RULESET):
        if field.key is not None and (field.key in after or field.key in before):
            shown.add(field.path)
            was = agreement_fields.shown(field, before.get(field.key))
            now = agreement_fields.shown(field, after.get(field.key))
            lines.append(f"{field.label}: {was or '-'} {ARROW} {now or '-'}")
    unnamed = sorted({path for path in named
                      if path not in shown and _saved_without_value(path, cpr_changed)},
                     key=lambda path: (_ORDER.get(path, len(_ORDER)), path))
    if unnamed:
        lines.append(gettext("Changed: %(fields)s", fields=", ".join(
            str(_BY_PATH[path].label) if path in _BY_PATH else path for path in unnamed)))
    return lines


def _saved_without_value(path: str, cpr_changed: bool | None) -> bool:
    """Whether a path given in a change has no value line: every path of an
    older event (None: no values kept at all), or another CPR number typed
    (never kept)."""
    return cpr_changed is None or (path == CPR_PATH and cpr_changed)


def event_changes(event: AgreementEvent) -> list[str]:
    """The event's changes in words, one line each; none when it keeps
    nothing for people."""
    before, after = event.before or {}, event.after or {}
    lines: list[str] = []
    # A new record names every field it was made with: its values are the
    # first version's to show, not the trail's.
    if event.action != "created" and ("fields" in after or "values" in after):
        lines += _field_lines(before.get("values") or {}, after.get("values") or {},
                              list(after.get("fields") or []),
                              bool(after.get("cpr_changed")) if "values" in after else None)
    labels = _STATUS_LABELS.get(event.entity)
    if labels is not None and "status" in after and before.get("status") != after["status"]:
        status = _coded(labels)
        lines.append(_line(_l("Status"), status(before["status"]) if "status" in before
                           else "", status(after["status"])))
    for key, label, write in _DETAILS:
        if after.get(key) not in (None, ""):
            lines.append(_line(label, write(before[key]) if before.get(key) not in (None, "")
                               else "", write(after[key])))
    reason = after.get("reason")
    if reason:
        lines.append(_line(_l("Reason"), "", _REASONS.get(event.entity, _text)(reason)))
    if after.get("note"):
        lines.append(_line(_l("Note"), "", _text(after["note"])))
    return lines
