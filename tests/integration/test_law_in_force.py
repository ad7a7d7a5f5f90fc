"""The law in force by default (issue 16, item 1): the rule set whose window
holds the start date judges unless one is named; a named one judges by its
own criteria, says when the start lies outside its window, and is compared
with the act in force on the start date at every door (API, CLI, page, the
agreement record)."""

from __future__ import annotations

import json
from html import unescape
from typing import Any

import pytest

from igu_admin.core import rules_in_force
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import Role
from igu_admin.services import agreements
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import START, complete_agreement
from tests.conftest import csrf_token

URL = "/api/v1/eligibility"
# A refugee aged 31 with 6 years' registered address, starting in 2027: the
# 2016 act (under 40, less than 5 years) says no, the act in force in 2027
# (igu-2024: under 50, up to 20 years) says yes.
REFUGEE_2027 = {"start_date": "2027-03-01", "birth_date": "1995-06-01",
                "registered_since": "2021-01-10", "target_group": "refugee"}


def api(client, body: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    response = client.post(URL, json=body, headers={"Accept-Language": lang})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def criterion(answer: dict[str, Any], code: str) -> dict[str, Any]:
    return next(c for c in answer["criteria"] if c["code"] == code)


def test_the_default_is_the_act_in_force_on_the_start_date(app, client) -> None:
    assert app.config["IGU_RULESET"] == "by-start-date"
    answer = api(client, REFUGEE_2027)
    assert answer["eligible"] is True
    assert answer["ruleset"] == "igu-2024"
    assert criterion(answer, "scheme_window")["passed"] is True
    assert answer["in_force_on_start"] is None


@pytest.mark.parametrize(("start", "ruleset"), [
    ("2016-07-01", "igu-2016"), ("2021-04-30", "igu-2016"), ("2021-05-01", "igu-2021"),
    ("2023-12-31", "igu-2021"), ("2024-01-01", "igu-2024"), ("2027-12-31", "igu-2024")])
def test_each_start_date_is_judged_by_the_set_whose_window_holds_it(client, start: str,
                                                                    ruleset: str) -> None:
    answer = api(client, {**REFUGEE_2027, "start_date": start, "registered_since": "2016-01-10"})
    assert answer["ruleset"] == ruleset
    assert criterion(answer, "scheme_window")["passed"] is True


@pytest.mark.parametrize(("start", "nearest"), [("2016-06-30", "igu-2016"),
                                                 ("2028-01-03", "igu-2024")])
def test_a_start_outside_every_window_fails_the_scheme_window(client, start: str,
                                                              nearest: str) -> None:
    answer = api(client, {**REFUGEE_2027, "start_date": start, "registered_since": "2016-01-10"})
    assert answer["ruleset"] == nearest
    assert criterion(answer, "scheme_window")["passed"] is False
    assert answer["eligible"] is False
    # No act's window holds the start date: nothing to compare with.
    assert answer["in_force_on_start"] is None


def test_ages_are_judged_against_the_act_in_force(client) -> None:
    aged_45 = api(client, {**REFUGEE_2027, "birth_date": "1981-06-01"})
    assert criterion(aged_45, "age")["passed"] is True
    assert "50" in criterion(aged_45, "age")["message"]
    aged_50 = api(client, {**REFUGEE_2027, "birth_date": "1977-01-01"})
    assert criterion(aged_50, "age")["passed"] is False


def test_a_named_set_judges_by_its_own_criteria_and_says_the_start_is_outside_its_window(
        client) -> None:
    answer = api(client, {**REFUGEE_2027, "ruleset": "igu-2016"})
    assert answer["ruleset"] == "igu-2016"
    assert answer["eligible"] is False
    assert criterion(answer, "residence")["passed"] is False  # less than 5 years
    # Said in a notice, never as a failed criterion.
    assert [c["code"] for c in answer["criteria"]] == [
        "age", "residence", "target_group", "previous_igu", "recent_employment"]
    [outside] = [n for n in answer["notices"] if n["code"] == "outside_window"]
    assert set(outside) == {"code", "message", "legal_reference", "sureness", "note"}
    # The acts by their titles, as a reader knows them, never by their codes.
    assert "2027" in outside["message"] and "igu-20" not in outside["message"]
    assert "IGU act 2016" in outside["message"] and "IGU act from 2024" in outside["message"]
    assert outside["legal_reference"] == \
        rules_in_force.catalogue().get("igu-2016").window.legal_reference
    assert answer["in_force_on_start"] == {"ruleset": "igu-2024", "eligible": True}


def test_a_named_set_inside_its_window_gets_no_notice_and_no_comparison(client) -> None:
    answer = api(client, {**REFUGEE_2027, "ruleset": "igu-2024"})
    assert answer["eligible"] is True
    assert not [n for n in answer["notices"] if n["code"] == "outside_window"]
    assert answer["in_force_on_start"] is None


def test_a_named_set_for_a_start_no_window_holds_says_so_and_compares_with_nothing(
        client) -> None:
    answer = api(client, {**REFUGEE_2027, "start_date": "2028-03-01", "ruleset": "igu-2024"})
    assert answer["notices"][0]["code"] == "outside_window"
    assert not any(c["code"] == "scheme_window" for c in answer["criteria"])
    assert answer["in_force_on_start"] is None


def test_the_comparison_uses_the_same_look_ups(app, client) -> None:
    """A person igu-admin holds an IGU for fails previous_igu under both acts."""
    company = make_company("101")
    employer = make_user(Role.EMPLOYER, company=company)
    headers = {"Authorization": f"Bearer {api_tokens.create_token(employer, employer).secret}"}
    draft = client.post("/api/v1/agreements", json=complete_agreement(), headers=headers)
    assert draft.status_code == 201, draft.get_json()
    submitted = client.post(f"/api/v1/agreements/{draft.get_json()['id']}/submit",
                            json={"lock_version": draft.get_json()["lock_version"]},
                            headers=headers)
    assert submitted.status_code == 200, submitted.get_json()
    cpr = complete_agreement()["trainee"]["cpr"]
    body = {"start_date": START.replace(month=6).isoformat(), "cpr": cpr,
            "registered_since": f"{START.year - 2}-02-01", "target_group": "refugee",
            "ruleset": "igu-2016"}
    answer = client.post(URL, json=body, headers=headers).get_json()
    assert criterion(answer, "previous_igu")["passed"] is False
    assert answer["in_force_on_start"] == {"ruleset": "igu-2024", "eligible": False}


def cli(app, *extra: str):
    args = ["eligibility", "check", "--start-date", REFUGEE_2027["start_date"], "--birth-date",
            REFUGEE_2027["birth_date"], "--registered-since", REFUGEE_2027["registered_since"],
            "--target-group", "refugee", "--lang", "en", *extra]
    return app.test_cli_runner().invoke(args=args)


def test_the_cli_prints_the_act_in_force_and_exits_by_the_set_applied(app) -> None:
    named = cli(app, "--ruleset", "igu-2016")
    assert named.exit_code == 1, named.output  # igu-2016 says no
    assert "NOT ELIGIBLE (igu-2016)" in named.output
    assert "Under the rule set in force on the start date: ELIGIBLE (igu-2024)" in named.output
    assert "outside_window" in named.output
    by_default = cli(app)
    assert by_default.exit_code == 0, by_default.output
    assert "ELIGIBLE (igu-2024)" in by_default.output
    assert "in force on the start date" not in by_default.output
    as_json = json.loads(cli(app, "--ruleset", "igu-2016", "--json").output)
    assert as_json["in_force_on_start"] == {"ruleset": "igu-2024", "eligible": True}


def test_the_openapi_document_declares_the_new_fields(client) -> None:
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assessment = schemas["Assessment"]["properties"]
    assert "in_force_on_start" in assessment
    assert "InForceOnStart" in json.dumps(assessment["in_force_on_start"])
    assert set(schemas["InForceOnStart"]["properties"]) == {"ruleset", "eligible"}
    for shape in ("Criterion", "Notice"):
        assert {"legal_reference", "sureness", "note"} <= set(schemas[shape]["properties"])


@pytest.mark.parametrize(("pinned", "expected"), [
    (None, None), ("igu-2016", {"ruleset": "igu-2024", "eligible": True})])
def test_the_agreement_records_eligibility_carries_the_act_in_force(
        app, client, monkeypatch, pinned: str | None, expected: dict | None) -> None:
    if pinned is not None:
        monkeypatch.setitem(app.config, "IGU_RULESET", pinned)
    employer = make_user(Role.EMPLOYER, company=make_company("101"))
    headers = {"Authorization": f"Bearer {api_tokens.create_token(employer, employer).secret}"}
    draft = client.post("/api/v1/agreements", json=complete_agreement(), headers=headers)
    assert draft.status_code == 201, draft.get_json()
    record = client.get(f"/api/v1/agreements/{draft.get_json()['id']}", headers=headers).get_json()
    assert record["eligibility"]["ruleset"] == (pinned or "igu-2024")
    assert record["eligibility"]["in_force_on_start"] == expected


def page_answer(client, body: dict[str, str]) -> str:
    token = csrf_token(client, "/eligibility")
    response = client.post("/eligibility", data={"csrf_token": token, **body},
                           headers={"Accept-Language": "da"})
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


PAGE_FORM = {"start_date": "01.03.2027", "birth_date": "01.06.1995", "cpr": "",
             "registered_since": "10.01.2021",
             "target_group": "refugee", "previous_igu": "no", "recent_ordinary_employment": "no"}


def test_the_page_says_what_the_act_in_force_answers(app, client, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "IGU_RULESET", "igu-2016")
    html = page_answer(client, PAGE_FORM)
    assert "Nej, personen kan ikke starte i IGU" in html
    title = rules_in_force.catalogue().get("igu-2024").title_da
    assert (f"Efter reglerne, der gælder på startdatoen ({title}), kan personen starte i IGU"
            in html)
    monkeypatch.setitem(app.config, "IGU_RULESET", "by-start-date")
    html = page_answer(client, PAGE_FORM)
    assert "Ja, personen kan starte i IGU" in html
    assert "Efter reglerne, der gælder på startdatoen" not in html


def test_the_footer_names_no_act_for_the_whole_site(client) -> None:
    html = unescape(client.get("/", headers={"Accept-Language": "da"}).get_data(as_text=True))
    footer = html[html.index("<footer"):]
    for code in rules_in_force.catalogue().codes:
        ruleset = rules_in_force.catalogue().get(code)
        assert ruleset.title_da not in footer
    assert "IGU-loven" in footer  # says each answer names its own act


def test_the_plan_page_names_the_act_that_judges_the_plan(app, client, auth, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "IGU_RULESET", "igu-2021")
    employer = make_user(Role.EMPLOYER, company=make_company("101"))
    draft = agreements.create_draft(employer, parse_changes(complete_agreement()))
    auth.login(employer.email)
    html = unescape(client.get(f"/employer/agreements/{draft.id}/plan",
                               headers={"Accept-Language": "da"}).get_data(as_text=True))
    assert 'data-ruleset="igu-2021"' in html
    assert rules_in_force.catalogue().get("igu-2021").title_da in html
