"""The overview's charts, drawn on the server as SVG from the values handed in.

Readable without colour (WCAG 1.4.1): each series has its own pattern
(solid, diagonal lines, dots), repeated in the legend inside the picture;
every bar carries its value as text above it; a value not shown (a count of
1-4, a median of fewer than 5 courses) is a gap with the same mark the
table beside the chart gives ("<5" or an en dash), never a bar of height 0. The
picture is `role="img"` named by its <title> and described by its <desc>;
the page puts the same figures in a table beside it.

Every text is escaped here (markupsafe): the labels come translated from the
caller, the numbers are formatted with Babel in the reader's locale (axis
ticks and bar labels in Danish: 1.234 and 12,5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_decimal
from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 320
TOP, BOTTOM, LEFT, RIGHT = 24, 70, 64, 12
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
BASELINE = TOP + PLOT_HEIGHT
FONT = 12
INK = "#1a1a1a"
# The looks of the series, in order: each distinct without colour.
PATTERNS = ("solid", "diagonal", "dots")


@dataclass(frozen=True)
class Value:
    """One bar's value, or None when it is not shown; `missing` is then the
    mark that stands in its place ("<5" or an en dash), as in the table."""

    amount: Decimal | int | None
    missing: str = "\N{EN DASH}"


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class BarChart:
    """A chart of grouped bars: a group per category (a quarter), a bar per
    series. `scale` divides the values for the labels and ticks (1000: the
    amounts are shown in thousands; `unit` says so on the axis)."""

    chart_id: str
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    scale: int = 1
    decimals: int = 0


def nice_step(largest: Decimal) -> Decimal:
    """A tick step of 1, 2 or 5 times a power of ten, giving at most five
    steps up to `largest`."""
    if largest <= 0:
        return Decimal(1)
    rough = largest / 5
    power = Decimal(10) ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        step = power * factor
        if step >= rough:
            return max(step, Decimal(1)) if largest >= 1 else step
    return power * 10  # pragma: no cover - the loop always returns


def ticks(largest: Decimal) -> tuple[Decimal, ...]:
    step = nice_step(largest)
    top = step * math.ceil(largest / step) if largest > 0 else step
    count = int(top / step)
    return tuple(step * i for i in range(count + 1))


def _number(value: Decimal, locale: str, decimals: int) -> str:
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale)


def _scaled(value: Decimal | int, scale: int) -> Decimal:
    return Decimal(value) / scale


def _attrs(**values: object) -> Markup:
    return Markup(" ").join(
        Markup('{}="{}"').format(name.rstrip("_").replace("_", "-"),
                                 round(v, 1) if isinstance(v, float) else v)
        for name, v in values.items())


def _patterns(chart_id: str) -> Markup:
    """The fills, each with an id of this chart (several charts share a page)."""
    p = escape(chart_id)
    return Markup(
        '<defs>'
        '<pattern id="{p}-diagonal" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"></rect>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="{ink}" stroke-width="3"></line></pattern>'
        '<pattern id="{p}-dots" width="7" height="7" patternUnits="userSpaceOnUse">'
        '<rect width="7" height="7" fill="#ffffff"></rect>'
        '<circle cx="3.5" cy="3.5" r="1.8" fill="{ink}"></circle></pattern>'
        '</defs>').format(p=p, ink=INK)


def _fill(chart_id: str, pattern: str) -> str:
    return "#0b4f8a" if pattern == "solid" else f"url(#{chart_id}-{pattern})"


def bar_chart(chart: BarChart, locale: str) -> Markup:
    """The chart as one <svg> element, ready to be put in a page."""
    cid = chart.chart_id
    values = [_scaled(v.amount, chart.scale) for s in chart.series for v in s.values
              if v.amount is not None]
    steps = ticks(max(values, default=Decimal(0)))
    top = steps[-1]
    plot_width = WIDTH - LEFT - RIGHT
    slot = plot_width / max(len(chart.categories), 1)
    group = slot * 0.8
    bar = group / max(len(chart.series), 1)
    parts: list[Markup] = [
        Markup('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" '
               'role="img" aria-labelledby="{cid}-title {cid}-desc" focusable="false" '
               'class="igu-chart-svg" data-chart="{cid}">').format(w=WIDTH, h=HEIGHT, cid=cid),
        Markup('<title id="{cid}-title">{t}</title><desc id="{cid}-desc">{d}</desc>').format(
            cid=cid, t=chart.title, d=chart.description),
        _patterns(cid),
    ]

    def y_of(amount: Decimal) -> float:
        return BASELINE - float(amount / top) * PLOT_HEIGHT

    parts.append(Markup('<g class="axis">'))
    for tick in steps:
        y = y_of(tick)
        parts.append(Markup('<line {}></line><text {}>{}</text>').format(
            _attrs(x1=LEFT, y1=y, x2=WIDTH - RIGHT, y2=y, stroke="#c8c8c8" if tick else INK,
                   stroke_width=1),
            _attrs(x=LEFT - 6, y=y + 4, text_anchor="end", font_size=FONT, fill=INK,
                   class_="tick"),
            _number(tick, locale, chart.decimals)))
    if chart.unit:
        parts.append(Markup('<text {}>{}</text>').format(
            _attrs(x=4, y=TOP - 10, font_size=FONT, fill=INK, class_="unit"), chart.unit))
    parts.append(Markup("</g>"))

    for c, category in enumerate(chart.categories):
        x0 = LEFT + c * slot + (slot - group) / 2
        parts.append(Markup('<g class="category" data-category="{}">').format(category))
        for s, series in enumerate(chart.series):
            value = series.values[c]
            x = x0 + s * bar
            middle = x + bar / 2
            pattern = PATTERNS[s % len(PATTERNS)]
            if value.amount is None:
                # A gap, labelled: never a bar of height 0 that reads as zero.
                parts.append(Markup('<text {}>{}</text>').format(
                    _attrs(x=middle, y=BASELINE - 6, text_anchor="middle", font_size=FONT,
                           fill=INK, class_="gap", data_series=s), value.missing))
                continue
            amount = _scaled(value.amount, chart.scale)
            y = y_of(amount)
            parts.append(Markup('<rect {}></rect><text {}>{}</text>').format(
                _attrs(x=x + 1, y=y, width=bar - 2, height=BASELINE - y,
                       fill=_fill(cid, pattern), stroke=INK, stroke_width=1, class_="bar",
                       data_series=s),
                _attrs(x=middle, y=y - 4, text_anchor="middle", font_size=FONT - 1, fill=INK,
                       class_="value", data_series=s),
                _number(amount, locale, chart.decimals)))
        parts.append(Markup('<text {}>{}</text></g>').format(
            _attrs(x=LEFT + c * slot + slot / 2, y=BASELINE + 18, text_anchor="middle",
                   font_size=FONT, fill=INK, class_="label"), category))

    parts.append(Markup('<g class="legend">'))
    x = float(LEFT)
    for s, series in enumerate(chart.series):
        pattern = PATTERNS[s % len(PATTERNS)]
        parts.append(Markup('<rect {}></rect><text {}>{}</text>').format(
            _attrs(x=x, y=HEIGHT - 26, width=18, height=14, fill=_fill(cid, pattern),
                   stroke=INK, class_="swatch"),
            _attrs(x=x + 24, y=HEIGHT - 14, font_size=FONT, fill=INK, class_="legend-label"),
            series.label))
        x += 40 + 7 * len(series.label)
    parts.append(Markup("</g></svg>"))
    return Markup("").join(parts)
