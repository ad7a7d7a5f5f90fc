"""The plan PDF's timeline as one drawing: pdftotext reads every label and
date of its grid as the table's were read, the PDF's HTML holds one <svg>
and no table of weeks, text in the drawing is escaped, and the pages keep
their table."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from dataclasses import replace

from igu_admin.core import plan_snapshot, rules_in_force
from igu_admin.documents import plan_pdf
from igu_admin.documents import timeline as plan_timeline_view
from igu_admin.documents.render import DocumentInfo, environment, html_to_pdf, render_html
from igu_admin.documents.timeline import TimelineView
from igu_admin.documents.timeline_drawing import timeline_drawing
from igu_admin.models import SchoolingPlan
from igu_admin.testing.plans import make_plan, plan_agreement, submit_version


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def view_of(plan: SchoolingPlan) -> TimelineView:
    """The plan's view without today's week (a version marks the week it was
    sent in), with the rule set's weekly limit."""
    view = plan_timeline_view.timeline_view(
        plan_snapshot.snapshot(plan), lang="da",
        week_limit=rules_in_force.in_force_for(plan.agreement).schooling.hours_per_week)
    assert view is not None
    return view


def words(text: str) -> Counter[str]:
    """The words of `text` as pdftotext tells them apart: a sign sits close
    to its week's number (and may read as one word with it, as it did in the
    table), and today's week, which a version marks, is left out."""
    return Counter(re.sub(r"\s*([✱!])", r"\1", text.replace("▼", "")).split())


def grid_text(view: TimelineView) -> str:
    """Every text the grid shows: each row's year and weeks, each week's
    month, number and signs, kinds' letters and hours."""
    texts = []
    for row in view.rows:
        texts += [row.year, row.weeks]
        for cell in row.cells:
            texts += [text for text in (cell.month, cell.week_label, cell.codes, cell.hours) if text]
    return "\n".join(texts)


def test_pdftotext_reads_every_label_and_date_of_the_drawn_timeline(app) -> None:
    plan = make_plan(plan_agreement())
    view = view_of(plan)
    text = pdftotext(submit_version(plan).pdf)
    grid = text[text.index(view.caption) + len(view.caption):text.index("Signaturforklaring")]
    assert words(grid) == words(grid_text(view))
    # Dates as a reader searches for them: a month's name, a year, a row's weeks.
    assert {"apr.", "2027", "uge", "14\N{EN DASH}26"} <= set(grid.split())


def test_the_pdf_draws_the_grid_as_one_svg_and_pages_keep_the_table(app) -> None:
    plan = make_plan(plan_agreement())
    html = plan_pdf.version_html(submit_version(plan))
    assert html.count("<svg") == 1 and 'class="tl-grid"' not in html and 'class="tl-week' not in html
    # The drawing is labelled by the caption, and the list of elements follows it.
    assert 'role="img" aria-labelledby="plan-timeline-caption"' in html
    assert html.index("<svg") < html.index('class="tl-legend"') < html.index('class="tl-list"')
    page = str(plan_timeline_view.plan_timeline(plan, lang="da"))
    assert "<svg" not in page and 'class="tl-grid"' in page


def test_text_in_the_drawing_is_escaped_and_printed_as_typed(app) -> None:
    plan = make_plan(plan_agreement())
    view = view_of(plan)
    # A row heading as hostile text, to see the template escape what it places.
    hostile = "<b>&amp;"
    view = replace(view, rows=(replace(view.rows[0], weeks=hostile), *view.rows[1:]))
    drawing = timeline_drawing(view)
    markup = environment().from_string(
        '{% from "partials/timeline_drawing.html" import timeline_drawing %}'
        '{{ timeline_drawing(view, drawing) }}').render(view=view, drawing=drawing)
    assert "&lt;b&gt;&amp;amp;" in markup and "<b>" not in markup
    info = DocumentInfo(title="t", lang="da", author="a", created=plan.agreement.created_at)
    html = render_html("base.html", {}, info).replace("</body>", markup + "</body>")
    assert hostile in pdftotext(html_to_pdf(html))
