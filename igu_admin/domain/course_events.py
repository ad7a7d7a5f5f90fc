"""The course's later events: its start, an extension, an early end, completion.

Pure: dates and the rule set's extension part in, problems out. Every date
of an event (a leave, a termination, completion) is judged against the
course's period, never against today, so a planned event (a dismissal with
notice, a leave that starts next month) can be recorded ahead of time; the
daily job acts on it when its day comes. Only completion looks at the day it
is confirmed on (`as_of`): a course is completed once it has run to its end.

A problem names the field path (as in the API: `from`, `to`, `reason`,
`date`) and a stable code with the values its wording needs; the services
word it in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from igu_admin.domain.agreement_rules import Problem
from igu_admin.domain.rule_parts import ExtensionRule

# Why a course ends early.
TERMINATION_REASONS = ("dismissal", "resignation", "company_closure", "other")
# The employer's reasons for an extension, and the rule set's ground each
# stands for: "schooling" is the act's special circumstances that kept the
# schooling from being completed.
EXTENSION_REASONS: dict[str, str] = {
    "parental_leave": "parental_leave",
    "sickness": "sickness",
    "schooling": "special_circumstances",
}
# An extension recorded by an import: the municipality's file gave a later
# end than the rule set's, so the course was extended, for grounds the file
# does not say. Never a reason the employer can choose.
IMPORTED = "imported"
DAYS_A_WEEK = 7


def extension_ground(reason: str) -> str:
    """The rule set's ground an extension's reason stands for; an imported
    extension keeps its own (the file names none)."""
    return EXTENSION_REASONS.get(reason, reason)


@dataclass(frozen=True)
class CoursePeriod:
    """The course from its first to its last day. `end` is the current end:
    the end the rule set gave, moved by every approved extension."""

    start: date
    end: date


@dataclass(frozen=True)
class ExtensionRequest:
    """An absence (or, for schooling, the period that could not be used)
    from `first` to `last`, both days included, and the reason."""

    first: date
    last: date
    reason: str


@dataclass(frozen=True)
class OtherExtension:
    """An extension of the same course already requested or approved."""

    number: int
    first: date
    last: date


def period_days(first: date, last: date) -> int:
    """Days from `first` to `last`, both included (1 for a single day)."""
    return (last - first).days + 1


def extended_end(end: date, first: date, last: date) -> date:
    """The course's end moved by an approved extension: by the length of its
    period, which for the grounds limited to the absence is the absence
    itself, so the course is extended by at most the absence."""
    return end + timedelta(days=period_days(first, last))


def original_end(end: date, approved: Iterable[tuple[date, date]]) -> date:
    """The end the course had before its approved extensions moved it."""
    return end - timedelta(days=sum(period_days(first, last) for first, last in approved))


def check_extension(request: ExtensionRequest, course: CoursePeriod,
                    rule: ExtensionRule | None,
                    others: Iterable[OtherExtension] = ()) -> tuple[Problem, ...]:
    """Every problem with an extension request: a reason the rule set in
    force at the course's start knows, a period in order and within the
    course, a sickness longer than the rule's weeks, and no overlap with
    another extension of the course (an absence extends it once)."""
    problems: list[Problem] = []
    ground = rule.ground(EXTENSION_REASONS.get(request.reason, "")) if rule is not None else None
    if ground is None:
        problems.append(Problem("reason", "extension_reason_not_in_rules"))
    problems += _within_course("from", request.first, course)
    problems += _within_course("to", request.last, course)
    if request.last < request.first:
        problems.append(Problem("to", "period_reversed", related=("from",)))
        return tuple(problems)
    weeks = ground.min_continuous_weeks_over if ground is not None else None
    if weeks is not None and period_days(request.first, request.last) <= weeks * DAYS_A_WEEK:
        problems.append(Problem("to", "absence_too_short", {"weeks": weeks},
                                related=("from", "reason")))
    for other in others:
        if request.first <= other.last and other.first <= request.last:
            problems.append(Problem("from", "overlaps_extension", {"number": other.number},
                                    related=("to",)))
    return tuple(problems)


def check_termination(day: date, course: CoursePeriod) -> tuple[Problem, ...]:
    """The last day of employment lies within the course (its start included:
    a course may end on its first day)."""
    return tuple(_within_course("date", day, course))


def check_completion(course: CoursePeriod, as_of: date) -> tuple[Problem, ...]:
    """A course is completed on or after its (current) end date."""
    if as_of < course.end:
        return (Problem("end_date", "course_not_ended", {"end": course.end}),)
    return ()


def activation_due(start: date, as_of: date) -> bool:
    """An approved course becomes active on its start date (or the first run after)."""
    return start <= as_of


def termination_in_effect(termination_date: date, as_of: date) -> bool:
    """A course reads as terminated from its termination date, its last day
    of employment: a termination dated today or earlier ends it at once; one
    dated later is acted on by the daily job when that day comes."""
    return termination_date <= as_of


def continuation_start(termination_date: date) -> date:
    """Another company continuing the course starts the day after the last day."""
    return termination_date + timedelta(days=1)


def _within_course(path: str, day: date, course: CoursePeriod) -> list[Problem]:
    if day < course.start:
        return [Problem(path, "before_course_start", {"start": course.start})]
    if day > course.end:
        return [Problem(path, "after_course_end", {"end": course.end})]
    return []
