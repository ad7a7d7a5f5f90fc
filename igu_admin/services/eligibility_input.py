"""Reading an eligibility request from JSON-like data (the API and the CLI).

Errors are collected per field, worded in the current locale, so one answer
lists everything to correct.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from igu_admin.domain.dates import EARLIEST, LATEST
from igu_admin.domain.eligibility import Absence, EligibilityInput
from igu_admin.domain.identifiers import IdentifierError, cpr_birth_date, parse_cpr
from igu_admin.domain.rulesets import TARGET_GROUPS
from igu_admin.services.eligibility import EligibilityRequest, catalogue
from igu_admin.services.eligibility_messages import input_error

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class RequestErrors(ValueError):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def parse_iso_date(value: Any) -> date:
    """A date written YYYY-MM-DD; raises KeyError-free ValueError with a code."""
    if not isinstance(value, str) or not ISO_DATE.match(value.strip()):
        raise ValueError("date_format")
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError("date_invalid") from exc
    if not EARLIEST <= parsed <= LATEST:
        raise ValueError("date_range")
    return parsed


class _Collector:
    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, code: str, **params: str) -> None:
        self.errors.setdefault(field, []).append(input_error(code, **params))

    def add_numbered(self, field: str, number: int, code: str) -> None:
        """An error in the number'th item of a list field."""
        self.errors.setdefault(field, []).append(
            input_error("list_item", number=str(number), message=input_error(code)))

    def date(self, field: str, required: bool = True) -> date | None:
        value = self.raw.get(field)
        if value is None or value == "":
            if required:
                self.add(field, "required")
            return None
        try:
            return parse_iso_date(value)
        except ValueError as exc:
            self.add(field, str(exc))
            return None

    def flag(self, field: str) -> bool:
        value = self.raw.get(field, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.add(field, "boolean")
            return False
        return value


def parse_request(raw: Any, lookup_recorded_igu: bool = False) -> EligibilityRequest:
    """Build a request from decoded JSON; raises RequestErrors listing every problem."""
    if not isinstance(raw, Mapping):
        raise RequestErrors({"body": [input_error("body_not_object")]})
    c = _Collector(raw)
    start = c.date("start_date")
    registered = c.date("registered_since")
    birth = c.date("birth_date", required=False)
    cpr = _cpr(c)
    if birth is None and cpr is None and "birth_date" not in c.errors and "cpr" not in c.errors:
        c.add("birth_date", "birth_or_cpr")
    if cpr is not None:
        from_cpr = cpr_birth_date(cpr)
        if birth is not None and birth != from_cpr:
            c.add("birth_date", "birth_cpr_mismatch")
        birth = from_cpr
    target_group = raw.get("target_group")
    if target_group is None or target_group == "":
        c.add("target_group", "required")
    elif not isinstance(target_group, str) or target_group not in TARGET_GROUPS:
        c.add("target_group", "target_group_unknown", choices=", ".join(TARGET_GROUPS))
    ruleset = raw.get("ruleset")
    modes = catalogue().modes
    if ruleset is not None and (not isinstance(ruleset, str) or ruleset not in modes):
        c.add("ruleset", "ruleset_unknown", choices=", ".join(modes))
    previous = c.flag("previous_igu")
    recent = c.flag("recent_ordinary_employment")
    absences = _absences(c)
    if c.errors:
        raise RequestErrors(c.errors)
    assert start and registered and birth and isinstance(target_group, str)
    facts = EligibilityInput(start_date=start, birth_date=birth, registered_since=registered,
                             target_group=target_group, previous_igu=previous,
                             recent_ordinary_employment=recent, absences=absences)
    return EligibilityRequest(facts=facts, cpr=cpr, ruleset=ruleset,
                              lookup_recorded_igu=lookup_recorded_igu)


def _cpr(c: _Collector) -> str | None:
    value = c.raw.get("cpr")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        c.add("cpr", "cpr_format")
        return None
    try:
        cpr = parse_cpr(value)
    except IdentifierError as exc:
        c.add("cpr", exc.reason)
        return None
    if not EARLIEST <= cpr_birth_date(cpr) <= LATEST:
        c.add("cpr", "cpr_date")
        return None
    return cpr


def _absences(c: _Collector) -> tuple[Absence, ...]:
    value = c.raw.get("absences")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
            isinstance(item, Mapping) and {"from", "to"} <= set(item) for item in value):
        c.add("absences", "absences_shape")
        return ()
    periods = []
    for number, item in enumerate(value, start=1):
        try:
            periods.append(Absence(parse_iso_date(item["from"]), parse_iso_date(item["to"])))
        except ValueError as exc:
            c.add_numbered("absences", number, str(exc))
    return tuple(periods)
