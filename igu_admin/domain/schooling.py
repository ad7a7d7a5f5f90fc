"""The schooling plan's rules: how its hours count as weeks, and what a plan
must and may hold.

Pure: plan elements, the agreement's period and the rule set's parts in,
findings out. A finding has a stable code, the element it concerns (its
index in the plan, or None for the plan as a whole) and the values its
wording needs; the services word it in the reader's language. Every limit
is read from the rule set: the required weeks, the hours of a school week,
the kinds allowed and required, which kinds count double, AMU after a
passed Danish test, and the workplace's minimum average.

School hours are spread evenly over an element's working days (weekdays
that are not Danish public holidays), so a week's load and the timeline
show where the hours fall. Sums are exact (fractions), so a week of exactly
the limit passes and a hundredth of an hour more does not.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

import holidays

from igu_admin.domain.dates import add_months
from igu_admin.domain.rule_parts import CourseRule, SchoolingRule

AMU = "amu"
DANISH = "danish"
WEEKDAYS_PER_WEEK = 5  # a school week is Monday to Friday
_ONE_DAY = timedelta(days=1)
_TENTH = Decimal("0.1")

ERROR_CODES = (
    "period_unknown",
    "kind_not_allowed",
    "course_number_missing",
    "dates_missing",
    "dates_reversed",
    "hours_missing",
    "hours_not_positive",
    "outside_period",
    "week_over_limit",
    "danish_not_allowed_after_danish_test",
    "required_kind_missing",
    "amu_below_minimum_after_danish_test",
    "weeks_short",
    "workplace_share_low",
)
WARNING_CODES = ("hours_exceed_working_days", "weeks_over_required")


@dataclass(frozen=True)
class PlanElement:
    """One course in the plan, as far as the rules look at it.

    `course_number`: the AMU course number as given ("" when none was); None
    when the caller holds no course numbers (a check of hours and dates
    only), and then it is not judged."""

    kind: str
    start: date | None
    end: date | None
    hours: Decimal | None
    course_number: str | None = None


@dataclass(frozen=True)
class PlanContext:
    """What the plan is judged against: the agreement's period and weekly
    hours, and whether the trainee has passed Prøve i Dansk 1, 2 or 3. The
    period is None while the agreement has no start date: the rules that need
    it are not judged, and the plan cannot be submitted (period_unknown)."""

    period_start: date | None
    period_end: date | None
    weekly_hours: Decimal | None
    passed_danish_test: bool


@dataclass(frozen=True)
class PlanFinding:
    code: str
    item: int | None
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanCheck:
    required_weeks: int
    required_hours: Decimal
    counted_hours: Decimal
    errors: tuple[PlanFinding, ...]
    warnings: tuple[PlanFinding, ...]

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def counted_weeks(self) -> Decimal:
        """Counted hours as weeks, rounded down to a tenth, so a plan that
        falls short never shows the required figure."""
        return weeks_of(self.counted_hours, self.required_hours / self.required_weeks)


def weeks_of(hours: Decimal, hours_per_week: Decimal) -> Decimal:
    return (hours / hours_per_week).quantize(_TENTH, rounding=ROUND_DOWN)


def counted_hours(elements: Sequence[PlanElement], rule: SchoolingRule) -> Decimal:
    """Hours towards the required weeks: double for the kinds the rule set
    counts double (Danish education, FVU, AVU, HF under the 20-week rules)."""
    total = Decimal(0)
    for element in elements:
        if element.hours is not None and element.hours > 0 and element.kind in rule.allowed_kinds:
            factor = 2 if element.kind in rule.double_counted_kinds else 1
            total += element.hours * factor
    return total


def element_weeks(element: PlanElement, rule: SchoolingRule) -> Decimal:
    """One element's counted weeks, rounded down to a tenth as the plan's total."""
    return weeks_of(counted_hours([element], rule), Decimal(rule.hours_per_week))


def check_plan(elements: Sequence[PlanElement], context: PlanContext, rule: SchoolingRule,
               course: CourseRule) -> PlanCheck:
    """Every rule on the plan. Errors block submission; warnings are shown.

    An element's hours are spread over its days (its fit in its working days,
    the week loads) only once it lies within the period: one outside it has
    its error already, and spreading dates a century apart would make one
    check cost seconds (the check is public)."""
    errors: list[PlanFinding] = []
    warnings: list[PlanFinding] = []
    if context.period_start is None or context.period_end is None:
        errors.append(PlanFinding("period_unknown", None))
    placed: list[tuple[int, PlanElement]] = []
    for index, element in enumerate(elements):
        errors.extend(_element_errors(index, element, context, rule))
        if _in_period(element, context):
            placed.append((index, element))
            warnings.extend(_fit_warnings(index, element, rule))
    errors.extend(_week_loads(placed, rule))
    errors.extend(_kind_rules(elements, context, rule))
    required_hours = Decimal(rule.weeks * rule.hours_per_week)
    counted = counted_hours(elements, rule)
    if counted < required_hours:
        errors.append(PlanFinding("weeks_short", None, {
            "required_weeks": rule.weeks,
            "counted_weeks": weeks_of(counted, Decimal(rule.hours_per_week)),
            "missing_hours": required_hours - counted}))
    elif counted > required_hours:
        warnings.append(PlanFinding("weeks_over_required", None, {
            "required_weeks": rule.weeks,
            "counted_weeks": weeks_of(counted, Decimal(rule.hours_per_week))}))
    errors.extend(_workplace_share(elements, context, course))
    return PlanCheck(rule.weeks, required_hours, counted, tuple(errors), tuple(warnings))


def _element_errors(index: int, element: PlanElement, context: PlanContext,
                    rule: SchoolingRule) -> list[PlanFinding]:
    found: list[PlanFinding] = []
    if element.kind not in rule.allowed_kinds:
        found.append(PlanFinding("kind_not_allowed", index, {"kind": element.kind}))
    if element.kind == AMU and element.course_number is not None \
            and not element.course_number.strip():
        found.append(PlanFinding("course_number_missing", index))
    if element.hours is None:
        found.append(PlanFinding("hours_missing", index))
    elif element.hours <= 0:
        found.append(PlanFinding("hours_not_positive", index))
    if element.start is None or element.end is None:
        found.append(PlanFinding("dates_missing", index))
    elif element.end < element.start:
        found.append(PlanFinding("dates_reversed", index))
    elif context.period_start is None or context.period_end is None:
        pass  # judged once the agreement has its period (see period_unknown)
    elif element.start < context.period_start or element.end > context.period_end:
        found.append(PlanFinding("outside_period", index, {
            "period_start": context.period_start, "period_end": context.period_end}))
    return found


def _fit_warnings(index: int, element: PlanElement, rule: SchoolingRule) -> list[PlanFinding]:
    """Hours beyond the element's working days at a full school day each."""
    if not _spreadable(element):
        return []
    assert element.start is not None and element.end is not None and element.hours is not None
    days = working_days(element.start, element.end)
    hours_per_day = Decimal(rule.hours_per_week) / WEEKDAYS_PER_WEEK
    most = hours_per_day * days
    if element.hours > most:
        return [PlanFinding("hours_exceed_working_days", index, {
            "working_days": days, "hours_per_day": hours_per_day, "max_hours": most})]
    return []


def _in_period(element: PlanElement, context: PlanContext) -> bool:
    return (_spreadable(element) and context.period_start is not None
            and context.period_end is not None
            and element.start is not None and element.end is not None
            and context.period_start <= element.start and element.end <= context.period_end)


def _week_loads(elements: Sequence[tuple[int, PlanElement]],
                rule: SchoolingRule) -> list[PlanFinding]:
    """No calendar week may hold more school hours than a school week
    (`elements`: the elements within the period, with their indexes)."""
    limit = rule.hours_per_week
    loads: dict[date, Fraction] = defaultdict(Fraction)
    contributors: dict[date, list[int]] = defaultdict(list)
    for index, element in elements:
        for monday, hours in spread_by_week(element).items():
            loads[monday] += hours
            contributors[monday].append(index)
    found = []
    for monday in sorted(loads):
        if loads[monday] > limit:
            year, week, _ = monday.isocalendar()
            found.append(PlanFinding("week_over_limit", contributors[monday][0], {
                "week": week, "year": year, "monday": monday,
                "hours": _hundredths(loads[monday]), "limit": limit,
                "items": tuple(contributors[monday])}))
    return found


def _kind_rules(elements: Sequence[PlanElement], context: PlanContext,
                rule: SchoolingRule) -> list[PlanFinding]:
    found: list[PlanFinding] = []
    kinds = {e.kind for e in elements}
    if context.passed_danish_test and not rule.danish_allowed_after_danish_test:
        found.extend(PlanFinding("danish_not_allowed_after_danish_test", i)
                     for i, e in enumerate(elements) if e.kind == DANISH)
    found.extend(PlanFinding("required_kind_missing", None, {"kind": kind})
                 for kind in sorted(rule.required_kinds - kinds))
    if context.passed_danish_test and AMU in kinds:
        amu_hours = sum((e.hours for e in elements
                         if e.kind == AMU and e.hours is not None and e.hours > 0), Decimal(0))
        minimum = Decimal(rule.min_amu_weeks_after_danish_test * rule.hours_per_week)
        if amu_hours < minimum:
            found.append(PlanFinding("amu_below_minimum_after_danish_test", None, {
                "min_weeks": rule.min_amu_weeks_after_danish_test,
                "amu_weeks": weeks_of(amu_hours, Decimal(rule.hours_per_week))}))
    return found


def _workplace_share(elements: Sequence[PlanElement], context: PlanContext,
                     course: CourseRule) -> list[PlanFinding]:
    """The hours left for the workplace, on average over the period, given the
    agreement's weekly hours, stay at or above the rule set's minimum."""
    if (context.weekly_hours is None or context.period_start is None
            or context.period_end is None or context.period_end < context.period_start):
        return []
    weeks = Fraction((context.period_end - context.period_start).days + 1, 7)
    school = sum((Fraction(e.hours) for e in elements if e.hours is not None and e.hours > 0),
                 Fraction(0))
    average = (Fraction(context.weekly_hours) * weeks - school) / weeks
    if average < course.min_average_workplace_hours:
        return [PlanFinding("workplace_share_low", None, {
            "average": _hundredths(average),
            "minimum": course.min_average_workplace_hours,
            "weekly_hours": context.weekly_hours})]
    return []


def plan_deadline(start: date, rule: SchoolingRule) -> date:
    """The last day for the plan (in VITAS): the end of the rule set's months
    of employment from the start, i.e. the day before the same date that many
    months later (start 2 March -> 1 April; 31 January -> 27 or 28 February)."""
    return add_months(start, rule.plan_deadline_months) - _ONE_DAY


def _spreadable(element: PlanElement) -> bool:
    return (element.start is not None and element.end is not None and element.hours is not None
            and element.hours > 0 and element.start <= element.end)


def spread_by_week(element: PlanElement) -> dict[date, Fraction]:
    """The element's hours by calendar week (keyed by the week's Monday),
    spread evenly over its working days, or over all its days when it has
    none (a weekend course)."""
    if not _spreadable(element):
        return {}
    assert element.start is not None and element.end is not None and element.hours is not None
    total_days = working_days(element.start, element.end)
    count = working_days if total_days else _calendar_days
    if not total_days:
        total_days = _calendar_days(element.start, element.end)
    per_day = Fraction(element.hours) / total_days
    spread: dict[date, Fraction] = {}
    monday = element.start - timedelta(days=element.start.weekday())
    while monday <= element.end:
        first = max(monday, element.start)
        last = min(monday + timedelta(days=6), element.end)
        days = count(first, last)
        if days:
            spread[monday] = per_day * days
        monday += timedelta(days=7)
    return spread


def working_days(first: date, last: date) -> int:
    """Weekdays from `first` to `last` (inclusive) that are not Danish public holidays."""
    if last < first:
        return 0
    return _weekdays(first, last) - _holidays_on_weekdays(first, last)


def _calendar_days(first: date, last: date) -> int:
    return (last - first).days + 1


def _weekdays(first: date, last: date) -> int:
    whole_weeks, rest = divmod((last - first).days + 1, 7)
    count = whole_weeks * WEEKDAYS_PER_WEEK
    weekday = first.weekday()
    for offset in range(rest):
        if (weekday + offset) % 7 < WEEKDAYS_PER_WEEK:
            count += 1
    return count


def _holidays_on_weekdays(first: date, last: date) -> int:
    days = _weekday_holidays(first.year, last.year)
    return bisect.bisect_right(days, last) - bisect.bisect_left(days, first)


@lru_cache(maxsize=64)
def _weekday_holidays(first_year: int, last_year: int) -> tuple[date, ...]:
    found = public_holidays(first_year, last_year)
    return tuple(sorted(day for day in found if day.weekday() < WEEKDAYS_PER_WEEK))


@lru_cache(maxsize=64)
def _holiday_table(first_year: int, last_year: int, language: str) -> dict[date, str]:
    table = holidays.country_holidays("DK", years=range(first_year, last_year + 1),
                                      language=language)
    return dict(table.items())


def public_holidays(first_year: int, last_year: int, language: str = "da") -> dict[date, str]:
    """Danish public holidays (from the `holidays` package) by date, named in
    `language` ("da" or "en_US"). Store Bededag is gone from 2024 there too."""
    return _holiday_table(first_year, last_year, language)


def _hundredths(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"))
