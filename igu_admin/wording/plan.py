"""The schooling plan's findings worded for people, in the reader's language.

A finding about one element names it ("Element 3 (AMU: Truckcertifikat): ..."),
numbered from 1 as people count; dates and hours are formatted for the
locale. Every code the rules can give (ERROR_CODES, WARNING_CODES) has its
wording here (a test holds the two lists together).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from babel.lists import format_list
from flask_babel import format_date, format_decimal, get_locale, gettext

from igu_admin.domain.rule_parts import SCHOOLING_KINDS
from igu_admin.domain.schooling import PlanCheck, PlanFinding
from igu_admin.wording.rule_labels import KIND_LABELS


class Named(Protocol):
    """An element as the messages name it: a stored item or one posted."""

    @property
    def kind(self) -> str: ...

    @property
    def title(self) -> str: ...


@dataclass(frozen=True)
class WordedFinding:
    code: str
    item: int | None  # the element's index from 0, or None for the plan as a whole
    message: str


@dataclass(frozen=True)
class WordedCheck:
    """A plan check with every finding worded."""

    check: PlanCheck
    errors: tuple[WordedFinding, ...]
    warnings: tuple[WordedFinding, ...]


def worded(check: PlanCheck, items: Sequence[Named]) -> WordedCheck:
    return WordedCheck(check, tuple(_worded(f, items) for f in check.errors),
                       tuple(_worded(f, items) for f in check.warnings))


def _worded(finding: PlanFinding, items: Sequence[Named]) -> WordedFinding:
    return WordedFinding(finding.code, finding.item, finding_message(finding, items))


def kind_label(kind: str) -> str:
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else kind


def kinds_text(kinds: Iterable[str]) -> str:
    """Kinds of schooling named in the rule files' order, as a list in the reader's
    language: "FVU, AVU and HF single subjects"."""
    given = set(kinds)
    labels = [kind_label(kind) for kind in SCHOOLING_KINDS if kind in given]
    return format_list(labels, locale=get_locale() or "da") if labels else ""


def element_name(index: int, items: Sequence[Named]) -> str:
    """"Element 3 (AMU: Truckcertifikat)" for the element at `index`."""
    if 0 <= index < len(items):
        item = items[index]
        return gettext("Element %(number)s (%(kind)s: %(title)s)", number=index + 1,
                       kind=kind_label(item.kind), title=item.title)
    return gettext("Element %(number)s", number=index + 1)


def finding_message(finding: PlanFinding, items: Sequence[Named]) -> str:
    text = _WORDING[finding.code](finding.params)
    if finding.item is None:
        return text
    return gettext("%(element)s: %(problem)s", element=element_name(finding.item, items),
                   problem=text)


def hours_text(value: Decimal | int) -> str:
    """Hours as people read them in the locale: 74,5 (da), 74.5 (en)."""
    return format_decimal(value, format="#,##0.##")


def weeks_text(value: Decimal | int) -> str:
    """Weeks with one decimal: 20,0 (da), 20.0 (en)."""
    return format_decimal(value, format="#,##0.0")


def _day(value: date) -> str:
    return format_date(value, "long")


def _elements(indexes: Sequence[int]) -> str:
    return ", ".join(str(i + 1) for i in indexes)


Params = Mapping[str, Any]

_WORDING: dict[str, Callable[[Params], str]] = {
    "period_unknown": lambda p: gettext(
        "The agreement has no start date yet, so the plan cannot be held against its period. "
        "Enter the start date on the agreement."),
    "kind_not_allowed": lambda p: gettext(
        "%(kind)s is not one of the kinds of schooling these rules allow.",
        kind=kind_label(p["kind"])),
    "course_number_missing": lambda p: gettext(
        "Enter the AMU course number (5 digits). You find it on the course's page at "
        "efteruddannelse.dk."),
    "dates_missing": lambda p: gettext("Enter the first and the last day."),
    "dates_reversed": lambda p: gettext("The last day is before the first day."),
    "hours_missing": lambda p: gettext("Enter the school hours."),
    "hours_not_positive": lambda p: gettext("The school hours must be more than 0."),
    "outside_period": lambda p: gettext(
        "The course must lie within the employment, from %(start)s to %(end)s.",
        start=_day(p["period_start"]), end=_day(p["period_end"])),
    "week_over_limit": lambda p: gettext(
        "Week %(week)s of %(year)s holds %(hours)s school hours in all (elements "
        "%(elements)s). A week may hold at most %(limit)s school hours.",
        week=p["week"], year=p["year"], hours=hours_text(p["hours"]),
        elements=_elements(p["items"]), limit=hours_text(p["limit"])),
    "danish_not_allowed_after_danish_test": lambda p: gettext(
        "Danish education cannot be part of the plan when the trainee has passed Prøve i "
        "Dansk 1, 2 or 3 (under these rules)."),
    "required_kind_missing": lambda p: gettext(
        "The plan must include %(kind)s.", kind=kind_label(p["kind"])),
    "amu_below_minimum_after_danish_test": lambda p: gettext(
        "AMU makes up %(amu_weeks)s weeks. When the trainee has passed Prøve i Dansk 1, 2 or "
        "3, AMU must make up at least %(min_weeks)s weeks.",
        amu_weeks=weeks_text(p["amu_weeks"]), min_weeks=p["min_weeks"]),
    "weeks_short": lambda p: gettext(
        "The plan counts %(counted)s of the %(required)s weeks of schooling: %(missing)s "
        "hours are missing.",
        counted=weeks_text(p["counted_weeks"]), required=p["required_weeks"],
        missing=hours_text(p["missing_hours"])),
    "workplace_share_low": lambda p: gettext(
        "With %(weekly)s hours a week, the workplace gets %(average)s hours a week on average "
        "over the period; it must get at least %(minimum)s.",
        weekly=hours_text(p["weekly_hours"]), average=hours_text(p["average"]),
        minimum=hours_text(p["minimum"])),
    "hours_exceed_working_days": lambda p: gettext(
        "The hours do not fit in the course's %(days)s working days at %(per_day)s hours a "
        "day (at most %(most)s hours). Check the dates and the hours.",
        days=p["working_days"], per_day=hours_text(p["hours_per_day"]),
        most=hours_text(p["max_hours"])),
    "weeks_over_required": lambda p: gettext(
        "The plan counts %(counted)s weeks, more than the %(required)s required. That is "
        "allowed.", counted=weeks_text(p["counted_weeks"]), required=p["required_weeks"]),
}
