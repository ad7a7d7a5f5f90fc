"""The case page shows the agreement's terms itself (job, workplace, hours,
collective agreement, wages as money, terms, the wage points to check), and
its audit trail says what changed field by field (money and dates written
for people) and how the change came in, in words."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html import unescape

from flask_babel import force_locale
from sqlalchemy import select

from igu_admin.core import audit, wage_rates
from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import AuditEvent
from igu_admin.services import agreements
from igu_admin.services.review import decisions
from igu_admin.testing.agreements import CPR
from igu_admin.testing.reviews import Case, submitted_case
from igu_admin.web.pages.caseworker.labels import channel_label


def _page(client, case: Case) -> str:
    return unescape(client.get(f"/caseworker/agreements/{case.agreement.id}")
                    .get_data(as_text=True))


def _section(html: str, name: str) -> str:
    start = html.index(f'data-section="{name}"')
    end = html.find("</section>", start)
    return html[start:end]


def _term(html: str, path: str) -> str:
    found = re.search(rf'<dd data-term="{re.escape(path)}"[^>]*>(.*?)</dd>', html, re.S)
    assert found is not None, path
    return found.group(1).strip()


def _event_rows(html: str, action: str) -> list[str]:
    return re.findall(rf'<tr data-event="{action}">(.*?)</tr>', _section(html, "events"), re.S)


def _sent_back_and_changed(case: Case, changes: dict, channel: str = "web") -> None:
    decisions.decide_agreement(case.caseworker, case.agreement, "request_changes",
                               "Ret timer og løn.", case.agreement.lock_version)
    with audit.channel(channel):
        agreements.update_draft(case.employer, case.agreement, parse_changes(changes),
                                case.agreement.lock_version)
    db.session.commit()


# --- the terms ----------------------------------------------------------------

def test_the_case_page_shows_the_agreements_terms_with_wages_as_money(
        app, client, auth) -> None:
    case = submitted_case()
    auth.login(case.caseworker.email)
    terms = _section(_page(client, case), "terms")
    assert _term(terms, "job_title") == "Bagermedhjælper"
    assert _term(terms, "tasks") == "Bagning af rugbrød"
    assert _term(terms, "workplace_address") == "Bagergade 1, 1000 København K"
    assert _term(terms, "weekly_hours") == "37 timer"
    rate = wage_rates.find("hk-detail")
    assert rate is not None
    assert _term(terms, "collective_agreement") == rate.title("da")
    assert _term(terms, "wage.year1") == "12.132,00\xa0kr. pr. måned"
    assert _term(terms, "wage.year2") == "13.429,00\xa0kr. pr. måned"
    assert _term(terms, "terms.holiday") == "Efter ferieloven"
    assert _term(terms, "terms.notice") == "Efter overenskomsten"
    assert _term(terms, "terms.other") == "Ikke angivet"


def test_the_case_page_shows_each_wage_point_to_check(app, client, auth) -> None:
    case = submitted_case()
    case.agreement.wage_rate_year1 = Decimal("100.00")  # far below any collective agreement
    db.session.commit()
    with app.test_request_context(headers={"Accept-Language": "da"}), force_locale("da"):
        warnings = agreements.review(case.agreement, everywhere=True).warnings
    assert any(w.code == "wage_below_table" for w in warnings)
    auth.login(case.caseworker.email)
    terms = _section(_page(client, case), "terms")
    assert "data-wage-warnings" in terms
    for warning in warnings:
        assert f'data-warning="{warning.code}"' in terms
        assert unescape(warning.message) in terms
    assert _term(terms, "wage.year1") == "100,00\xa0kr. pr. måned"


# --- the audit trail ----------------------------------------------------------

def test_an_agreements_change_reads_field_by_field_with_money_formatted(
        app, client, auth) -> None:
    case = submitted_case()
    _sent_back_and_changed(case, {"weekly_hours": "30.00", "wage": {"year1": "12500.00"},
                                  "trainee": {"registered_since": "2024-03-01"}})
    auth.login(case.caseworker.email)
    [row] = _event_rows(_page(client, case), "updated")
    assert "Ugentlig arbejdstid: 37 → 30" in row
    assert "Løn 1. år: 12.132,00\xa0kr. → 12.500,00\xa0kr." in row
    assert "1. februar 2024 → 1. marts 2024" in row
    assert "Stillingsbetegnelse" not in row  # only what changed
    assert "på siden" in row


def test_each_channel_reads_as_words(app) -> None:
    with app.test_request_context(), force_locale("da"):
        assert {code: channel_label(code) for code in audit.CHANNELS} == {
            "web": "på siden", "api": "via API", "cli": "import", "job": "automatisk",
            "system": "automatisk", "import": "ved import af forløb"}


def test_the_audit_trail_says_how_and_what_in_words(app, client, auth) -> None:
    case = submitted_case()
    _sent_back_and_changed(case, {"weekly_hours": "30.00"}, channel="api")
    auth.login(case.caseworker.email)
    html = _page(client, case)
    [row] = _event_rows(html, "updated")
    assert re.search(r'data-channel="api">via API<', row)
    [sent_back] = _event_rows(html, "request_changes")
    assert "Status: Afventer godkendelse → Sendt tilbage til rettelser" in sent_back
    assert re.search(r'data-channel="system">automatisk<', sent_back)


def test_an_older_change_without_values_still_reads_sensibly(app, client, auth) -> None:
    case = submitted_case()
    db.session.add(AuditEvent(actor_id=case.employer.id, actor_label=case.employer.email,
                              actor_role="employer", channel="web", entity_type="agreement",
                              entity_id=str(case.agreement.id), action="updated",
                              after={"fields": ["weekly_hours", "wage.year1"]}))
    db.session.commit()
    auth.login(case.caseworker.email)
    [row] = _event_rows(_page(client, case), "updated")
    assert "Ændret: Ugentlig arbejdstid, Løn 1. år" in row


def test_a_changed_cpr_number_is_named_and_never_kept(app, client, auth) -> None:
    case = submitted_case()
    _sent_back_and_changed(case, {"trainee": {"cpr": "150595-1236"}})
    stored = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "updated")).one()
    kept = json.dumps([stored.before, stored.after])
    for digits in ("1505951236", "150595-1236", CPR, CPR.replace("-", "")):
        assert digits not in kept
    auth.login(case.caseworker.email)
    [row] = _event_rows(_page(client, case), "updated")
    assert "Ændret: IGU-elevens CPR-nummer" in row


def test_a_cpr_number_typed_into_free_text_is_masked_in_the_audit(app, client, auth) -> None:
    case = submitted_case()
    _sent_back_and_changed(case, {"tasks": "Bagning; elevens CPR 150595-1236 til lønnen"})
    stored = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "updated")).one()
    kept = json.dumps([stored.before, stored.after])
    assert "150595-1236" not in kept and "XXXXXX-XXXX" in kept


def test_the_same_cpr_number_saved_again_is_not_said_to_change(app, client, auth) -> None:
    case = submitted_case()
    _sent_back_and_changed(case, {"trainee": {"cpr": CPR, "name": "Amal Ø. Østergård"}})
    auth.login(case.caseworker.email)
    [row] = _event_rows(_page(client, case), "updated")
    assert "IGU-elevens navn: Amal Østergård → Amal Ø. Østergård" in row
    assert "CPR" not in row and "Ændret:" not in row


def test_a_save_that_changes_nothing_lists_no_fields(app, client, auth) -> None:
    case = submitted_case()
    _sent_back_and_changed(case, {"weekly_hours": "37.00", "job_title": "Bagermedhjælper"})
    auth.login(case.caseworker.email)
    [row] = _event_rows(_page(client, case), "updated")
    assert re.search(r"<td data-event-changes>\s*-\s*</td>", row), row
