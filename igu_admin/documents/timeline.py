"""The plan's two-year timeline as the PDF and the pages show it.

One view for both. On a page the Jinja macro `timeline(view, id)` in
pdf_templates/partials/timeline.html draws it as an HTML table, rendered
here by the PDF environment, as Markup:

    timeline = plan_timeline_view.plan_timeline(plan)          # in the view
    {{ timeline }}                                             # in the page
    <link rel="stylesheet" href="{{ url_for('static', filename='css/timeline.css') }}">

The plan PDF draws the same grid as one picture (timeline_drawing.py and
partials/timeline_drawing.html: a table of a hundred weeks is slow for
WeasyPrint to lay out), with the same legend and list. The stylesheet is one
file, igu_admin/static/css/timeline.css: pages link it, PDFs inline it
(`stylesheet("timeline.css")`).

Readable without colour: each kind has a colour and a letter (A for AMU, D
for Danish education, ...), holidays, today's week and an overloaded week
have a sign, all explained in a legend in words. On a page each cell carries
its full description for screen readers, and a list of each element's school
weeks follows the grid as its text alternative.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import flask_babel
from babel.dates import format_date, format_interval
from babel.numbers import format_decimal
from flask_babel import gettext
from jinja2 import Template
from markupsafe import Markup

from igu_admin.core import clock, plan_snapshot, rules_in_force
from igu_admin.documents.render import environment
from igu_admin.domain.plan_timeline import ElementWeeks, Span, Timeline, Week, build_timeline
from igu_admin.domain.schooling import WEEKDAYS_PER_WEEK, public_holidays
from igu_admin.models import SchoolingPlan
from igu_admin.wording.dates import date_pattern
from igu_admin.wording.plan import kind_label

DANISH = "da"
# English words with Danish numbers and dates, as on the agreement PDF.
NUMBER_LOCALES = {"da": "da_DK", "en": "en_DK"}
HOLIDAY_LANGUAGES = {"da": "da", "en": "en_US"}
# The letter of each kind: its reading without colour (explained in the legend).
KIND_CODES = {"amu": "A", "fvu": "F", "avu": "V", "hf": "H", "fgu": "G", "danish": "D"}
GRID_COLUMNS = 13  # a quarter's weeks; 14 when the grid holds a week 53
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class KindKey:
    """A kind of school as the grid and the legend show it."""

    kind: str
    code: str
    label: str

    @property
    def css(self) -> str:
        """The class suffix of its colour: only known kinds, never stored text."""
        return self.kind if self.kind in KIND_CODES else "other"


@dataclass(frozen=True)
class Cell:
    iso_week: int
    month: str | None  # the month beginning in this week ("apr."), if one does
    kinds: tuple[KindKey, ...]
    # The kind with the most hours in the week: its colour fills the cell.
    main_kind: KindKey | None
    hours: str | None  # the week's school hours ("7,4"), None without school
    holiday: bool
    outside: bool
    current: bool
    over_limit: bool
    description: str  # the cell in words, for screen readers

    @property
    def classes(self) -> str:
        flags = (("tl-school", bool(self.kinds)), ("tl-holiday", self.holiday),
                 ("tl-outside", self.outside), ("tl-current", self.current),
                 ("tl-over", self.over_limit), ("tl-month-start", self.month is not None))
        names = ["tl-week", *(name for name, on in flags if on)]
        if self.main_kind is not None:
            names.append(f"tl-k-{self.main_kind.css}")
        return " ".join(names)

    @property
    def week_label(self) -> str:
        """The week's number and its signs ("13 ✱ !"), explained in the legend."""
        signs = "".join(sign for sign, on in ((" ✱", self.holiday), (" ▼", self.current),
                                               (" !", self.over_limit)) if on)
        return f"{self.iso_week}{signs}"

    @property
    def codes(self) -> str:
        """The letters of the week's kinds ("A D"), "" without school."""
        return " ".join(key.code for key in self.kinds)

    @property
    def face(self) -> str:
        """What the cell shows, as lines of text (the cell keeps line breaks):
        the month, the week's number and its signs, the kinds' letters, the
        hours. Text rather than elements: inline elements are what makes a
        table of weeks slow to lay out."""
        # Without a month the first line is left out, and the cell's padding
        # keeps the week's number in its place (fewer lines, faster layout).
        lines = [self.month] if self.month else []
        lines.append(self.week_label)
        if self.kinds:
            lines += [self.codes, self.hours or ""]
        return "\n".join(lines)


@dataclass(frozen=True)
class RowView:
    year: str
    weeks: str  # "uge 1-13"
    cells: tuple[Cell, ...]
    padding: int  # empty cells after the last week (a grid with a week 53 has 14 columns)


@dataclass(frozen=True)
class ElementLine:
    number: int  # the element's number in the plan, from 1
    key: KindKey
    title: str
    weeks: str  # "uge 5-7 2027; uge 36 2027", or the reason there are none
    hours: str


@dataclass(frozen=True)
class HolidayLine:
    """A weekday holiday in a week with school: it takes a school day."""

    name: str
    day: str
    week: str


@dataclass(frozen=True)
class TimelineView:
    lang: str
    caption: str
    rows: tuple[RowView, ...]
    columns: int
    kinds: tuple[KindKey, ...]
    current: str | None  # "the week of 9 June 2027", for the legend
    week_limit: str | None
    has_holiday: bool
    has_outside: bool
    has_over_limit: bool
    elements: tuple[ElementLine, ...]
    school_holidays: tuple[HolidayLine, ...]


def timeline_view(data: Mapping[str, Any], *, lang: str = DANISH, today: date | None = None,
                  week_limit: int | None = None) -> TimelineView | None:
    """The timeline of a plan in the shape `plan_snapshot.snapshot` gives (and a
    version stores), in `lang`; None while the agreement has no period."""
    period = data.get("period") or {}
    start, end = _day(period.get("start")), _day(period.get("end"))
    if start is None or end is None or end < start:
        return None
    items: list[dict[str, Any]] = list(data.get("items") or [])
    numbers = NUMBER_LOCALES.get(lang, NUMBER_LOCALES[DANISH])
    holidays = public_holidays(start.year - 1, end.year + 1,
                               HOLIDAY_LANGUAGES.get(lang, HOLIDAY_LANGUAGES[DANISH]))
    line = build_timeline(start, end, plan_snapshot.elements(items), holidays, today=today,
                          week_limit=week_limit)
    with flask_babel.force_locale(lang):
        return _view(line, items, lang, numbers, today, week_limit)


def render_timeline(view: TimelineView | None, element_id: str = "plan-timeline") -> Markup:
    """The timeline's markup (the macro in pdf_templates/partials/timeline.html),
    for a page; `element_id` names its caption and list (unique on the page)."""
    template = _page_template()
    with flask_babel.force_locale(view.lang if view else DANISH):
        return Markup(template.render(view=view, element_id=element_id))


@functools.cache
def _page_template() -> Template:
    return environment().from_string(
        '{% from "partials/timeline.html" import timeline %}{{ timeline(view, element_id) }}')


def plan_timeline(plan: SchoolingPlan, lang: str | None = None,
                  element_id: str = "plan-timeline") -> Markup:
    """The live plan's timeline for a page, in the reader's language, with
    today's week marked while the course runs."""
    lang = lang or str(flask_babel.get_locale() or DANISH)
    view = timeline_view(plan_snapshot.snapshot(plan), lang=lang, today=clock.today(),
                         week_limit=rules_in_force.in_force_for(plan.agreement).schooling.hours_per_week)
    return render_timeline(view, element_id)


# --- the view ---------------------------------------------------------------

def _view(line: Timeline, items: Sequence[Mapping[str, Any]], lang: str, numbers: str,
          today: date | None, week_limit: int | None) -> TimelineView:
    def hours(value: Fraction) -> str:
        return _hours(value, numbers)

    def day(value: date) -> str:
        return format_date(value, date_pattern("long", numbers), locale=numbers)

    keys = {kind: kind_key(kind) for kind in {w for week in line.weeks for w in week.kinds}
            | {str(item.get("kind") or "") for item in items}}
    columns = max((len(row.weeks) for row in line.rows), default=GRID_COLUMNS)
    rows = tuple(_row(row.iso_year, row.weeks, columns, keys, hours, numbers, week_limit)
                 for row in line.rows)
    weeks = line.weeks
    course = [week for week in weeks if not week.outside]
    current = line.current
    return TimelineView(
        lang=lang,
        caption=gettext("The course's weeks from %(first)s to %(last)s, a row for each quarter",
                        first=_week_name(course[0]), last=_week_name(course[-1])),
        rows=rows, columns=columns,
        kinds=tuple(keys[kind] for kind in line.kinds),
        current=(gettext("Today's week (%(date)s)", date=day(today))
                 if current is not None and today is not None else None),
        week_limit=None if week_limit is None else format_decimal(week_limit, locale=numbers),
        has_holiday=any(w.holidays for w in weeks),
        has_outside=any(w.outside for w in weeks),
        has_over_limit=any(w.over_limit for w in weeks),
        elements=tuple(_element(e, items[e.index], keys[e.kind], hours) for e in line.elements),
        school_holidays=tuple(
            HolidayLine(h.name, day(h.day), _week_name(w))
            for w in weeks if w.school for h in w.holidays if h.day.weekday() < WEEKDAYS_PER_WEEK))


def _row(year: int, weeks: tuple[Week, ...], columns: int, keys: Mapping[str, KindKey],
         hours: Any, numbers: str, week_limit: int | None) -> RowView:
    cells = tuple(_cell(week, keys, hours, numbers, week_limit) for week in weeks)
    return RowView(year=str(year),
                   weeks=gettext("weeks %(first)s\N{EN DASH}%(last)s", first=weeks[0].iso_week,
                                 last=weeks[-1].iso_week),
                   cells=cells, padding=columns - len(cells))


def _cell(week: Week, keys: Mapping[str, KindKey], hours: Any, numbers: str,
          week_limit: int | None) -> Cell:
    first_of_month = next((day for day in (week.monday + timedelta(days=n) for n in range(7))
                           if day.day == 1), None)
    parts = [gettext("%(week)s, %(dates)s", week=_week_name(week),
                     dates=format_interval(week.monday, week.sunday, "MMMd", locale=numbers))]
    parts.extend(gettext("%(kind)s %(hours)s hours", kind=keys[k.kind].label, hours=hours(k.hours))
                 for k in week.school)
    if not week.school and not week.outside:
        parts.append(gettext("no school"))
    if week.holidays:
        parts.append(gettext("holidays: %(names)s",
                             names=", ".join(h.name for h in week.holidays)))
    if week.outside:
        parts.append(gettext("outside the course's period"))
    if week.current:
        parts.append(gettext("this week"))
    if week.over_limit and week_limit is not None:
        parts.append(gettext("more than %(limit)s school hours",
                             limit=format_decimal(week_limit, locale=numbers)))
    return Cell(
        iso_week=week.iso_week,
        month=format_date(first_of_month, "MMM", locale=numbers) if first_of_month else None,
        kinds=tuple(keys[k.kind] for k in week.school),
        main_kind=(keys[max(week.school, key=lambda k: k.hours).kind] if week.school else None),
        hours=hours(week.hours) if week.school else None,
        holiday=bool(week.holidays), outside=week.outside, current=week.current,
        over_limit=week.over_limit, description="; ".join(parts) + ".")


def _element(weeks: ElementWeeks, item: Mapping[str, Any], key: KindKey, hours: Any) -> ElementLine:
    if weeks.spans:
        text = "; ".join(_span_name(span) for span in weeks.spans)
    elif weeks.beyond:
        text = gettext("not shown: the dates lie outside the course's period")
    else:
        text = gettext("no school weeks yet: the dates or hours are missing")
    return ElementLine(number=weeks.index + 1, key=key,
                       title=str(item.get("title") or ""), weeks=text, hours=hours(weeks.hours))


def kind_key(kind: str) -> KindKey:
    """A kind's letter and name in the reader's language."""
    return KindKey(kind, KIND_CODES.get(kind, kind[:1].upper() or "?"), kind_label(kind))


def _week_name(week: Week) -> str:
    return gettext("week %(week)s %(year)s", week=week.iso_week, year=week.iso_year)


def _span_name(span: Span) -> str:
    first, last = span.first.isocalendar(), span.last.isocalendar()
    if span.first == span.last:
        return gettext("week %(week)s %(year)s", week=first.week, year=first.year)
    if first.year == last.year:
        return gettext("weeks %(first)s\N{EN DASH}%(last)s %(year)s", first=first.week, last=last.week,
                       year=first.year)
    return gettext("week %(first)s %(first_year)s to week %(last)s %(last_year)s",
                   first=first.week, first_year=first.year, last=last.week, last_year=last.year)


def _hours(value: Fraction, numbers: str) -> str:
    """Hours to a tenth (a school day is 7.4 hours), without a trailing ",0"."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return format_decimal(exact.quantize(_TENTH, rounding=ROUND_HALF_UP), format="#,##0.#",
                          locale=numbers)


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None
