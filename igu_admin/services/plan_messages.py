"""The schooling plan's findings worded for people (Babel): one sentence per
finding code of `domain.schooling`, with its numbers and dates formatted.

Element findings are worded without naming the element; the caller puts the
element's number and title in front ("Element 2 (AMU, Svejsning): ...").
Numbers and dates follow `numbers` (a Babel locale such as "da_DK"), or the
reader's locale when it is not given.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from flask_babel import get_locale, gettext

from igu_admin.domain.schooling import PlanFinding
from igu_admin.services.rule_labels import KIND_LABELS


def kind_label(code: str) -> str:
    label = KIND_LABELS.get(code)
    return str(label) if label is not None else code


def finding_message(finding: PlanFinding, numbers: str | None = None) -> str:
    """The finding in the reader's language. KeyError for a code without wording
    (a test holds every code of the domain to one)."""
    locale = numbers or str(get_locale())

    def number(value: Decimal | int) -> str:
        return format_decimal(value, locale=locale)

    def day(value: date) -> str:
        return format_date(value, "long", locale=locale)

    return _WORDING[finding.code](dict(finding.params), number, day)


Number = Callable[[Decimal | int], str]
Day = Callable[[date], str]


def _kind_not_allowed(p: dict[str, Any], number: Number, day: Day) -> str:
    return gettext("%(kind)s is not a kind of schooling the rules allow in the plan.",
                   kind=kind_label(p["kind"]))


def _dates_missing(p: dict[str, Any], number: Number, day: Day) -> str:
    return gettext("Give the first and the last date of the course.")


def _dates_reversed(p: dict[str, Any], number: Number, day: Day) -> str:
    return gettext("The last date is before the first date.")


def _hours_missing(p: dict[str, Any], number: Number, day: Day) -> str:
    return gettext("Give the course's school hours.")


def _hours_not_positive(p: dict[str, Any], number: Number, day: Day) -> str:
    return gettext("The school hours must be more than 0.")


def _outside_period(p: dict[str, Any], number: Number, day: Day) -> str:
    return gettext("The course must lie within the agreement's period, %(start)s to %(end)s.",
                   start=day(p["period_start"]), end=day(p["period_end"]))


def _week_over_limit(p: dict[str, Any], number: Number, day: Day) -> str:
    return gettext("Week %(week)s %(year)s holds %(hours)s school hours; a week can hold at "
                   "most %(limit)s.", week=p["week"], year=p["year"], hours=number(p["hours"]),
                   limit=number(p["limit"]))


def _danish_after_test(p: dict[str, Any], number: Number, day: Day) -> str:
    return gettext("Danish education cannot be part of the plan when the trainee has passed "
                   "Prøve i Dansk 1, 2 or 3 (under these rules).")


def _required_kind_missing(p: dict[str, Any], number: Number, day: Day) -> str:
    return gettext("The plan must include %(kind)s.", kind=kind_label(p["kind"]))


def _amu_below_minimum(p: dict[str, Any], number: Number, day: Day) -> str:
    return gettext("When the trainee has passed Prøve i Dansk 1, 2 or 3, AMU must make up at "
                   "least %(minimum)s weeks; the plan has %(weeks)s weeks of AMU.",
                   minimum=number(p["min_weeks"]), weeks=number(p["amu_weeks"]))


def _weeks_short(p: dict[str, Any], number: Number, day: Day) -> str:
    return gettext("The plan counts %(counted)s of %(required)s weeks: %(missing)s school hours "
                   "are missing.", counted=number(p["counted_weeks"]),
                   required=number(p["required_weeks"]), missing=number(p["missing_hours"]))


def _workplace_share_low(p: dict[str, Any], number: Number, day: Day) -> str:
    return gettext("With %(weekly)s hours a week, the workplace gets %(average)s hours a week on "
                   "average; it must be at least %(minimum)s.", weekly=number(p["weekly_hours"]),
                   average=number(p["average"]), minimum=number(p["minimum"]))


def _hours_exceed_working_days(p: dict[str, Any], number: Number, day: Day) -> str:
    return gettext("The hours are more than the course's %(days)s working days hold at "
                   "%(per_day)s hours a day (%(max)s hours). Check the dates and the hours.",
                   days=number(p["working_days"]), per_day=number(p["hours_per_day"]),
                   max=number(p["max_hours"]))


def _weeks_over_required(p: dict[str, Any], number: Number, day: Day) -> str:
    return gettext("The plan counts %(counted)s weeks, more than the %(required)s the rules "
                   "require. That is allowed.", counted=number(p["counted_weeks"]),
                   required=number(p["required_weeks"]))


_WORDING: dict[str, Callable[[dict[str, Any], Number, Day], str]] = {
    "kind_not_allowed": _kind_not_allowed,
    "dates_missing": _dates_missing,
    "dates_reversed": _dates_reversed,
    "hours_missing": _hours_missing,
    "hours_not_positive": _hours_not_positive,
    "outside_period": _outside_period,
    "week_over_limit": _week_over_limit,
    "danish_not_allowed_after_danish_test": _danish_after_test,
    "required_kind_missing": _required_kind_missing,
    "amu_below_minimum_after_danish_test": _amu_below_minimum,
    "weeks_short": _weeks_short,
    "workplace_share_low": _workplace_share_low,
    "hours_exceed_working_days": _hours_exceed_working_days,
    "weeks_over_required": _weeks_over_required,
}
