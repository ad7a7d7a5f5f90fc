"""The plan PDF's timeline drawing: a box for every week of the view in date
order, inside the drawing, in its kind's colour; every text inside its box
and made of the view's own labels; few elements; the drawing's colours are
the pages' colours; the glyph widths are DejaVu Sans's."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from igu_admin.documents import text_metrics
from igu_admin.documents.timeline import KIND_CODES, TimelineView, timeline_view
from igu_admin.documents.timeline_drawing import WIDTH, TimelineDrawing, WeekBox, timeline_drawing
from igu_admin.paths import PDF_TEMPLATES_DIR, STATIC_DIR

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def item(kind: str, start: str, end: str, hours: str, title: str = "Kursus") -> dict[str, str]:
    return {"kind": kind, "title": title, "start": start, "end": end, "hours": hours}


def plan_data(*items: dict[str, str], start: str = "2026-01-05",
              end: str = "2028-01-04") -> dict[str, object]:
    return {"period": {"start": start, "end": end}, "items": list(items)}


# Two years of courses: every kind, a week over the limit (two courses at
# once), a holiday, a long course name (the drawing shows no names).
ITEMS = (
    item("amu", "2026-02-02", "2026-02-27", "148", "Grundlæggende bageri " * 8),
    item("danish", "2026-03-02", "2026-06-26", "185"),
    item("fvu", "2026-09-07", "2026-10-30", "60"),
    item("avu", "2026-11-02", "2026-12-18", "50"),
    item("hf", "2027-01-04", "2027-01-29", "40"),
    item("fgu", "2027-02-01", "2027-02-26", "40"),
    item("amu", "2027-04-12", "2027-04-23", "74"),
    item("amu", "2027-04-19", "2027-04-23", "37"),
    item("amu", "2027-09-06", "2027-09-24", "111"),
)


@pytest.fixture
def view(app) -> TimelineView:
    found = timeline_view(plan_data(*ITEMS), lang="da", week_limit=37)
    assert found is not None
    return found


def boxes(drawing: TimelineDrawing) -> Iterator[WeekBox]:
    for row in drawing.weeks:
        yield from row


def test_every_week_of_the_view_has_one_box_in_date_order_inside_the_drawing(view) -> None:
    drawing = timeline_drawing(view)
    assert len(drawing.weeks) == len(view.rows)
    for row, drawn in zip(view.rows, drawing.weeks, strict=True):
        assert [box.iso_week for box in drawn] == [cell.iso_week for cell in row.cells]
        # Left to right without overlap, each box inside the drawing's width.
        for left, right in itertools.pairwise(drawn):
            assert left.rect.x + left.rect.width < right.rect.x
        assert all(box.rect.x > 0 and box.rect.x + box.rect.width <= WIDTH for box in drawn)
    # Rows top to bottom, all inside the drawing's height.
    tops = [row[0].rect.y for row in drawing.weeks]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    assert all(box.rect.y + box.rect.height <= drawing.height for box in boxes(drawing))
    assert drawing.width == WIDTH


def test_a_school_week_is_filled_with_its_main_kind_and_flags_carry_over(view) -> None:
    drawing = timeline_drawing(view)
    cells = [cell for row in view.rows for cell in row.cells]
    for cell, box in zip(cells, boxes(drawing), strict=True):
        classes = set(box.classes.split())
        kinds = {c for c in classes if c.startswith("tl-k-")}
        assert kinds == ({f"tl-k-{cell.main_kind.css}"} if cell.main_kind else set())
        assert ("tl-outside" in classes) == cell.outside
        assert ("tl-over" in classes) == cell.over_limit
        assert ("tl-month-start" in classes) == (cell.month is not None)
    assert any(cell.over_limit for cell in cells), "the plan has a week over the limit"


def test_each_box_shows_the_cells_labels_and_nothing_leaves_its_box(view) -> None:
    drawing = timeline_drawing(view)
    cells = [cell for row in view.rows for cell in row.cells]
    for cell, box in zip(cells, boxes(drawing), strict=True):
        labels = [text for text in (cell.month, cell.week_label, cell.codes, cell.hours) if text]
        assert [placed.text for placed in box.texts] == [t.replace(" ", "") for t in labels]
        for placed in box.texts:
            assert box.rect.x <= placed.xs[0] and placed.xs[0] + placed.width <= box.rect.x + box.rect.width
            assert box.rect.y < placed.y < box.rect.y + box.rect.height
            assert list(placed.xs) == sorted(placed.xs)


def test_a_week_of_every_kind_squeezes_its_letters_into_its_box(app) -> None:
    kinds = list(KIND_CODES)
    crowded = timeline_view(plan_data(*(item(kind, "2026-03-02", "2026-03-06", "5") for kind in kinds)),
                            lang="da", week_limit=37)
    assert crowded is not None
    box = next(b for b in boxes(timeline_drawing(crowded)) if len(b.texts) == 3)
    letters = box.texts[1]
    assert sorted(letters.text) == sorted(KIND_CODES.values())
    assert letters.xs[0] >= box.rect.x and letters.xs[0] + letters.width <= box.rect.x + box.rect.width


def test_a_year_with_a_week_53_gets_fourteen_columns_within_the_width(app) -> None:
    view = timeline_view(plan_data(start="2026-10-05", end="2028-10-04"), lang="en")
    assert view is not None and view.columns == 14
    drawing = timeline_drawing(view)
    assert max(b.rect.x + b.rect.width for b in boxes(drawing)) <= WIDTH


def test_the_drawing_has_an_element_per_look_and_a_character_per_position(view) -> None:
    drawing = timeline_drawing(view)
    assert len(drawing.shapes) <= 12 and len(drawing.runs) <= 4
    assert sum(len(shape.rects) for shape in drawing.shapes) == sum(1 for _ in boxes(drawing))
    for run in drawing.runs:
        assert len(run.text) == len(run.xs) == len(run.ys)
        assert not any(char.isspace() for char in run.text), "SVG would collapse spaces"
    # Reading order: the weeks' texts in the order of the boxes.
    cell_run = next(run for run in drawing.runs if run.classes == "tl-d-cell")
    assert cell_run.text == "".join(p.text for b in boxes(drawing) if "tl-outside" not in b.classes
                                    for p in b.texts)


def css_colours(text: str, pattern: str) -> dict[str, str]:
    return {kind: colour.lower() for kind, colour in re.findall(pattern, text)}


def test_the_drawing_colours_each_kind_as_the_pages_do() -> None:
    pages = (STATIC_DIR / "css" / "timeline.css").read_text(encoding="utf-8")
    drawing = (PDF_TEMPLATES_DIR / "timeline_drawing.css").read_text(encoding="utf-8")
    page_colours = css_colours(pages, r"\.tl-k-(\w+) \{ background: (#[0-9a-fA-F]+); \}")
    drawn_colours = css_colours(drawing, r"\.tl-d-box\.tl-k-(\w+) \{ fill: (#[0-9a-fA-F]+); \}")
    assert set(page_colours) == {*KIND_CODES, "other"}
    assert drawn_colours == page_colours
    # Inside an SVG an HTML parser reads "<" as a tag, even in a comment.
    assert "<" not in drawing and ">" not in drawing


@pytest.mark.skipif(not (DEJAVU / "DejaVuSans.ttf").exists(), reason="DejaVu Sans not installed")
def test_the_glyph_widths_are_dejavu_sans() -> None:
    from fontTools.ttLib import TTFont

    def widths(name: str) -> tuple[int, dict[int, str], Any]:
        font = TTFont(DEJAVU / name)
        return font["head"].unitsPerEm, font.getBestCmap(), font["hmtx"]

    units, cmap, hmtx = widths("DejaVuSans.ttf")
    assert units == text_metrics.UNITS_PER_EM
    for char, width in text_metrics.REGULAR.items():
        assert hmtx[cmap[ord(char)]][0] == width, char
    _units, bold_cmap, bold_hmtx = widths("DejaVuSans-Bold.ttf")
    assert {bold_hmtx[bold_cmap[ord(d)]][0] for d in "0123456789"} == {text_metrics.BOLD_DIGIT}


def test_heavier_edges_are_drawn_over_lighter_ones(app) -> None:
    """Plain boxes first, then a week over the limit, today's week last: its
    heavy frame lies on top where neighbouring frames meet."""
    # Today in the week before the one over the limit (2027-04-19).
    view = timeline_view(plan_data(*ITEMS), lang="da", week_limit=37, today=date(2027, 4, 14))
    assert view is not None
    looks = [shape.classes.split() for shape in timeline_drawing(view).shapes]
    weights = [2 if "tl-current" in look else 1 if "tl-over" in look else 0 for look in looks]
    assert weights == sorted(weights)
    assert weights[-1] == 2 and 1 in weights
