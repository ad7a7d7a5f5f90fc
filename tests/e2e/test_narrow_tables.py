"""At 320 px the caseworker's queue and the finance tables reflow (DKFDS's
responsive table): each row a block, the columns that matter first (name,
status, what is due), no cell beyond the right edge of the screen and no
sideways scrolling of the page; axe-core on each."""

from __future__ import annotations

from datetime import date, timedelta

from igu_admin.domain.dates import add_months
from igu_admin.extensions import db
from igu_admin.models import AgreementStatus, Role
from igu_admin.testing.accounts import make_company
from igu_admin.testing.agreements import make_agreement
from igu_admin.testing.claims import approved
from tests.e2e.conftest import USERS
from tests.e2e.test_browser import assert_accessible, login

WIDTH = 320
# Every cell's box, and the widest right edge; the page's own width.
_CELLS = """() => {
  const cells = [...document.querySelectorAll('main table th, main table td')]
    .filter(c => c.getClientRects().length);
  return {count: cells.length,
          right: Math.max(...cells.map(c => c.getBoundingClientRect().right)),
          page: document.documentElement.scrollWidth};
}"""
# The vertical order of a row's cells, by the column each one names.
_ORDER = """row => [...row.querySelectorAll('th, td')]
  .filter(c => c.getClientRects().length && c.dataset.title)
  .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
  .map(c => c.dataset.title)"""


def _fits(page, what: str) -> None:
    measured = page.evaluate(_CELLS)
    assert measured["count"] > 0, what
    assert measured["right"] <= WIDTH, f"{what}: a cell reaches {measured['right']} px"
    assert measured["page"] <= WIDTH, f"{what}: the page is {measured['page']} px wide"


def test_the_queue_reflows_at_320_pixels_name_and_status_first(page, live_app) -> None:
    with live_app.app_context():
        company = make_company("101", name="Konditoriet Langelinie og Søndre Havn ApS")
        waiting = make_agreement(company, start=date.today() + timedelta(days=10))
        make_agreement(company, status=AgreementStatus.APPROVED,
                       start=date.today() + timedelta(days=60))
        waiting_id = waiting.id
        db.session.remove()
    login(page, USERS[Role.CASEWORKER])
    page.goto("/language/da?next=/caseworker/")
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto("/caseworker/?status=all")
    assert page.locator("tr[data-agreement]").count() >= 2
    _fits(page, "queue")
    order = page.locator(f"tr[data-agreement='{waiting_id}']").evaluate(_ORDER)
    assert order[:3] == ["IGU-elev", "Status", "Kræver opmærksomhed"], order
    assert_accessible(page, "queue at 320px")


def test_the_finance_tables_reflow_at_320_pixels_status_and_due_first(page, live_app) -> None:
    first = date.today().replace(day=1)
    with live_app.app_context():
        company = make_company("101", name="Rengøringsselskabet Nordvest og Omegn ApS")
        approved(company, start=add_months(first, -3))
        db.session.remove()
    login(page, USERS[Role.FINANCE])
    page.goto("/language/da?next=/finance/")
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto("/finance/")
    assert page.locator("tr[data-claim]").count() >= 1
    assert page.locator("main table").count() == 4  # the months, two totals, the claims
    _fits(page, "finance")
    order = page.locator("tr[data-claim]").first.evaluate(_ORDER)
    assert order[:3] == ["Krav", "Status", "Forfaldsdato"], order
    assert_accessible(page, "finance tables at 320px")
