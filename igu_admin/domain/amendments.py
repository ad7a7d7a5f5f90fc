"""Changing an approved agreement (tillæg): which terms may change, the day
a change takes effect, and the terms that hold on a given day.

Pure: dates and plain values in, problems and values out. The terms are kept
by their field paths as in the API (`weekly_hours`, `wage.year1`); a change
holds each path's old and new value, so the document can show both and the
terms on a day can be found from the approved changes alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from igu_admin.domain.agreement_rules import Problem
from igu_admin.domain.course_events import CoursePeriod

# What an amendment may change, as field paths, in the order documents list them.
AMENDABLE_PATHS = ("weekly_hours", "wage.basis", "wage.year1", "wage.year2", "job_title",
                   "tasks", "workplace_address", "contact_person")
EFFECTIVE_FROM = "effective_from"


@dataclass(frozen=True)
class ApprovedChange:
    """An approved amendment as the terms on a day need it: from when, and
    the new value of each path it changes."""

    number: int
    effective_from: date
    new: Mapping[str, Any]


def check_effective_from(day: date, course: CoursePeriod) -> tuple[Problem, ...]:
    """The day a change takes effect lies within the course, its first and
    last day included. A day already past is allowed: the parties may write
    down a change they have already made."""
    if day < course.start:
        return (Problem(EFFECTIVE_FROM, "before_course_start", {"start": course.start}),)
    if day > course.end:
        return (Problem(EFFECTIVE_FROM, "after_course_end", {"end": course.end}),)
    return ()


def amounts_missing_for_basis(old: Mapping[str, Any], new: Mapping[str, Any]
                              ) -> tuple[str, ...]:
    """The wage paths a change of the wage basis (by the hour, by the month)
    leaves out: the amounts held are per hour or per month of the old basis,
    so a new basis needs both years' amounts on it."""
    if "wage.basis" not in new or new["wage.basis"] == old.get("wage.basis"):
        return ()
    return tuple(path for path in ("wage.year1", "wage.year2") if path not in new)


def takes_effect(effective_from: date, as_of: date) -> bool:
    """Whether an approved change holds on `as_of` (from its day on)."""
    return effective_from <= as_of


def terms_on(day: date, base: Mapping[str, Any], approved: Iterable[ApprovedChange]
             ) -> dict[str, Any]:
    """The terms that hold on `day`: `base` (the terms before any change)
    with every approved change in effect by then applied, in the order of
    their days (for one day, of their numbers)."""
    terms = {path: base.get(path) for path in AMENDABLE_PATHS}
    for change in sorted(approved, key=lambda c: (c.effective_from, c.number)):
        if takes_effect(change.effective_from, day):
            terms.update({p: v for p, v in change.new.items() if p in AMENDABLE_PATHS})
    return terms


def old_and_new(current: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each path the change gives, with the value it replaces: what the
    amendment keeps and its document lists."""
    return {path: {"old": current.get(path), "new": new[path]}
            for path in AMENDABLE_PATHS if path in new}
