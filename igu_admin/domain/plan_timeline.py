"""The two years of a course at a glance: its calendar weeks in rows, each
with the school hours that fall in it by kind, the public holidays in it,
and whether it is the current week.

Pure: the course's period, the plan's elements (their position in the plan is
their index), the holidays by date and optionally today in; a Timeline out.
The hours of each element are spread over its weeks exactly as the rules
spread them (`schooling.spread_by_week`), so the timeline shows the same load
the week-limit rule judges.

The shape: one row per quarter of an ISO year, weeks 1-13, 14-26, 27-39 and
40-52 (or 53 in a long year), so a week number stands in the same column
every year and the seasons line up down the page (Easter, the summer
holiday's weeks 28-31, Christmas in week 52); week numbers are also how
schools and AMU course lists date their courses. A two-year course touches
104 or 105 calendar weeks (`course_weeks`): they fill eight or nine rows,
and the weeks of a first or last row that lie outside the period are kept,
flagged `outside`, so every row is whole and an element placed outside the
period shows where it falls.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from igu_admin.domain.rule_parts import SCHOOLING_KINDS
from igu_admin.domain.schooling import PlanElement, spread_by_week

WEEKS_PER_QUARTER = 13
QUARTERS = 4
_WEEK = timedelta(days=7)
_SUNDAY = timedelta(days=6)


@dataclass(frozen=True)
class KindHours:
    """The hours of one kind of school in a week, and the elements they come from."""

    kind: str
    hours: Fraction
    items: tuple[int, ...]


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str


@dataclass(frozen=True)
class Week:
    monday: date
    iso_year: int
    iso_week: int
    school: tuple[KindHours, ...]
    holidays: tuple[Holiday, ...]
    # No day of the week lies in the course's period.
    outside: bool
    # Today falls in this week, and the course is running.
    current: bool
    # The week holds more school hours than the given limit (a school week).
    over_limit: bool

    @property
    def sunday(self) -> date:
        return self.monday + _SUNDAY

    @property
    def hours(self) -> Fraction:
        return sum((k.hours for k in self.school), Fraction(0))

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(k.kind for k in self.school)


@dataclass(frozen=True)
class Row:
    """A quarter of an ISO year: weeks 1-13, 14-26, 27-39 or 40 to the year's last."""

    iso_year: int
    quarter: int
    weeks: tuple[Week, ...]


@dataclass(frozen=True)
class Span:
    """Consecutive weeks with school hours of one element (by their Mondays)."""

    first: date
    last: date

    @property
    def weeks(self) -> int:
        return (self.last - self.first).days // 7 + 1


@dataclass(frozen=True)
class ElementWeeks:
    """Where one element's hours fall: the text alternative of the grid.
    `beyond`: the element reaches past the grid's weeks, so none of its
    hours are drawn (its dates are the error to mend)."""

    index: int
    kind: str
    spans: tuple[Span, ...]
    hours: Fraction
    beyond: bool = False


@dataclass(frozen=True)
class Timeline:
    period_start: date
    period_end: date
    rows: tuple[Row, ...]
    elements: tuple[ElementWeeks, ...]

    @property
    def weeks(self) -> tuple[Week, ...]:
        return tuple(week for row in self.rows for week in row.weeks)

    @property
    def course_weeks(self) -> int:
        """The calendar weeks the period touches (104 or 105 for two years)."""
        return sum(1 for week in self.weeks if not week.outside)

    @property
    def current(self) -> Week | None:
        return next((week for week in self.weeks if week.current), None)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of school in the grid, in the rule sets' order (for the legend)."""
        present = {kind for week in self.weeks for kind in week.kinds}
        return tuple(kind for kind in _kind_order(present))


def build_timeline(period_start: date, period_end: date, elements: Sequence[PlanElement],
                   holidays: Mapping[date, str], today: date | None = None,
                   week_limit: int | None = None) -> Timeline:
    """The course's weeks in rows of ISO-year quarters (see the module's doc).

    `holidays`: the public holidays by date, named in the reader's language
    (`schooling.public_holidays`); `today` marks its week while the course
    runs; `week_limit` (the rule set's hours of a school week) flags weeks
    that hold more.
    """
    if period_end < period_start:
        raise ValueError(f"the period ends ({period_end}) before it starts ({period_start})")
    quarters = _quarters(_monday(period_start), _monday(period_end))
    rows_mondays = [_quarter_mondays(year, quarter) for year, quarter in quarters]
    first_day, last_day = rows_mondays[0][0], rows_mondays[-1][-1] + _SUNDAY
    loads: dict[date, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    sources: dict[date, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    spreads: list[ElementWeeks] = []
    for index, element in enumerate(elements):
        # Only an element within the grid's weeks is spread: one dated years
        # away (a typing slip) would cost a week's loop for every week between.
        beyond = (element.start is not None and element.end is not None
                  and (element.start < first_day or element.end > last_day))
        spread = {} if beyond else spread_by_week(element)
        for monday, hours in spread.items():
            loads[monday][element.kind] += hours
            sources[monday][element.kind].append(index)
        spreads.append(ElementWeeks(index, element.kind, _spans(sorted(spread)),
                                    sum(spread.values(), Fraction(0)), beyond))
    running = today is not None and period_start <= today <= period_end
    this_monday = _monday(today) if running and today is not None else None

    def week(monday: date) -> Week:
        year, number, _ = monday.isocalendar()
        school = tuple(KindHours(kind, loads[monday][kind], tuple(sources[monday][kind]))
                       for kind in _kind_order(loads.get(monday, {})))
        total = sum((k.hours for k in school), Fraction(0))
        return Week(
            monday=monday, iso_year=year, iso_week=number, school=school,
            holidays=tuple(Holiday(day, holidays[day]) for day in _days(monday) if day in holidays),
            outside=monday + _SUNDAY < period_start or monday > period_end,
            current=monday == this_monday,
            over_limit=week_limit is not None and total > week_limit)

    rows = tuple(Row(year, quarter, tuple(week(m) for m in mondays))
                 for (year, quarter), mondays in zip(quarters, rows_mondays, strict=True))
    return Timeline(period_start, period_end, rows, tuple(spreads))


def quarter_of(monday: date) -> tuple[int, int]:
    """(ISO year, quarter 1-4) of a week: weeks 1-13 are quarter 1, 40-53 quarter 4."""
    year, week, _ = monday.isocalendar()
    return year, min((week - 1) // WEEKS_PER_QUARTER, QUARTERS - 1) + 1


def _quarters(first_monday: date, last_monday: date) -> list[tuple[int, int]]:
    first, last = quarter_of(first_monday), quarter_of(last_monday)
    found = []
    year, quarter = first
    while (year, quarter) <= last:
        found.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == QUARTERS else (year, quarter + 1)
    return found


def _quarter_mondays(year: int, quarter: int) -> list[date]:
    monday = date.fromisocalendar(year, (quarter - 1) * WEEKS_PER_QUARTER + 1, 1)
    mondays = []
    while quarter_of(monday) == (year, quarter):
        mondays.append(monday)
        monday += _WEEK
    return mondays


def _spans(mondays: list[date]) -> tuple[Span, ...]:
    spans: list[Span] = []
    for monday in mondays:
        if spans and monday - spans[-1].last == _WEEK:
            spans[-1] = Span(spans[-1].first, monday)
        else:
            spans.append(Span(monday, monday))
    return tuple(spans)


def _kind_order(kinds: Mapping[str, object] | set[str]) -> list[str]:
    """Known kinds in the rules' order, then any others (a kind a rule set
    no longer allows still shows) by name."""
    known = [kind for kind in SCHOOLING_KINDS if kind in kinds]
    return known + sorted(set(kinds) - set(SCHOOLING_KINDS))


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _days(monday: date) -> list[date]:
    return [monday + timedelta(days=offset) for offset in range(7)]
