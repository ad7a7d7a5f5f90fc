"""The course events' problems worded for people (Babel), dates in the
reader's language."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_babel import format_date, gettext, ngettext

from igu_admin.domain.agreement_rules import Problem


def _day(value: date) -> str:
    return format_date(value, "long")


def problem_message(problem: Problem) -> str:
    p: dict[str, Any] = dict(problem.params)
    code = problem.code
    if code == "before_course_start":
        return gettext("The date is before the course starts (%(start)s).", start=_day(p["start"]))
    if code == "after_course_end":
        return gettext("The date is after the course ends (%(end)s).", end=_day(p["end"]))
    if code == "period_reversed":
        return gettext("The last day is before the first day.")
    if code == "extension_reason_not_in_rules":
        return gettext("The rules that apply to this course (from its start date) do not allow "
                       "an extension for this reason.")
    if code == "absence_too_short":
        return ngettext("An extension for sickness needs a continuous sickness of more than "
                        "%(num)d week.",
                        "An extension for sickness needs a continuous sickness of more than "
                        "%(num)d weeks.", p["weeks"])
    if code == "overlaps_extension":
        return gettext("The period overlaps extension no. %(number)s of the course. An absence "
                       "extends the course only once.", number=p["number"])
    if code == "course_not_ended":
        return gettext("The course can be confirmed as completed from its end date, "
                       "%(end)s.", end=_day(p["end"]))
    if code == "continuation_same_company":
        return gettext("The company that continues the course must be another company than "
                       "yours.")
    if code == "continuation_same_employer":
        return gettext("The company that continues the course must be another company than "
                       "the one the course ended with.")
    raise KeyError(code)


def refusal_reason_required() -> str:
    return gettext("Give the reason for the refusal.")


def worded(problems: Iterable[Problem]) -> dict[str, list[str]]:
    """Messages per field path."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.path, []).append(problem_message(problem))
    return errors
