"""The finance officer's claims: the filtered list with its totals and chart,
the exports read back, bulk marking with an audit event per claim, and the
calendar feeds; each within its tenancy."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import select

from igu_admin.core.unit_of_work import unit_of_work
from igu_admin.documents.claim_export import danish_amount, danish_date
from igu_admin.extensions import db
from igu_admin.jobs.claims_due import claims_due_step
from igu_admin.models import AuditEvent, ClaimStatus, Role
from igu_admin.services import claims
from igu_admin.services.agreements import trainees
from igu_admin.services.claims import queries as claim_queries
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.claims import approved, claims_of
from tests.conftest import csrf_token


@pytest.fixture
def world(app):
    mine = approved(programme_start=date(2025, 6, 1))  # due 1 September 2026
    later = approved(make_company("101", name="=HYPERLINK(\"x\") ApS"), start=date(2026, 6, 1))
    far = approved(make_company("751"))
    far.municipality_code = "751"
    db.session.commit()
    claims_due_step(date(2026, 12, 15))
    return {"mine": mine, "later": later, "far": far,
            "finance": make_user(Role.FINANCE, municipality="101")}


def page_claims(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr data-claim="(\d+)"', html)]


def test_the_list_filters_a_due_period_and_totals_it(app, client, auth, world) -> None:
    auth.login(world["finance"].email)
    html = client.get("/finance/?due_from=01.11.2026&due_to=31.12.2026").get_data(as_text=True)
    later_six = claims_of(world["later"])["company_bonus_6_months"]
    assert page_claims(html) == [later_six.id]  # due 1 December 2026
    assert "1 krav, 20.000,00\xa0kr. i alt." in html
    everything = client.get("/finance/").get_data(as_text=True)
    assert len(page_claims(everything)) == 5  # 3 + 2 in 101; none of 751
    far_ids = {c.id for c in claims_of(world["far"]).values()}
    assert not far_ids & set(page_claims(everything))


def test_a_date_typed_wrong_is_shown_and_left_out_of_the_filter(app, client, auth, world) -> None:
    auth.login(world["finance"].email)
    html = client.get("/finance/?due_from=31.02.2026").get_data(as_text=True)
    assert "<title>Fejl:" in html and 'aria-invalid="true"' in html
    assert len(page_claims(html)) == 5


def test_the_list_pages_through_the_claims(app, client, auth, world, monkeypatch) -> None:
    from igu_admin.web.pages.finance import home as finance

    monkeypatch.setattr(finance, "PAGE_SIZE", 2)
    auth.login(world["finance"].email)
    seen, url = [], "/finance/?beneficiary=company"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += page_claims(html)
        found = re.search(r'href="([^"]+)" rel="next"', html)
        url = found.group(1).replace("&amp;", "&") if found else None
    assert len(seen) == len(set(seen)) == 4


def test_the_chart_shows_the_coming_twelve_months_as_svg_and_as_a_table(app, client, auth,
                                                                        world, monkeypatch) -> None:
    from igu_admin.web.pages.finance import home as finance

    monkeypatch.setattr(finance, "today", lambda: date(2026, 8, 20))
    auth.login(world["finance"].email)
    html = client.get("/finance/").get_data(as_text=True)
    start = html.index("<svg viewBox")
    svg = html[start:html.index("</svg>", start)]
    assert 'role="img"' in svg and 'aria-labelledby="chart-caption chart-description"' in svg
    assert svg.count("<g>") == 12  # August 2026 to July 2027
    assert 'fill="url(#pattern-company)"' in svg and 'fill="url(#pattern-municipality)"' in svg
    # September 2026: 20.000 + 88.817 (the grant); December: 20.000. In thousands.
    assert ">108,8</text>" in svg and ">20</text>" in svg
    assert "september 2026" in html and "108.817,00\xa0kr." in html


def test_the_months_come_out_with_nothing_due_in_some(app, world) -> None:
    months = claim_queries.coming_months(world["finance"], date(2026, 8, 20))
    assert [m.month for m in months][:2] == [date(2026, 8, 1), date(2026, 9, 1)]
    assert months[0].total == 0
    assert (months[1].company, months[1].municipality) == (Decimal("20000.00"),
                                                           Decimal("88817.00"))


def _export(client, kind: str, query: str = "") -> bytes:
    response = client.get(f"/finance/claims/export.{kind}{query}", buffered=True)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    return response.get_data()


def test_the_csv_export_is_danish_and_safe(app, client, auth, world) -> None:
    auth.login(world["finance"].email)
    data = _export(client, "csv", "?beneficiary=company")
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    assert header == ["Aftalenummer", "Kravnummer", "Krav", "Modtager", "Virksomhed",
                      "CVR-nummer", "Kommunekode", "Beløb (kr.)", "Forfaldsdato", "Frist",
                      "Status", "Sendt den", "Reference", "Udbetalt den", "Udbetalt beløb (kr.)"]
    by_company = {r[4]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    # A name a spreadsheet would run as a formula is written as text.
    assert "'=HYPERLINK(\"x\") ApS" in by_company
    mine = by_company[world["mine"].company.name]
    assert mine["Beløb (kr.)"] == "20000,00" and mine["Modtager"] == "Virksomhed"
    assert mine["Frist"] in ("", "01-03-2029")
    cpr = trainees.display_cpr(world["mine"].trainee, full=True)
    assert cpr not in text and world["mine"].trainee_name not in text


def test_the_xlsx_export_has_danish_formats_a_frozen_header_and_totals(app, client, auth,
                                                                       world) -> None:
    auth.login(world["finance"].email)
    workbook = load_workbook(io.BytesIO(_export(client, "xlsx")))
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    assert rows[0][0].font.b
    amount, due = header.index("Beløb (kr.)"), header.index("Forfaldsdato")
    first = rows[1]
    assert first[amount].value == 20000 and first[amount].number_format == "#,##0.00"
    assert first[due].value.date() == date(2026, 9, 1)
    assert first[due].number_format == "dd-mm-yyyy"
    totals = rows[-1]
    assert totals[0].value == "I alt" and totals[amount].value == 20000 * 4 + 88817


def test_the_export_keeps_the_pages_filter(app, client, auth, world) -> None:
    auth.login(world["finance"].email)
    html = client.get("/finance/?beneficiary=municipality").get_data(as_text=True)
    link = re.search(r'href="([^"]+)" data-export="csv"', html).group(1).replace("&amp;", "&")
    rows = list(csv.reader(io.StringIO(_export(client, "csv", link[link.index("?"):])
                                       .decode("utf-8-sig")), delimiter=";"))
    assert [r[2] for r in rows[1:]] == ["Resultattilskud til kommunen"]


def test_other_roles_cannot_export(app, client, auth, world) -> None:
    auth.login(make_user(Role.EMPLOYER, company=world["mine"].company).email)
    assert client.get("/finance/claims/export.csv").status_code == 403
    assert client.get("/finance/").status_code == 403


def test_bulk_marking_records_each_claim_with_its_audit_event(app, client, auth, world) -> None:
    grant = claims_of(world["mine"])["municipality_result_grant"]
    six = claims_of(world["mine"])["company_bonus_6_months"]
    with unit_of_work():
        grant.status = ClaimStatus.PREPARED
    auth.login(world["finance"].email)
    html = client.get("/finance/").get_data(as_text=True)
    # Only the municipality's own claims can be chosen.
    assert f'value="{grant.id}"' in html and f'value="{six.id}"' not in html
    response = client.post("/finance/claims/bulk?status=prepared", data={
        "csrf_token": csrf_token(client, "/finance/"), "claim_ids": [str(grant.id), str(six.id)],
        "action": "submit", "on": "20.10.2026", "reference": "KL-2026-10"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/finance/?status=prepared"
    grant = claims_of(world["mine"])["municipality_result_grant"]
    assert (grant.status, grant.reference, grant.submitted_on) == (
        ClaimStatus.SUBMITTED, "KL-2026-10", date(2026, 10, 20))
    assert claims_of(world["mine"])["company_bonus_6_months"].status == ClaimStatus.DUE
    paid = client.post("/finance/claims/bulk", data={
        "csrf_token": csrf_token(client, "/finance/"), "claim_ids": [str(grant.id)],
        "action": "record_payment", "on": "22.10.2026"})
    assert paid.status_code == 302
    grant = claims_of(world["mine"])["municipality_result_grant"]
    assert (grant.status, grant.paid_amount) == (ClaimStatus.PAID, Decimal("88817.00"))
    events = list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.entity_type == "claim", AuditEvent.entity_id == str(grant.id))
        .order_by(AuditEvent.id)))
    assert events[-2:] == ["submit", "record_payment"]


def test_bulk_marking_never_reaches_another_municipality(app, client, auth, world) -> None:
    far_grant = claims_of(world["far"])["company_bonus_6_months"]
    auth.login(world["finance"].email)
    client.post("/finance/claims/bulk", data={
        "csrf_token": csrf_token(client, "/finance/"), "claim_ids": [str(far_grant.id)],
        "action": "submit", "on": "20.10.2026", "reference": "X"})
    assert claims_of(world["far"])["company_bonus_6_months"].status == ClaimStatus.DUE


def test_bulk_marking_in_the_service_skips_what_it_may_not_change(app, world) -> None:
    grant = claims_of(world["mine"])["municipality_result_grant"]
    six = claims_of(world["mine"])["company_bonus_6_months"]
    result = claims.bulk_record(world["finance"], [grant, six], "submit", date(2026, 10, 1),
                                "REF")
    assert result.changed == () and set(result.skipped) == {grant.id, six.id}


def _feed_address(client, area: str) -> str:
    html = client.post(f"/{area}/calendar", data={
        "csrf_token": csrf_token(client, f"/{area}/calendar")}).get_data(as_text=True)
    return re.search(r'id="calendar-address">([^<]+)<', html).group(1)


def test_the_municipalitys_calendar_holds_its_own_claims_without_personal_data(
        app, client, auth, world) -> None:
    auth.login(world["finance"].email)
    address = _feed_address(client, "finance")
    assert address.startswith("http://localhost/calendar/") and address.endswith(".ics")
    auth.logout()
    response = client.get(address.removeprefix("http://localhost"))
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = list(calendar.walk("VEVENT"))
    grant = claims_of(world["mine"])["municipality_result_grant"]
    assert [str(e["SUMMARY"]) for e in events] == [
        f"Bonuskrav forfalder: Resultattilskud til kommunen, aftale nr. {world['mine'].id}"]
    assert events[0].decoded("DTSTART") == grant.due_date
    assert str(events[0]["UID"]).startswith(f"claim-{grant.id}-due@")
    text = response.data.decode()
    cpr = trainees.display_cpr(world["mine"].trainee, full=True)
    assert world["mine"].trainee_name not in text and cpr not in text
    assert cpr.replace("-", "") not in text


def test_the_companys_calendar_holds_its_claims_with_their_deadlines(app, client, auth,
                                                                    world) -> None:
    auth.login(make_user(Role.EMPLOYER, company=world["mine"].company).email)
    address = _feed_address(client, "employer").removeprefix("http://localhost")
    calendar = Calendar.from_ical(client.get(address).data)
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    number = world["mine"].id
    assert summaries == [
        f"Bonuskrav forfalder: Virksomhedsbonus efter 6 måneder, aftale nr. {number}",
        f"Bonuskrav forfalder: Virksomhedsbonus for gennemført IGU, aftale nr. {number}",
        f"Frist for bonuskrav: Virksomhedsbonus for gennemført IGU, aftale nr. {number}"]


def test_renewing_the_address_ends_the_old_one(app, client, auth, world) -> None:
    auth.login(world["finance"].email)
    old = _feed_address(client, "finance").removeprefix("http://localhost")
    new = _feed_address(client, "finance").removeprefix("http://localhost")
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    page = client.get("/finance/calendar").get_data(as_text=True)
    assert new.split("/")[-1].removesuffix(".ics") not in page  # shown once, never again


def test_danish_formats_of_the_csv() -> None:
    assert danish_amount(Decimal("1234567.5")) == "1234567,50"
    assert danish_date(date(2028, 2, 29)) == "29-02-2028"
