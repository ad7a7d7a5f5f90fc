"""The schooling plan builder, page by page, as a browser without JavaScript
posts it: add, change, remove and move elements, the Danish test, the rules'
findings and the running total, a stale page, sending the plan and its
receipt; the caseworker's read-only plan; the deadline on "Mine IGU-forløb";
tenancy on every route."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from igu_admin.core import rules_in_force
from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.inputs.plan import parse_plan
from igu_admin.models import Agreement, AgreementStatus, PlanStatus, Role, SchoolingPlan, User
from igu_admin.services import agreements
from igu_admin.services.plans import building as schooling_plans
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import START, complete_agreement, make_agreement
from igu_admin.testing.plans import AMU_NUMBER, free_mondays, weeks_plan
from tests.conftest import Auth, csrf_token

LOCK = re.compile(r'name="lock_version" type="hidden" value="(\d+)"')
FORM_ERROR = re.compile(r'<span class="form-error-message" id="([a-z_]+)-error">'
                        r'<span class="sr-only">[^<]*</span>([^<]*)</span>')


def required_weeks() -> int:
    selection = rules_in_force.catalogue().select(rules_in_force.default_mode(), START)
    return selection.ruleset.as_of(START).schooling.weeks


def typed(day: date) -> str:
    return day.strftime("%d.%m.%Y")


class Builder:
    """Posts the builder's forms the way its pages do: the page's CSRF token
    and the lock_version the page was read at."""

    def __init__(self, client: FlaskClient, agreement_id: int) -> None:
        self.client = client
        self.id = agreement_id
        self.url = f"/employer/agreements/{agreement_id}/plan"

    def page(self, url: str | None = None) -> str:
        response = self.client.get(url or self.url)
        assert response.status_code == 200, response.status_code
        return unescape(response.get_data(as_text=True))

    def read(self, url: str | None = None) -> tuple[str, str]:
        html = self.page(url)
        match = LOCK.search(html)
        assert match, "no lock_version on the page"
        return csrf_token(self.client, url or self.url), match.group(1)

    def post(self, path: str, data: dict[str, Any], page: str | None = None,
             lock_version: str | None = None) -> Any:
        token, lock = self.read(page)
        return self.client.post(self.url + path, data={
            "csrf_token": token, "lock_version": lock if lock_version is None else lock_version,
            **data})

    def add(self, element: dict[str, str], **kwargs: Any) -> Any:
        return self.post("/elements/new", element, page=self.url + "/elements/new", **kwargs)

    def change(self, number: int, element: dict[str, str], **kwargs: Any) -> Any:
        return self.post(f"/elements/{number}", element, page=f"{self.url}/elements/{number}",
                         **kwargs)

    def remove(self, number: int, **kwargs: Any) -> Any:
        return self.post(f"/elements/{number}/remove", {}, **kwargs)

    def move(self, number: int, direction: str, **kwargs: Any) -> Any:
        return self.post(f"/elements/{number}/move/{direction}", {}, **kwargs)

    def submit(self, **kwargs: Any) -> Any:
        return self.post("/submit", {}, **kwargs)


def week_element(monday: date, title: str = "Truckcertifikat", hours: str = "37",
                 kind: str = "amu") -> dict[str, str]:
    """A school week as typed into the form: Danish dates and hours."""
    return {"kind": kind, "title": title, "provider": "Roskilde Tekniske Skole",
            "course_number": AMU_NUMBER if kind == "amu" else "", "start": typed(monday),
            "end": typed(monday + timedelta(days=4)), "hours": hours, "note": ""}


@pytest.fixture
def employer(app) -> User:
    return make_user(Role.EMPLOYER, company=make_company("101"))


@pytest.fixture
def agreement(employer: User) -> Agreement:
    return agreements.create_draft(employer, parse_changes(complete_agreement()))


@pytest.fixture
def builder(client: FlaskClient, auth: Auth, employer: User, agreement: Agreement) -> Builder:
    auth.login(employer.email)
    return Builder(client, agreement.id)


def stored(agreement: Agreement) -> SchoolingPlan | None:
    db.session.expire_all()
    return schooling_plans.find_plan(agreement)


def save(employer: User, agreement: Agreement, items: list[dict[str, Any]],
         lock_version: int = 0, passed: bool = False) -> SchoolingPlan:
    return schooling_plans.save_plan(employer, agreement, parse_plan(
        {"items": items, "passed_danish_test": passed}), lock_version)


def submit_agreement(employer: User, agreement: Agreement) -> None:
    agreements.submit(employer, agreement, agreement.lock_version)


def plan_count() -> int:
    return db.session.scalar(select(func.count()).select_from(SchoolingPlan)) or 0


# --- the page ------------------------------------------------------------------

def test_an_agreement_without_a_plan_shows_an_empty_plan_with_its_errors_and_total(
        builder: Builder) -> None:
    html = builder.page()
    assert "<h1>Undervisningsplan</h1>" in html
    assert f"0,0 af {required_weeks()} uger" in html
    assert f'data-required-weeks="{required_weeks()}"' in html
    assert "Planen har ingen elementer endnu." in html
    codes = re.findall(r'<li data-code="([a-z_]+)"><a href="#plan-total"', html)
    assert {"required_kind_missing", "weeks_short"} <= set(codes)
    assert 'data-plan-status="none"' in html
    assert plan_count() == 0  # reading makes nothing


def test_the_agreement_page_leads_to_its_plan(builder: Builder, agreement: Agreement) -> None:
    html = builder.page(f"/employer/agreements/{agreement.id}")
    assert f'href="/employer/agreements/{agreement.id}/plan" data-plan-link' in html


def test_adding_an_element_saves_it_and_shows_it_with_its_counted_weeks(
        builder: Builder, agreement: Agreement) -> None:
    monday = free_mondays(START, 1)[0]
    response = builder.add(week_element(monday))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/plan#element-1")
    plan = stored(agreement)
    assert plan is not None and len(plan.items) == 1
    item = plan.items[0]
    assert (item.kind, item.title, item.course_number, item.start_date, item.hours) == (
        "amu", "Truckcertifikat", AMU_NUMBER, monday, 37)
    html = builder.page()
    assert "Element 1 (AMU: Truckcertifikat) er tilføjet." in html
    element = html[html.index('id="element-1"'):html.index("</li>", html.index('id="element-1"'))]
    assert 'data-counted-weeks="1.0"' in element
    assert "Roskilde Tekniske Skole" in element and AMU_NUMBER in element
    assert f"1,0 af {required_weeks()} uger" in html


def test_a_non_amu_element_keeps_no_course_number_and_danish_education_counts_double(
        builder: Builder, agreement: Agreement) -> None:
    monday = free_mondays(START, 1)[0]
    element = week_element(monday, "Danskuddannelse 2", kind="danish")
    element["course_number"] = "12345"
    assert builder.add(element).status_code == 302
    assert stored(agreement).items[0].course_number == ""
    html = builder.page()
    rule = rules_in_force.in_force_for(agreement).schooling
    weeks = "2,0" if "danish" in rule.double_counted_kinds else "1,0"
    assert f"{weeks} af {required_weeks()} uger" in html


def test_input_errors_are_shown_at_their_fields_with_every_value_kept(
        builder: Builder, agreement: Agreement) -> None:
    response = builder.add({"kind": "amu", "title": "", "course_number": "12",
                            "provider": "Skolen", "start": "31.02.2027", "end": "i morgen",
                            "hours": "mange", "note": "Husk madpakke"})
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    assert re.search(r"<title>Fejl: ", html)
    errors = dict(FORM_ERROR.findall(html))
    assert set(errors) == {"title", "course_number", "start", "end", "hours"}
    assert errors["course_number"] == "Indtast AMU-nummeret som 5 cifre, for eksempel 42994."
    for field in errors:
        assert f'href="#{field}"' in html  # the error summary links to the field
        control = re.search(rf'<(input|textarea)[^>]*id="{field}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in control and f"{field}-error" in control
    for kept in ('value="12"', 'value="Skolen"', 'value="31.02.2027"', 'value="i morgen"',
                 'value="mange"', "Husk madpakke"):
        assert kept in html
    assert re.search(r'<input checked [^>]*id="kind-0"[^>]*value="amu"', html)
    assert plan_count() == 0


def test_the_kinds_offered_are_those_the_rule_set_allows(builder: Builder,
                                                         agreement: Agreement) -> None:
    html = builder.page(builder.url + "/elements/new")
    offered = re.findall(r'name="kind" type="radio" value="([a-z]+)"', html)
    allowed = rules_in_force.in_force_for(agreement).schooling.allowed_kinds
    assert set(offered) == set(allowed) and len(offered) == len(allowed)
    refused = builder.add({**week_element(free_mondays(START, 1)[0]), "kind": "nonsense"})
    assert dict(FORM_ERROR.findall(refused.get_data(as_text=True)))["kind"] == (
        "Vælg typen af undervisning.")


def test_changing_an_element_shows_its_values_and_saves_the_change(
        builder: Builder, employer: User, agreement: Agreement) -> None:
    save(employer, agreement, weeks_plan(2))
    html = builder.page(builder.url + "/elements/2")
    monday = free_mondays(START, 2)[1]
    assert 'value="37"' in re.search(r'<input[^>]*id="hours"[^>]*>', html).group(0)
    assert f'value="{typed(monday)}"' in re.search(r'<input[^>]*id="start"[^>]*>', html).group(0)
    response = builder.change(2, {**week_element(monday, "Svejsning", "30"), "note": "Hold 2"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/plan#element-2")
    item = stored(agreement).items[1]
    assert (item.title, item.hours, item.note) == ("Svejsning", 30, "Hold 2")
    assert stored(agreement).items[0].title.startswith("AMU-kursus")


def test_an_element_beyond_the_plan_is_not_found(builder: Builder, employer: User,
                                                agreement: Agreement) -> None:
    save(employer, agreement, weeks_plan(1))
    assert builder.client.get(builder.url + "/elements/2").status_code == 404
    assert builder.client.get(builder.url + "/elements/0").status_code == 404
    assert builder.remove(2).status_code == 404


def test_elements_are_moved_up_and_down_and_removed(builder: Builder, employer: User,
                                                    agreement: Agreement) -> None:
    items = weeks_plan(3)
    for n, item in enumerate(items, start=1):
        item["title"] = f"Kursus {n}"
    save(employer, agreement, items)

    def titles() -> list[str]:
        return [i.title for i in stored(agreement).items]

    response = builder.move(3, "up")
    assert response.status_code == 302 and response.headers["Location"].endswith("#element-2")
    assert titles() == ["Kursus 1", "Kursus 3", "Kursus 2"]
    assert builder.move(1, "down").status_code == 302
    assert titles() == ["Kursus 3", "Kursus 1", "Kursus 2"]
    assert builder.remove(2).status_code == 302
    assert titles() == ["Kursus 3", "Kursus 2"]
    assert "Element 2 (AMU: Kursus 1) er fjernet." in builder.page()
    assert builder.post("/elements/1/move/sideways", {}).status_code == 404


def test_the_first_element_offers_no_move_up_and_the_last_no_move_down(
        builder: Builder, employer: User, agreement: Agreement) -> None:
    save(employer, agreement, weeks_plan(2))
    html = builder.page()
    assert "/elements/1/move/down" in html and "/elements/1/move/up" not in html
    assert "/elements/2/move/up" in html and "/elements/2/move/down" not in html


def test_a_stale_page_keeps_the_input_and_saves_on_the_plan_as_it_is_now(
        builder: Builder, employer: User, agreement: Agreement) -> None:
    save(employer, agreement, weeks_plan(2))
    token, lock = builder.read(builder.url + "/elements/1")
    # Meanwhile the plan is changed in another tab (or through the API).
    save(employer, agreement, weeks_plan(3), lock_version=int(lock))
    element = week_element(free_mondays(START, 1)[0], "Mit kursus")
    response = builder.client.post(builder.url + "/elements/1", data={
        "csrf_token": token, "lock_version": lock, **element})
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    assert "En anden har ændret" in html and re.search(r"<title>Fejl: ", html)
    assert 'value="Mit kursus"' in html
    assert LOCK.search(html).group(1) == str(int(lock) + 1)
    assert [i.title for i in stored(agreement).items].count("Mit kursus") == 0
    again = builder.client.post(builder.url + "/elements/1", data={
        "csrf_token": token, "lock_version": LOCK.search(html).group(1), **element})
    assert again.status_code == 302
    assert stored(agreement).items[0].title == "Mit kursus"


def test_an_element_posted_after_the_session_ended_is_shown_again_after_login(
        builder: Builder, auth: Auth, employer: User, agreement: Agreement) -> None:
    token, lock = builder.read(builder.url + "/elements/new")
    auth.logout()
    element = week_element(free_mondays(START, 1)[0], "Efter login")
    response = builder.client.post(builder.url + "/elements/new", data={
        "csrf_token": token, "lock_version": lock, **element})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    auth.login(employer.email)
    html = builder.page(builder.url + "/elements/new")
    assert 'value="Efter login"' in html and f'value="{element["start"]}"' in html
    assert stored(agreement) is None


def test_an_action_s_address_opened_leads_back_to_the_plan(builder: Builder, employer: User,
                                                            agreement: Agreement) -> None:
    save(employer, agreement, weeks_plan(2))
    for path in ("/elements/1/remove", "/elements/1/move/down", "/danish-test", "/submit"):
        response = builder.client.get(builder.url + path)
        assert response.status_code == 302, path
        assert response.headers["Location"].endswith(builder.url)
    assert len(stored(agreement).items) == 2


def test_a_stale_remove_or_move_changes_nothing_and_says_why(
        builder: Builder, employer: User, agreement: Agreement) -> None:
    save(employer, agreement, weeks_plan(2))
    for response in (builder.remove(1, lock_version="7"),
                     builder.move(1, "down", lock_version="7"),
                     builder.remove(5, lock_version="7")):
        assert response.status_code == 200
        html = unescape(response.get_data(as_text=True))
        assert "En anden har ændret" in html and re.search(r"<title>Fejl: ", html)
    assert len(stored(agreement).items) == 2


def test_the_danish_test_is_answered_on_the_page(builder: Builder,
                                                agreement: Agreement) -> None:
    response = builder.post("/danish-test", {"passed_danish_test": "yes"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#danish-test")
    assert stored(agreement).passed_danish_test is True
    assert re.search(r'<input checked [^>]*value="yes"', builder.page())
    refused = builder.post("/danish-test", {"passed_danish_test": "maybe"})
    assert refused.status_code == 200
    html = unescape(refused.get_data(as_text=True))
    assert re.search(r"<title>Fejl: ", html) and 'href="#passed_danish_test-0"' in html
    assert stored(agreement).passed_danish_test is True


def test_each_finding_is_linked_to_its_element_and_shown_there(
        builder: Builder, employer: User, agreement: Agreement) -> None:
    items = weeks_plan(2)
    items[1]["course_number"] = ""
    items[1]["hours"] = "80"  # more than a school week: an error and a warning
    save(employer, agreement, items)
    html = builder.page()
    summary = html[html.index('data-findings="errors"'):html.index("</div>",
                                                                  html.index('data-findings="errors"'))]
    assert '<li data-code="course_number_missing" data-item="1"><a href="#element-2"' in summary
    assert '<li data-code="week_over_limit" data-item="1"><a href="#element-2"' in summary
    warnings = html[html.index('data-findings="warnings"'):]
    assert '<a href="#element-2" class="function-link">Element 2 (AMU:' in warnings
    element = html[html.index('id="element-2"'):html.index("</ol>")]
    assert "Indtast AMU-nummeret (5 cifre)" in element
    assert 'data-finding="warning"' in element
    assert "igu-plan-element--error" in re.search(r'<li class="([^"]*)" id="element-2"',
                                                  html).group(1)
    first = html[html.index('id="element-1"'):html.index('id="element-2"')]
    assert 'data-finding' not in first


# --- sending -------------------------------------------------------------------

def test_a_draft_agreement_s_plan_goes_with_the_agreement(builder: Builder, employer: User,
                                                          agreement: Agreement) -> None:
    save(employer, agreement, weeks_plan(required_weeks()))
    html = builder.page()
    assert 'data-notice="with-agreement"' in html
    assert "Send planen til kommunen" not in html
    refused = builder.submit()
    assert refused.status_code == 200
    assert "Det er ikke muligt, mens status er" in unescape(refused.get_data(as_text=True))
    assert stored(agreement).status == PlanStatus.DRAFT


def test_sending_a_plan_with_errors_is_refused_with_every_error(
        builder: Builder, employer: User, agreement: Agreement) -> None:
    submit_agreement(employer, agreement)
    save(employer, agreement, weeks_plan(2))
    html = builder.page()
    assert "Send planen til kommunen" in html
    assert 'aria-describedby="plan-send-blocked"' in html
    response = builder.submit()
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    assert re.search(r"<title>Fejl: ", html)
    assert "Undervisningsplanen blev ikke sendt." in html
    assert 'data-code="weeks_short"' in html
    plan = stored(agreement)
    assert (plan.status, plan.versions) == (PlanStatus.DRAFT, [])


def test_sending_a_valid_plan_makes_version_1_and_shows_the_receipt(
        builder: Builder, employer: User, agreement: Agreement) -> None:
    submit_agreement(employer, agreement)
    # Built while the agreement awaits the municipality, through the page.
    for monday in free_mondays(START, required_weeks()):
        assert builder.add(week_element(monday, f"Uge {monday.isocalendar()[1]}")).status_code \
            == 302
    assert "data-findings=\"errors\"" not in builder.page()
    response = builder.submit()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/employer/agreements/{agreement.id}"
                                                 "/plan/receipt")
    plan = stored(agreement)
    assert (plan.status, [v.number for v in plan.versions]) == (PlanStatus.SUBMITTED, [1])
    receipt = builder.page(response.headers["Location"])
    assert "Undervisningsplanen er sendt til kommunen" in receipt
    assert "Københavns Kommune" in receipt and "VITAS" in receipt
    # Awaiting the decision, the plan is shown but not changed.
    html = builder.page()
    assert 'data-notice="awaiting-decision"' in html
    assert "/elements/new" not in html and "/remove" not in html
    closed = builder.client.get(builder.url + "/elements/new")
    assert closed.status_code == 302 and closed.headers["Location"].endswith("/plan")
    refused = builder.client.post(builder.url + "/elements/new", data={
        "csrf_token": csrf_token(builder.client, builder.url),
        "lock_version": str(plan.lock_version), **week_element(free_mondays(START, 1)[0])})
    assert refused.status_code == 302
    assert len(stored(agreement).items) == required_weeks()


def test_a_receipt_without_a_version_leads_back_to_the_plan(builder: Builder) -> None:
    response = builder.client.get(builder.url + "/receipt")
    assert response.status_code == 302 and response.headers["Location"].endswith("/plan")


# --- the timeline and the PDFs ------------------------------------------------

def test_the_builder_shows_the_plan_on_the_timeline(builder: Builder, employer: User,
                                                    agreement: Agreement) -> None:
    html = builder.page()
    assert 'href="/static/css/timeline.css"' in html
    assert 'id="plan-timeline"' in html and 'class="tl-week tl-school' not in html
    save(employer, agreement, weeks_plan(2))
    html = builder.page()
    school_weeks = re.findall(r'<td class="tl-week tl-school[^"]*"><span class="tl-sr">([^<]*)',
                              html)
    assert len(school_weeks) == 2
    monday = free_mondays(START, 1)[0]
    assert f"uge {monday.isocalendar()[1]} {monday.isocalendar()[0]}" in school_weeks[0].lower()


def pdf_of(response: Any) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    data: bytes = response.get_data()
    assert data.startswith(b"%PDF-")
    return data


def test_the_draft_preview_and_each_version_are_pdfs_named_without_personal_data(
        builder: Builder, employer: User, agreement: Agreement) -> None:
    html = builder.page()
    assert f'href="{builder.url}/draft.pdf" data-pdf="draft"' in html
    preview = builder.client.get(builder.url + "/draft.pdf")
    pdf_of(preview)
    assert preview.headers["Content-Disposition"].endswith('-udkast.pdf"')
    assert builder.client.get(builder.url + "/versions/1.pdf").status_code == 404
    submit_agreement(employer, agreement)
    plan = save(employer, agreement, weeks_plan(required_weeks()))
    assert builder.submit(lock_version=str(plan.lock_version)).status_code == 302
    version = builder.client.get(builder.url + "/versions/1.pdf")
    assert pdf_of(version) == stored(agreement).versions[0].pdf
    assert version.headers["Content-Disposition"].endswith('-version-1.pdf"')
    assert "1505951234" not in version.headers["Content-Disposition"]
    html = builder.page()
    assert 'data-pdf="version-1"' in html and 'data-pdf="draft"' not in html
    receipt = builder.page(builder.url + "/receipt")
    assert f'href="{builder.url}/versions/1.pdf"' in receipt
    assert builder.client.get(builder.url + "/versions/2.pdf").status_code == 404


# --- who sees what -------------------------------------------------------------

def test_another_company_s_agreement_is_not_found_on_every_builder_route(
        client: FlaskClient, auth: Auth, employer: User, agreement: Agreement) -> None:
    save(employer, agreement, weeks_plan(2))
    auth.login(make_user(Role.EMPLOYER, company=make_company("101")).email)
    token = csrf_token(client, "/employer/")
    base = f"/employer/agreements/{agreement.id}/plan"
    for url in (base, f"{base}/elements/new", f"{base}/elements/1", f"{base}/receipt",
                f"{base}/draft.pdf", f"{base}/versions/1.pdf"):
        assert client.get(url).status_code == 404, url
    element = week_element(free_mondays(START, 1)[0])
    for url in (f"{base}/elements/new", f"{base}/elements/1", f"{base}/elements/1/remove",
                f"{base}/elements/1/move/down", f"{base}/danish-test", f"{base}/submit"):
        response = client.post(url, data={"csrf_token": token, "lock_version": "1",
                                          "passed_danish_test": "yes", **element})
        assert response.status_code == 404, url
    assert len(stored(agreement).items) == 2


def test_other_roles_are_refused_the_builder(client: FlaskClient, auth: Auth,
                                             agreement: Agreement) -> None:
    for role in (Role.FINANCE, Role.CASEWORKER, Role.ADMIN):
        auth.login(make_user(role).email)
        assert client.get(f"/employer/agreements/{agreement.id}/plan").status_code == 403
        auth.logout()


def test_the_caseworker_sees_the_plan_as_last_sent_read_only(
        client: FlaskClient, auth: Auth, employer: User, agreement: Agreement) -> None:
    submit_agreement(employer, agreement)
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    auth.login(caseworker.email)
    url = f"/caseworker/agreements/{agreement.id}"
    html = unescape(client.get(url).get_data(as_text=True))
    assert 'data-notice="no-plan"' in html
    assert "Undervisningsplanen skal være på plads senest" in html
    items = weeks_plan(required_weeks())
    items[0]["title"] = "Sendt kursus"
    plan = save(employer, agreement, items)
    schooling_plans.submit_plan(employer, agreement, plan.lock_version)
    # Approved and changed since: the caseworker still sees the version sent.
    agreement.status = AgreementStatus.APPROVED
    plan.status = PlanStatus.APPROVED
    db.session.commit()
    changed = weeks_plan(1)
    changed[0]["title"] = "Ændret kursus"
    save(employer, agreement, changed, lock_version=stored(agreement).lock_version)
    html = unescape(client.get(url).get_data(as_text=True))
    assert 'id="schooling-plan"' in html and "Sendt kursus" in html
    assert "Ændret kursus" not in html and 'data-notice="being-changed"' in html
    assert f"{required_weeks()},0 af {required_weeks()} uger" in html
    assert 'id="element-1"' in html
    assert "/plan/elements" not in html and "<form method=\"post\" action=\"/employer" not in html
    assert 'id="plan-timeline"' in html and html.count('class="tl-week tl-school') == \
        required_weeks()
    pdf_url = f"/caseworker/agreements/{agreement.id}/plan/versions/1.pdf"
    assert f'href="{pdf_url}"' in html
    assert pdf_of(client.get(pdf_url)) == stored(agreement).versions[0].pdf


def test_a_caseworker_of_another_municipality_and_finance_never_see_the_plan(
        client: FlaskClient, auth: Auth, employer: User, agreement: Agreement) -> None:
    submit_agreement(employer, agreement)
    plan = save(employer, agreement, weeks_plan(required_weeks()))
    schooling_plans.submit_plan(employer, agreement, plan.lock_version)
    url = f"/caseworker/agreements/{agreement.id}"
    auth.login(make_user(Role.CASEWORKER, municipality="751").email)
    assert client.get(url).status_code == 404
    assert client.get(f"{url}/plan/versions/1.pdf").status_code == 404
    auth.logout()
    auth.login(make_user(Role.FINANCE, municipality="101").email)
    assert client.get(url).status_code == 403
    assert client.get(f"{url}/plan/versions/1.pdf").status_code == 403
    assert client.get(f"/employer/agreements/{agreement.id}/plan").status_code == 403


# --- "Mine IGU-forløb" -----------------------------------------------------------

def test_the_deadline_shows_on_my_igu_courses_until_the_plan_is_sent(
        builder: Builder, employer: User, agreement: Agreement) -> None:
    deadline = schooling_plans.deadline(agreement)
    home = builder.page("/employer/")
    row = home[home.index(f'data-agreement="{agreement.id}"'):]
    assert f'data-deadline="{deadline.isoformat()}"' in row
    assert "Undervisningsplanen skal være på plads senest" in row
    assert f'href="/employer/agreements/{agreement.id}/plan"' in row
    assert 'data-plan="none"' in row and "igu-deadline-passed" not in row
    submit_agreement(employer, agreement)
    plan = save(employer, agreement, weeks_plan(required_weeks()))
    assert 'data-plan="draft"' in builder.page("/employer/")
    schooling_plans.submit_plan(employer, agreement, plan.lock_version)
    home = builder.page("/employer/")
    assert 'data-plan="submitted"' in home and "data-deadline" not in home
    assert "Undervisningsplanen skal være på plads senest" not in home


def test_a_passed_deadline_is_marked_in_words_and_dates_follow_the_language(
        client: FlaskClient, auth: Auth, employer: User) -> None:
    late = make_agreement(employer.company, start=date(2021, 1, 4))
    auth.login(employer.email)
    html = unescape(client.get("/employer/").get_data(as_text=True))
    row = html[html.index(f'data-agreement="{late.id}"'):]
    assert "igu-deadline-passed" in row and "fristen er overskredet" in row
    assert "senest 3. februar 2021" in row
    client.get("/language/en?next=/employer/")
    english = unescape(client.get("/employer/").get_data(as_text=True))
    assert "The schooling plan must be in place by 3 February 2021" in english


def test_demo_data_leaves_the_submitted_agreement_without_a_plan_and_begins_the_draft_s(
        app) -> None:
    from igu_admin.services import demo

    demo.ensure_demo_data()
    # The employer's own draft (the jobcentre's demo draft has no plan yet).
    found = {a.status: a for a in db.session.scalars(select(Agreement).where(
        Agreement.started_by == "employer"))}
    assert schooling_plans.find_plan(found[AgreementStatus.SUBMITTED]) is None
    begun = schooling_plans.find_plan(found[AgreementStatus.DRAFT])
    assert begun is not None and len(begun.items) == 3
    result = schooling_plans.check(begun)
    codes = {e.code for e in result.errors}
    assert "weeks_short" in codes and "course_number_missing" in codes
    assert "outside_period" not in codes and "period_unknown" not in codes
    assert 0 < result.counted_weeks < result.required_weeks
