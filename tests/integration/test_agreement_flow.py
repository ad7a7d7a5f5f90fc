"""The guided agreement for employers, page by page, as a browser posts it."""

from __future__ import annotations

import re
import zlib
from datetime import date, timedelta
from html import unescape
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import base64_decode

from igu_admin.extensions import db
from igu_admin.models import Agreement, AgreementStatus, Role, User
from igu_admin.services import agreements
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.wage_rates import CURRENT_CODE, WAGE_TABLE_KEY, with_current_rate
from tests.conftest import Auth, csrf_token
from tests.pdf_text import pdf_text

CPR = "150595-1234"
CPR_DIGITS = "1505951234"
LOCK = re.compile(r'name="lock_version" type="hidden" value="(\d+)"')
AGREEMENT_URL = re.compile(r"/employer/agreements/(\d+)/")


def day(offset: int) -> str:
    """A date `offset` days from today, as people type it here."""
    return (date.today() + timedelta(days=offset)).strftime("%d.%m.%Y")


def answers() -> dict[str, dict[str, str]]:
    """A complete agreement for an eligible trainee, step by step."""
    return {
        "company": {"contact_person": "Bente Bager"},
        "trainee": {"name": "Amal Hassan", "cpr": CPR, "address": "Nørregade 1, 1165 København K",
                    "email": "amal@example.org", "phone": "+45 12 34 56 78",
                    "municipality_code": "101"},
        "background": {"target_group": "refugee",
                       "residence_permit_kind": "Udlændingelovens § 7, stk. 1",
                       "residence_permit_date": day(-700), "registered_since": day(-720),
                       "previous_igu": "no", "recent_ordinary_employment": "no"},
        "employment": {"start_date": day(40), "workplace_address": "Bagergade 1, 1000 København K",
                       "job_title": "Bagermedhjælper",
                       "tasks": "Bagning af brød\nBetjening af kunder", "weekly_hours": "37"},
        # The table's rate for di-industri is not current (no period stated):
        # the agreed rate is typed.
        "wage": {"collective_agreement": "di-industri", "basis": "hourly", "year1": "72,50",
                 "year2": "82,25"},
        "terms": {"holiday": "Efter ferieloven.", "notice": "Efter overenskomsten.", "other": ""},
    }


STEPS = ("company", "trainee", "background", "employment", "wage", "terms")


def step_url(agreement_id: int, step: str) -> str:
    return f"/employer/agreements/{agreement_id}/steps/{step}"


class Flow:
    """Posts the steps the way the pages do: with the page's CSRF token and
    the lock_version the page was drawn with."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def page(self, url: str) -> str:
        response = self.client.get(url)
        assert response.status_code == 200, url
        return response.get_data(as_text=True)

    def post(self, url: str, data: dict[str, str], lock_version: str | None = None) -> Any:
        html = self.page(url)
        fields = {"csrf_token": csrf_token(self.client, url), **data}
        found = LOCK.search(html)
        if lock_version is not None:
            fields["lock_version"] = lock_version
        elif found:
            fields["lock_version"] = found.group(1)
        return self.client.post(url, data=fields)

    def start(self, contact: str = "Bente Bager") -> int:
        response = self.post("/employer/agreements/new", {"contact_person": contact})
        assert response.status_code == 302
        match = AGREEMENT_URL.search(response.headers["Location"])
        assert match
        return int(match.group(1))

    def fill(self, agreement_id: int, upto: str = "terms",
             changed: dict[str, dict[str, str]] | None = None) -> None:
        data = answers()
        for step, values in (changed or {}).items():
            data[step] = {**data[step], **values}
        for step in STEPS[1:STEPS.index(upto) + 1]:
            response = self.post(step_url(agreement_id, step), data[step])
            assert response.status_code == 302, (step, errors_in(response.get_data(as_text=True)))

    def send(self, agreement_id: int) -> Any:
        return self.post(f"/employer/agreements/{agreement_id}/check", {})


def errors_in(html: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'class="form-error-message"[^>]*>.*?</span>(.*?)</span>',
                                            html, re.S)]


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{re.escape(field_id)}-error"><span class="sr-only">[^<]*</span>(.*?)</span>',
                      html, re.S)
    assert match, f"no error at {field_id}: {errors_in(html)}"
    return unescape(match.group(1))


def value_of(html: str, field_id: str) -> str:
    tag = re.search(rf'<(input|textarea)[^>]*\bid="{re.escape(field_id)}"[^>]*>', html)
    assert tag, field_id
    if tag.group(1) == "textarea":
        body = re.search(rf'id="{re.escape(field_id)}"[^>]*>(.*?)</textarea>', html, re.S)
        assert body
        return unescape(body.group(1)).strip("\r\n")
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else ""


@pytest.fixture
def employer(app: Flask, auth: Auth) -> User:
    user = make_user(Role.EMPLOYER)
    auth.login(user.email)
    return user


@pytest.fixture
def flow(client: FlaskClient, employer: User) -> Flow:
    return Flow(client)


def stored(agreement_id: int) -> Agreement:
    db.session.expire_all()
    found = db.session.get(Agreement, agreement_id)
    assert found is not None
    return found


# --- starting ----------------------------------------------------------------

def test_my_igu_courses_offers_to_start_an_agreement(flow: Flow) -> None:
    html = flow.page("/employer/")
    assert 'href="/employer/agreements/new"' in html
    assert "Opret en aftale" in html


def test_the_company_step_shows_the_account_s_company_and_the_user_as_contact(
        flow: Flow, employer: User) -> None:
    company = employer.company
    html = flow.page("/employer/agreements/new")
    assert company.name in html and company.cvr in html
    assert "Privat" in html
    assert 'autocomplete="name"' in html and "novalidate" in html
    # The DKFDS step indicator, ending in "Tjek dine svar", the first step current.
    assert '<ol class="step-indicator">' in html
    assert re.search(r'<li class="current">\s*<a class="step" href="[^"]+" aria-current="step">',
                     html)
    assert html.count("step-title") >= 7 and "Tjek dine svar" in html
    assert 'class="back-link"' in html


def test_the_first_step_saved_makes_a_draft_for_the_company(flow: Flow, employer: User) -> None:
    agreement_id = flow.start("Birthe Bager")
    draft = stored(agreement_id)
    assert draft.company_id == employer.company_id
    assert draft.status == AgreementStatus.DRAFT
    assert draft.contact_person == "Birthe Bager"
    assert draft.step_reached == "company"


# --- each step's checks --------------------------------------------------------

STEP_ERRORS = [
    ("company", {"contact_person": ""}, "contact_person", "Indtast kontaktpersonens navn."),
    ("company", {"contact_person": "x" * 201}, "contact_person", "Brug højst 200 tegn."),
    ("trainee", {"name": ""}, "name", "Indtast IGU-elevens fulde navn."),
    ("trainee", {"cpr": ""}, "cpr", "Indtast IGU-elevens CPR-nummer."),
    ("trainee", {"cpr": "12345"}, "cpr", "Indtast et CPR-nummer på 10 cifre"),
    ("trainee", {"email": "amal@"}, "email", "en e-mailadresse som navn@eksempel.dk."),
    ("trainee", {"municipality_code": ""}, "municipality_code",
     "Vælg den kommune, IGU-eleven bor i."),
    ("trainee", {"name": "Amal\x07Hassan"}, "name", "Fjern de usynlige kontroltegn."),
    ("background", {"target_group": ""}, "target_group", "Vælg den gruppe, IGU-eleven hører til."),
    ("background", {"registered_since": "31.02.2023"}, "registered_since",
     "Datoen findes ikke. Tjek dag og måned."),
    ("background", {"residence_permit_date": "snart"}, "residence_permit_date",
     "Indtast datoen som dag.måned.år"),
    ("background", {"absences-0-start": "01.01.2024"}, "absences-0-end",
     "Indtast begge datoer for perioden"),
    ("background", {"previous_igu": "måske"}, "previous_igu",
     "Svar på, om IGU-eleven har været i IGU før."),
    ("employment", {"start_date": day(-1)}, "start_date", "Startdatoen kan ikke ligge før i dag"),
    ("employment", {"weekly_hours": "50"}, "weekly_hours",
     "Den ugentlige arbejdstid skal være fra 25 til 37 timer"),
    ("employment", {"weekly_hours": "mange"}, "weekly_hours", "Indtast timerne som et tal"),
    ("employment", {"tasks": "x" * 4001}, "tasks", "Brug højst 4000 tegn."),
    ("employment", {"job_title": ""}, "job_title", "Indtast stillingsbetegnelsen."),
    ("wage", {"collective_agreement": ""}, "collective_agreement", "Vælg overenskomsten"),
    ("wage", {"collective_agreement": "other", "year1": "", "year2": ""}, "year1",
     "Indtast lønnen i 1. år."),
    ("wage", {"year1": "mange penge"}, "year1", "Indtast beløbet i kroner"),
    ("wage", {"year1": "0"}, "year1", "Lønnen skal være mere end 0 kr."),
    ("wage", {"year1": "1.000,00"}, "year1", "Lønnen er mere end 10 gange overenskomstens sats"),
    ("terms", {"holiday": ""}, "holiday", "Beskriv vilkårene for ferie."),
    ("terms", {"other": "y" * 2001}, "other", "Brug højst 2000 tegn."),
]


@pytest.mark.parametrize(("step", "typed", "field_id", "message"), STEP_ERRORS,
                         ids=[f"{s}-{f}" for s, _t, f, _m in STEP_ERRORS])
def test_each_step_says_what_is_wrong_at_the_field_in_danish_and_keeps_the_input(
        flow: Flow, step: str, typed: dict[str, str], field_id: str, message: str) -> None:
    agreement_id = flow.start()
    flow.fill(agreement_id, upto=STEPS[STEPS.index(step) - 1] if step != "company" else "company")
    before = stored(agreement_id).lock_version
    data = {**answers()[step], **typed}
    response = flow.post(step_url(agreement_id, step), data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Fejl:" in html
    assert 'data-module="error-summary"' in html
    assert message in field_error(html, field_id)
    # The message is tied to its field for screen readers.
    assert re.search(rf'aria-describedby="[^"]*\b{re.escape(field_id)}-error"', html)
    # Nothing was saved, and nothing typed was lost.
    assert stored(agreement_id).lock_version == before
    for name, value in data.items():
        if name in ("cpr",) or name.startswith("absences") or name in (
                "target_group", "previous_igu", "recent_ordinary_employment", "municipality_code",
                "collective_agreement", "basis") or "\x07" in value or not value:
            continue
        assert value_of(html, name) == value, name


def test_errors_in_english_are_in_english(flow: Flow) -> None:
    agreement_id = flow.start()
    flow.client.get("/language/en")
    html = flow.post(step_url(agreement_id, "trainee"), {"name": ""}).get_data(as_text=True)
    assert "<title>Error:" in html
    assert field_error(html, "name") == "Enter the trainee's full name."


def test_the_employment_step_shows_the_end_date_computed_and_never_asks_for_it(flow: Flow) -> None:
    agreement_id = flow.start()
    flow.fill(agreement_id, upto="employment")
    html = flow.page(step_url(agreement_id, "employment"))
    end = stored(agreement_id).end_date
    assert end is not None
    assert 'name="end_date"' not in html
    assert 'data-computed="end_date"' in html
    assert f"{end.day}. " in html and str(end.year) in html
    assert "forløbet varer 24 måneder" in html


# --- drafts ------------------------------------------------------------------

def test_each_step_is_saved_as_a_draft_with_the_step_reached(flow: Flow) -> None:
    agreement_id = flow.start()
    for step in STEPS[1:]:
        flow.fill(agreement_id, upto=step)
        assert stored(agreement_id).step_reached == step
    draft = stored(agreement_id)
    assert draft.trainee_name == "Amal Hassan"
    assert agreements.agreement_cpr(draft, full=True) == CPR
    assert draft.weekly_hours is not None and str(draft.weekly_hours) == "37.00"
    assert str(draft.wage_rate_year1) == "72.50" and draft.wage_basis == "hourly"


def test_a_draft_is_resumed_from_my_igu_courses_in_a_new_session(
        app: Flask, employer: User) -> None:
    first = app.test_client()
    Auth(first).login(employer.email)
    flow = Flow(first)
    agreement_id = flow.start()
    flow.fill(agreement_id, upto="background")
    Auth(first).logout()

    second = app.test_client()
    Auth(second).login(employer.email)
    home = Flow(second).page("/employer/")
    link = re.search(rf'href="({step_url(agreement_id, "employment")})" data-continue="employment">'
                     r'Fortsæt.*?</span>: Ansættelsen', home, re.S)
    assert link, "no Fortsæt link to the step after the one reached"
    trainee = Flow(second).page(step_url(agreement_id, "trainee"))
    assert value_of(trainee, "name") == "Amal Hassan"
    # The saved CPR number is never put back in the page, only masked in the hint.
    assert value_of(trainee, "cpr") == ""
    assert "150595-XXXX" in trainee and CPR not in trainee and CPR_DIGITS not in trainee


def test_an_empty_cpr_field_keeps_the_saved_number(flow: Flow) -> None:
    agreement_id = flow.start()
    flow.fill(agreement_id, upto="trainee")
    response = flow.post(step_url(agreement_id, "trainee"),
                         {**answers()["trainee"], "cpr": "", "name": "Amal H. Hassan"})
    assert response.status_code == 302
    draft = stored(agreement_id)
    assert draft.trainee_name == "Amal H. Hassan"
    assert agreements.agreement_cpr(draft, full=True) == CPR


def test_a_stale_lock_version_is_refused_with_the_input_kept(flow: Flow) -> None:
    agreement_id = flow.start()
    flow.fill(agreement_id, upto="employment")
    url = step_url(agreement_id, "employment")
    seen = LOCK.search(flow.page(url))
    assert seen
    # Another tab saves first.
    assert flow.post(url, {**answers()["employment"], "job_title": "Bager"}).status_code == 302
    response = flow.post(url, {**answers()["employment"], "job_title": "Konditor"},
                         lock_version=seen.group(1))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "En anden har ændret det i mellemtiden" in html
    assert value_of(html, "job_title") == "Konditor"
    assert stored(agreement_id).job_title == "Bager"
    # The page now holds the current lock_version: saving again wins.
    current = LOCK.search(html)
    assert current and current.group(1) == str(stored(agreement_id).lock_version)
    again = flow.client.post(url, data={**answers()["employment"], "job_title": "Konditor",
                                        "lock_version": current.group(1),
                                        "csrf_token": csrf_token(flow.client, url)})
    assert again.status_code == 302
    assert stored(agreement_id).job_title == "Konditor"


def test_an_expired_csrf_token_keeps_the_draft_and_what_was_typed(flow: Flow) -> None:
    agreement_id = flow.start()
    flow.fill(agreement_id, upto="employment")
    url = step_url(agreement_id, "employment")
    lock = stored(agreement_id).lock_version
    response = flow.client.post(url, data={**answers()["employment"], "job_title": "Konditor",
                                           "lock_version": str(lock), "csrf_token": "expired"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Din session er udløbet af sikkerhedshensyn. Dine svar er bevaret" in html
    assert value_of(html, "job_title") == "Konditor"
    draft = stored(agreement_id)
    assert draft.lock_version == lock and draft.job_title == "Bagermedhjælper"
    # The page carries a fresh token: the same input saves.
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert token
    saved = flow.client.post(url, data={**answers()["employment"], "job_title": "Konditor",
                                        "lock_version": str(lock), "csrf_token": token.group(1)})
    assert saved.status_code == 302 and stored(agreement_id).job_title == "Konditor"


def test_input_posted_after_the_session_ended_is_shown_again_after_login_without_the_cpr(
        app: Flask, client: FlaskClient, auth: Auth, employer: User) -> None:
    flow = Flow(client)
    agreement_id = flow.start()
    url = step_url(agreement_id, "trainee")
    token = csrf_token(client, url)
    lock = str(stored(agreement_id).lock_version)
    auth.logout()
    response = client.post(url, data={**answers()["trainee"], "lock_version": lock,
                                      "csrf_token": token})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    auth.login(employer.email)
    html = flow.page(url)
    assert value_of(html, "name") == "Amal Hassan"
    assert value_of(html, "cpr") == ""
    assert CPR not in html


# --- carried over from the eligibility answer ------------------------------------

ELIGIBILITY = {"start_date": day(40), "cpr": CPR, "birth_date": "", "registered_since": day(-720),
               "target_group": "refugee", "previous_igu": "no",
               "recent_ordinary_employment": "no", "absences-0-start": day(-500),
               "absences-0-end": day(-480)}


def _answer_page(client: FlaskClient) -> str:
    token = csrf_token(client, "/eligibility")
    return client.post("/eligibility", data={**ELIGIBILITY, "csrf_token": token}
                       ).get_data(as_text=True)


def test_an_employer_starts_an_agreement_from_the_eligibility_answer_with_the_facts_typed(
        flow: Flow, employer: User) -> None:
    html = _answer_page(flow.client)
    form = re.search(r'<form method="post" action="(/employer/agreements/from-eligibility)"'
                     r' novalidate data-carry-over>(.*?)</form>', html, re.S)
    assert form, "no carry-over form on the answer"
    fields = dict(re.findall(r'name="([^"]+)" type="hidden" value="([^"]*)"', form.group(2)))
    response = flow.client.post(form.group(1), data=fields)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert CPR_DIGITS not in location and "1505" not in location
    match = AGREEMENT_URL.search(location)
    assert match and location.endswith("/steps/company")
    draft = stored(int(match.group(1)))
    assert agreements.agreement_cpr(draft, full=True) == CPR
    assert draft.company_id == employer.company_id
    assert draft.target_group == "refugee"
    assert draft.previous_igu is False and draft.recent_ordinary_employment is False
    assert draft.start_date is not None and draft.registered_since is not None
    assert len(draft.absences) == 1
    # Nothing is typed twice: the background step shows the facts.
    background = flow.page(step_url(draft.id, "background"))
    assert re.search(r'id="target_group-0"[^>]*checked|checked[^>]*id="target_group-0"', background)


def test_the_carried_facts_never_reach_a_url_or_the_session_cookie(flow: Flow) -> None:
    html = _answer_page(flow.client)
    fields = dict(re.findall(r'name="([^"]+)" type="hidden" value="([^"]*)"', html))
    response = flow.client.post("/employer/agreements/from-eligibility", data=fields)
    assert CPR_DIGITS not in response.headers["Location"]
    cookie = flow.client.get_cookie("session")
    assert cookie is not None
    payload = base64_decode(cookie.value.lstrip(".").split(".")[0])
    text = (zlib.decompress(payload) if cookie.value.startswith(".") else payload).decode()
    assert "csrf_token" in text  # the session as read, so the next line can fail
    assert CPR_DIGITS not in text and "150595" not in text


def test_a_start_date_now_past_is_left_out_of_the_carried_facts(flow: Flow) -> None:
    fields = {"csrf_token": csrf_token(flow.client, "/employer/"),
              "start_date": (date.today() - timedelta(days=3)).isoformat(), "cpr": CPR,
              "registered_since": (date.today() - timedelta(days=700)).isoformat(),
              "target_group": "refugee", "previous_igu": "false",
              "recent_ordinary_employment": "false", "absences": ""}
    response = flow.client.post("/employer/agreements/from-eligibility", data=fields)
    assert response.status_code == 302
    match = AGREEMENT_URL.search(response.headers["Location"])
    assert match
    draft = stored(int(match.group(1)))
    assert draft.start_date is None
    assert agreements.agreement_cpr(draft, full=True) == CPR
    assert "Nogle af svarene fra tjekket kunne ikke overføres" in flow.page(
        response.headers["Location"])


def test_the_public_answer_has_no_carry_over_form(app: Flask, client: FlaskClient) -> None:
    html = _answer_page(client)
    assert "from-eligibility" not in html
    assert CPR not in html


# --- eligibility, wages, the check and sending -----------------------------------

def test_an_ineligible_trainee_blocks_sending_and_is_told_why_with_the_legal_basis(
        flow: Flow) -> None:
    agreement_id = flow.start()
    flow.fill(agreement_id, changed={"background": {"target_group": "other"}})
    background = flow.page(step_url(agreement_id, "background"))
    assert 'data-assessment="not-eligible"' in background
    assert re.search(r'igu-criterion--failed" data-code="target_group"', background)
    assert "Lovgrundlag: IGU-loven § 3, stk. 1" in background
    # Every later step says so at once.
    assert "Personen opfylder ikke alle betingelser for IGU" in flow.page(
        step_url(agreement_id, "wage"))
    check = flow.page(f"/employer/agreements/{agreement_id}/check")
    assert "Aftalen kan ikke sendes endnu" in check
    assert 'data-path="trainee.target_group"' in check
    assert "Send til kommunen</button>" not in check
    # A send posted all the same (from a page drawn before) is refused with the reasons.
    response = flow.post(f"/employer/agreements/{agreement_id}/check", {},
                         lock_version=str(stored(agreement_id).lock_version))
    refused = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Fejl:" in refused and "Aftalen blev ikke sendt" in refused
    assert stored(agreement_id).status == AgreementStatus.DRAFT
    assert not stored(agreement_id).versions


def test_sending_a_draft_changed_in_another_tab_is_refused_and_shows_the_current_answers(
        flow: Flow) -> None:
    agreement_id = flow.start()
    flow.fill(agreement_id)
    check_url = f"/employer/agreements/{agreement_id}/check"
    seen = LOCK.search(flow.page(check_url))
    assert seen
    flow.fill(agreement_id, upto="employment", changed={"employment": {"job_title": "Konditor"}})
    response = flow.post(check_url, {}, lock_version=seen.group(1))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "En anden har ændret det i mellemtiden" in html
    assert "Konditor" in html
    assert stored(agreement_id).status == AgreementStatus.DRAFT
    assert flow.send(agreement_id).status_code == 302


def test_choosing_an_agreement_fills_the_empty_rates_without_javascript(
        app: Flask, flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    table = with_current_rate(app.extensions[WAGE_TABLE_KEY], date.today(), basis="monthly",
                              year1="14132.00", year2="15429.00")
    monkeypatch.setitem(app.extensions, WAGE_TABLE_KEY, table)
    agreement_id = flow.start()
    flow.fill(agreement_id, upto="wage", changed={"wage": {
        "collective_agreement": CURRENT_CODE, "basis": "", "year1": "", "year2": ""}})
    draft = stored(agreement_id)
    assert (draft.wage_basis, str(draft.wage_rate_year1), str(draft.wage_rate_year2)) == (
        "monthly", "14132.00", "15429.00")
    wage = flow.page(step_url(agreement_id, "wage"))
    assert value_of(wage, "year1") == "14.132,00"
    assert "14.132,00\xa0kr." in wage  # the rate table, in Danish money format
    assert "data-no-current-rate=\"test-current\"" not in wage


@pytest.mark.parametrize("code", ["hk-detail", "di-industri"])
def test_a_rate_not_current_is_never_filled_in_and_the_agreed_rate_is_asked_for(
        flow: Flow, code: str) -> None:
    """hk-detail expired in 2022; di-industri's source states no period."""
    agreement_id = flow.start()
    flow.fill(agreement_id, upto="employment")
    response = flow.post(step_url(agreement_id, "wage"), {
        "collective_agreement": code, "basis": "", "year1": "", "year2": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200  # not saved: the wage is asked for
    assert stored(agreement_id).wage_rate_year1 is None
    assert value_of(html, "year1") == "" and value_of(html, "year2") == ""
    assert field_error(html, "year1") == "Indtast lønnen i 1. år."
    warning = re.search(rf'<div class="alert alert-warning" data-warning="wage_rate_not_current" '
                        rf'data-no-current-rate="{code}"[^>]*>(.*?)</div>\s*</div>', html, re.S)
    assert warning and " hidden" not in warning.group(0).split(">")[0]
    assert "Der er ingen gældende sats for" in unescape(warning.group(1))
    # Typed, the rate is saved and the warning is gone.
    typed = flow.post(step_url(agreement_id, "wage"), {
        "collective_agreement": code, "basis": "monthly", "year1": "14.000,00",
        "year2": "15.000,00"})
    assert typed.status_code == 302
    assert str(stored(agreement_id).wage_rate_year1) == "14000.00"
    again = flow.page(step_url(agreement_id, "wage"))
    shown = re.search(rf'data-no-current-rate="{code}"[^>]*>', again)
    assert shown and " hidden" in shown.group(0)
    check = flow.page(f"/employer/agreements/{agreement_id}/check")
    assert "wage_rate_not_current" not in check


def test_a_manual_wage_below_the_rate_is_saved_with_a_warning(flow: Flow) -> None:
    agreement_id = flow.start()
    flow.fill(agreement_id, upto="employment")
    response = flow.post(step_url(agreement_id, "wage"), {
        "collective_agreement": "di-industri", "basis": "hourly", "year1": "60,00",
        "year2": "82,25"})
    assert response.status_code == 302
    assert str(stored(agreement_id).wage_rate_year1) == "60.00"
    after = flow.page(response.headers["Location"])
    assert "Lønnen er lavere end satsen for" in after
    flow.fill(agreement_id, upto="terms", changed={"wage": {
        "basis": "hourly", "year1": "60,00", "year2": "82,25"}})
    check = flow.page(f"/employer/agreements/{agreement_id}/check")
    assert 'data-warning="wage_below_table"' in check
    assert "60,00\xa0kr. pr. time" in check
    assert "Send til kommunen</button>" in check  # a warning does not block


def test_the_check_page_lists_every_answer_with_a_ret_link_that_comes_back(flow: Flow) -> None:
    agreement_id = flow.start()
    flow.fill(agreement_id)
    check = flow.page(f"/employer/agreements/{agreement_id}/check")
    for shown in ("Bente Bager", "Amal Hassan", "150595-XXXX", "København",
                  "Udlændingelovens § 7, stk. 1", "Bagermedhjælper", "37 timer",
                  "72,50\xa0kr. pr. time", "Efter ferieloven."):
        assert shown in check, shown
    assert CPR not in check
    links = re.findall(r'<a href="([^"]+\?return=check#[^"]+)">Ret<span class="sr-only">', check)
    assert len(links) >= 20
    job = next(link for link in links if link.endswith("#job_title"))
    page = flow.page(job.split("#")[0])
    assert "Gem og gå tilbage til Tjek dine svar" in page
    assert f'href="/employer/agreements/{agreement_id}/check" class="back-link"' in page
    response = flow.post(job.split("#")[0], {**answers()["employment"], "job_title": "Konditor",
                                             "return_to": "check"})
    assert response.headers["Location"].endswith(f"/employer/agreements/{agreement_id}/check")
    assert "Konditor" in flow.page(f"/employer/agreements/{agreement_id}/check")


def test_sending_makes_version_1_and_shows_the_receipt(flow: Flow) -> None:
    agreement_id = flow.start()
    flow.fill(agreement_id)
    response = flow.send(agreement_id)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/employer/agreements/{agreement_id}/receipt")
    sent = stored(agreement_id)
    assert sent.status == AgreementStatus.SUBMITTED
    assert [v.number for v in sent.versions] == [1]
    receipt = flow.page(response.headers["Location"])
    assert "Aftalen er sendt til kommunen" in receipt
    assert "kommunens gennemgang og godkendelse i igu-admin" in receipt
    assert "Hvad sker der nu?" in receipt and "VITAS" in receipt
    assert f'/employer/agreements/{agreement_id}/versions/1.pdf' in receipt
    for wrong in ("loven kræver", "skal godkendes af kommunen"):
        assert wrong not in receipt
    # The agreement cannot be changed through the steps once sent.
    step = flow.client.get(step_url(agreement_id, "wage"))
    assert step.status_code == 302
    assert step.headers["Location"].endswith(f"/employer/agreements/{agreement_id}")
    page = flow.page(f"/employer/agreements/{agreement_id}")
    assert 'data-pdf="version-1"' in page and 'data-pdf="draft"' not in page


def test_the_agreement_page_links_the_draft_preview(flow: Flow) -> None:
    agreement_id = flow.start()
    page = flow.page(f"/employer/agreements/{agreement_id}")
    assert f'href="/employer/agreements/{agreement_id}/draft.pdf" data-pdf="draft"' in page
    assert "Fortsæt: IGU-eleven" in page


# --- PDFs ----------------------------------------------------------------------

def test_the_draft_preview_and_a_version_are_pdfs_that_are_not_cached_and_named_without_cpr(
        flow: Flow) -> None:
    agreement_id = flow.start()
    flow.fill(agreement_id)
    preview = flow.client.get(f"/employer/agreements/{agreement_id}/draft.pdf")
    assert preview.status_code == 200 and preview.data.startswith(b"%PDF")
    assert preview.headers["Cache-Control"] == "no-store"
    assert preview.headers["Content-Disposition"] == (
        f'attachment; filename="igu-aftale-{agreement_id}-udkast.pdf"')
    assert flow.send(agreement_id).status_code == 302
    version = flow.client.get(f"/employer/agreements/{agreement_id}/versions/1.pdf")
    assert version.status_code == 200 and version.data == stored(agreement_id).versions[0].pdf
    assert version.headers["Cache-Control"] == "no-store"
    disposition = version.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="igu-aftale-{agreement_id}-version-1.pdf"'
    assert CPR_DIGITS not in disposition
    assert flow.client.get(f"/employer/agreements/{agreement_id}/versions/2.pdf"
                           ).status_code == 404


# --- tenancy -------------------------------------------------------------------

OTHER_PAGES = [
    *(f"/steps/{step}" for step in STEPS), "/check", "/receipt", "", "/draft.pdf",
    "/versions/1.pdf",
]


@pytest.mark.parametrize("page", OTHER_PAGES)
def test_another_company_s_agreement_is_not_found_on_every_page_and_pdf(
        app: Flask, client: FlaskClient, auth: Auth, page: str) -> None:
    owner = make_user(Role.EMPLOYER)
    auth.login(owner.email)
    flow = Flow(client)
    agreement_id = flow.start()
    flow.fill(agreement_id)
    assert flow.send(agreement_id).status_code == 302
    auth.logout()
    stranger = make_user(Role.EMPLOYER, company=make_company())
    auth.login(stranger.email)
    url = f"/employer/agreements/{agreement_id}{page}"
    before = stored(agreement_id).lock_version
    assert client.get(url).status_code == 404
    token = csrf_token(client, "/employer/")
    assert client.post(url, data={"csrf_token": token, "lock_version": str(before)}
                       ).status_code in (404, 405)
    assert stored(agreement_id).lock_version == before


def test_an_unknown_step_is_not_found(flow: Flow) -> None:
    agreement_id = flow.start()
    assert flow.client.get(step_url(agreement_id, "nonsense")).status_code == 404


def test_the_workplace_address_is_prefilled_on_one_line_and_reaches_the_pdf(
        flow: Flow, employer: User) -> None:
    """The field is one line: a line break in its value is dropped by the
    browser ("Bagergade 11000 København K" reached the submitted PDF)."""
    company = employer.company
    company.address, company.postal_code, company.city = "Bagergade 1", "1000", "København K"
    db.session.commit()
    agreement_id = flow.start()
    html = flow.page(step_url(agreement_id, "employment"))
    assert value_of(html, "workplace_address") == "Bagergade 1, 1000 København K"
    flow.fill(agreement_id, changed={"employment": {
        "workplace_address": value_of(html, "workplace_address")}})
    assert flow.send(agreement_id).status_code == 302
    # pdf_text drops white space (a value may wrap anywhere): the comma stays.
    assert "Bagergade1,1000KøbenhavnK" in pdf_text(stored(agreement_id).versions[0].pdf)
