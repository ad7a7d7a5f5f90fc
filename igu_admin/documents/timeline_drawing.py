"""The plan PDF's timeline drawn as one picture, an inline SVG.

Pages show the timeline as an HTML table (partials/timeline.html). In the
PDF that table was a large part of the render time: WeasyPrint lays out every
week's cell as a box of wrapped lines. A drawing lays nothing out, so
partials/timeline_drawing.html writes the numbers made here into one <svg>,
which WeasyPrint draws as shapes and real text (a PDF reader can still
search, copy and read it).

The drawing shows what the table shows, from the same TimelineView: a row
for each quarter headed by its year and weeks, a box for each week filled
with the colour of its main kind, and in each box the month beginning in it,
the week's number with its signs, the kinds' letters and the hours, each on
its own line. The colours and edges are classes of timeline_drawing.css,
which match timeline.css's.

Few elements, because WeasyPrint styles and draws each element of an SVG at
a cost far above a character's: the boxes of one look make one path, and
the texts of one look make one text element whose characters are each
placed here (text_metrics gives their widths). No character is a space: a
gap in the placing separates words, and SVG would collapse spaces.

Every length is in points (the drawing's user unit, 1/72 inch): the drawing
is as wide as an A4 page's text (210 mm less 42 mm of margins, base.css).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from igu_admin.documents import text_metrics
from igu_admin.documents.timeline import Cell, RowView, TimelineView

WIDTH = 476.0  # 168 mm
HEAD = 40.0  # the row heading: the year over its weeks ("uge 1-13")
GAP = 1.5  # between two boxes
FONT = 6.4  # a box's text, as the table's print size (timeline.css)
SMALL = 5.4  # the row heading's weeks (timeline_drawing.css says the same)
LINE = 7.2  # a line of a box's text
PAD = 2.0  # above a box's first line and below its last
SLOTS = 4  # month, week, letters, hours: each text keeps its line, as in the table
BOX_HEIGHT = 2 * PAD + SLOTS * LINE
ROW_PITCH = BOX_HEIGHT + GAP
DESCENT = 1.8  # from a line's bottom up to its baseline
INSET = 1.6  # a text's margin inside its box, clear of today's heavy edge (2.2 pt)
# A squeezed text's spaces keep this part of their width before its letters
# close up (only when a week holds more kinds than its box has room for).
SQUEEZED_SPACE = 0.3
# The order the boxes' paths are drawn in: a heavier edge over a lighter
# one, today's (2.2 pt) over an over-limit week's (1.5 pt) over a plain one.
_EDGE_ORDER = ("tl-current", "tl-over")


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Shape:
    """The boxes of one look (`classes`, in timeline_drawing.css), one path."""

    classes: str
    rects: tuple[Rect, ...]


@dataclass(frozen=True)
class Edge:
    """The heavier left edge of a week in which a month begins."""

    x: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Placed:
    """A text placed in the drawing: its characters (no spaces) and where
    each begins, `y` its baseline. Built by `_place`."""

    text: str
    xs: tuple[float, ...]
    y: float
    width: float  # from the first character's start to the last one's end


@dataclass(frozen=True)
class TextRun:
    """The texts of one look, in reading order (row by row, week by week,
    line by line), as one SVG text element."""

    classes: str
    text: str
    xs: tuple[float, ...]
    ys: tuple[float, ...]


@dataclass(frozen=True)
class WeekBox:
    """A week as drawn: for tests and for reading the drawing back."""

    iso_week: int
    rect: Rect
    classes: str
    texts: tuple[Placed, ...]


@dataclass(frozen=True)
class TimelineDrawing:
    width: float
    height: float
    font_size: float  # the boxes' text; the stylesheet sets the row headings'
    weeks: tuple[tuple[WeekBox, ...], ...]  # a row of weeks for each quarter
    shapes: tuple[Shape, ...]
    edges: tuple[Edge, ...]
    runs: tuple[TextRun, ...]


def timeline_drawing(view: TimelineView) -> TimelineDrawing:
    """The drawing of `view`'s grid: its rows one under the other, its
    columns (13 weeks, 14 where a year has a week 53) across the width."""
    pitch = (WIDTH - HEAD) / view.columns
    years: list[Placed] = []
    ranges: list[Placed] = []
    weeks: list[tuple[WeekBox, ...]] = []
    for n, row in enumerate(view.rows):
        top = n * ROW_PITCH
        year, weeks_range = _heading(row, top)
        years.append(year)
        ranges.append(weeks_range)
        weeks.append(tuple(_week(cell, HEAD + column * pitch, top, pitch)
                           for column, cell in enumerate(row.cells)))
    boxes = [box for row_boxes in weeks for box in row_boxes]
    return TimelineDrawing(
        width=WIDTH, height=_round(len(weeks) * ROW_PITCH - GAP), font_size=FONT,
        weeks=tuple(weeks), shapes=_shapes(boxes),
        edges=tuple(Edge(box.rect.x, box.rect.y, _round(box.rect.y + box.rect.height))
                    for box in boxes if "tl-month-start" in box.classes.split()),
        runs=tuple(run for run in (
            _run("tl-d-year", years), _run("tl-d-range", ranges),
            _run("tl-d-cell", [t for box in boxes if "tl-outside" not in box.classes.split()
                               for t in box.texts]),
            _run("tl-d-cell tl-d-outside", [t for box in boxes if "tl-outside" in box.classes.split()
                                            for t in box.texts])) if run.text))


def _heading(row: RowView, top: float) -> tuple[Placed, Placed]:
    middle = top + BOX_HEIGHT / 2
    return (_place(row.year, 0, middle - 0.5, HEAD - GAP, FONT, bold=True),
            _place(row.weeks, 0, middle + SMALL + 1.5, HEAD - GAP, SMALL))


def _week(cell: Cell, x: float, top: float, pitch: float) -> WeekBox:
    rect = Rect(_round(x), _round(top), _round(pitch - GAP), _round(BOX_HEIGHT))
    room = rect.width - 2 * INSET
    centre = rect.x + rect.width / 2
    lines = (cell.month, cell.week_label, cell.codes, cell.hours)
    texts = tuple(_place(text, centre, top + PAD + (slot + 1) * LINE - DESCENT, room, FONT,
                         centred=True)
                  for slot, text in enumerate(lines) if text)
    return WeekBox(cell.iso_week, rect, _box_classes(cell), texts)


def _box_classes(cell: Cell) -> str:
    """The table cell's classes that give its look: a kind's colour (known
    kinds only, never stored text), and the edges of weeks outside the
    period, over the limit or today's, and of a month's first week."""
    names = ["tl-d-box"]
    if cell.main_kind is not None:
        names.append(f"tl-k-{cell.main_kind.css}")
    names += [name for name, on in (("tl-outside", cell.outside), ("tl-over", cell.over_limit),
                                    ("tl-current", cell.current),
                                    ("tl-month-start", cell.month is not None)) if on]
    return " ".join(names)


def _shapes(boxes: Iterable[WeekBox]) -> tuple[Shape, ...]:
    """One path for each look; a month's start is an edge, not a look."""
    looks: dict[str, list[Rect]] = {}
    for box in boxes:
        classes = " ".join(c for c in box.classes.split() if c != "tl-month-start")
        looks.setdefault(classes, []).append(box.rect)
    order = sorted(looks, key=lambda classes: tuple(name in classes.split() for name in _EDGE_ORDER))
    return tuple(Shape(classes, tuple(looks[classes])) for classes in order)


def _place(text: str, x: float, y: float, room: float, size: float, *, bold: bool = False,
           centred: bool = False) -> Placed:
    """`text`'s characters placed from `x` (or around it, `centred`) at their
    font's advances; a text wider than `room` has its spaces narrowed, then
    all of it squeezed, so that it stays inside its box."""
    advances = [text_metrics.advance(char, size, bold) for char in text]
    natural = sum(advances)
    if natural > room:
        advances = [a * SQUEEZED_SPACE if char == " " else a for char, a in zip(text, advances, strict=True)]
        squeezed = sum(advances)
        if squeezed > room:
            advances = [a * room / squeezed for a in advances]
    total = sum(advances)
    start = x - total / 2 if centred else x
    xs, chars, at = [], [], start
    for char, step in zip(text, advances, strict=True):
        if not char.isspace():
            xs.append(_round(at))
            chars.append(char)
        at += step
    return Placed("".join(chars), tuple(xs), _round(y), _round(total))


def _run(classes: str, texts: Iterable[Placed]) -> TextRun:
    text = ""
    xs: list[float] = []
    ys: list[float] = []
    for placed in texts:
        text += placed.text
        xs.extend(placed.xs)
        ys.extend([placed.y] * len(placed.xs))
    return TextRun(classes, text, tuple(xs), tuple(ys))


def _round(value: float) -> float:
    """A hundredth of a point: far below what shows, and short in the markup."""
    return round(value, 2)
