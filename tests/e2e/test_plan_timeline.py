"""The plan's timeline as a page shows it (the markup the PDF draws too):
axe-core WCAG 2.1 AA in Danish and English, and reflow at 320 px with the
grid scrolling in its own keyboard-reachable region."""

from __future__ import annotations

from datetime import date

import pytest

from igu_admin.documents.timeline import render_timeline, timeline_view
from tests.conftest import make_app
from tests.e2e.test_browser import assert_accessible

PLAN = {
    "period": {"start": "2026-03-02", "end": "2028-03-01"},
    "items": [
        {"kind": "amu", "title": "Grundlæggende bageri", "start": "2026-03-23",
         "end": "2026-04-10", "hours": "96.20"},
        {"kind": "danish", "title": "Danskuddannelse 2, modul 3", "start": "2026-04-13",
         "end": "2026-12-18", "hours": "260.00"},
        {"kind": "amu", "title": "Hygiejne", "start": "2026-09-07", "end": "2026-09-11",
         "hours": "37.00"},
        {"kind": "fvu", "title": "FVU-læsning", "start": "2027-01-04", "end": "2027-03-26",
         "hours": "60.00"},
    ],
}


def timeline_page(live_server: str, lang: str) -> str:
    with make_app("sqlite://").app_context():
        view = timeline_view(PLAN, lang=lang, today=date(2026, 11, 23), week_limit=37)
        markup = render_timeline(view, "plan-timeline")
    title = "Tidslinje" if lang == "da" else "Timeline"
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{title}</title>'
            f'<link rel="stylesheet" href="{live_server}/static/vendor/dkfds/css/dkfds-virkdk.min.css">'
            f'<link rel="stylesheet" href="{live_server}/static/css/timeline.css"></head>'
            f'<body><main class="container"><h1>{title}</h1>{markup}</main></body></html>')


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_timeline_is_accessible_and_scrolls_inside_its_region_at_320_pixels(
        page, live_server: str, lang: str) -> None:
    page.set_content(timeline_page(live_server, lang), wait_until="load")
    assert page.locator(".tl-grid td.tl-school").count() > 40
    assert_accessible(page, f"timeline ({lang})")
    region = page.get_by_role("region")
    assert region.count() == 1
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.evaluate("document.querySelector('.tl-scroll').scrollWidth") > 320
    region.focus()
    assert page.evaluate("document.activeElement.classList.contains('tl-scroll')")
    assert_accessible(page, f"timeline at 320px ({lang})")
