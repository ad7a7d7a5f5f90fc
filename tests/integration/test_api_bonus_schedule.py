"""POST /api/v1/bonus-schedule: answers, refusals and the OpenAPI document."""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

URL = "/api/v1/bonus-schedule"
VALID = {"start_date": "2026-03-01", "employer_type": "private"}


def post(client, body, lang: str = "en"):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json",
                       headers={"Accept-Language": lang})


def test_a_private_employer_gets_both_company_claims(app, client) -> None:
    response = post(client, VALID)
    assert response.status_code == 200
    assert response.get_json() == {
        "end_date": "2028-02-29",
        "claims": [
            {"type": "company_bonus_6_months", "beneficiary": "company", "amount": "20000.00",
             "due_date": "2026-09-01", "deadline": None},
            {"type": "company_bonus_completion", "beneficiary": "company",
             "amount": "20000.00", "due_date": "2028-03-01", "deadline": "2029-03-01"},
        ],
        "cancelled": []}


def test_a_public_employer_gets_no_company_claims(app, client) -> None:
    body = post(client, {**VALID, "employer_type": "public"}).get_json()
    assert body["claims"] == [] and body["cancelled"] == []
    assert body["end_date"] == "2028-02-29"


def test_the_municipalitys_claim_needs_the_programme_start(app, client) -> None:
    body = post(client, {**VALID, "integration_programme_start": "2025-01-15"}).get_json()
    assert body["claims"][2] == {"type": "municipality_result_grant",
                                 "beneficiary": "municipality", "amount": "88817.00",
                                 "due_date": "2026-09-01", "deadline": None}
    assert len(post(client, VALID).get_json()["claims"]) == 2


@pytest.mark.parametrize(("programme_start", "amount"), [
    ("2023-03-02", "88817.00"),  # the course starts on the last day of year 3
    ("2023-03-01", "59210.00"),  # on the first day of year 4
    ("2021-03-02", "59210.00"),  # the last day of year 5
])
def test_the_municipal_rate_follows_the_year_of_the_programme(app, client, programme_start: str,
                                                               amount: str) -> None:
    body = post(client, {**VALID, "integration_programme_start": programme_start}).get_json()
    assert body["claims"][-1]["amount"] == amount


def test_after_year_5_of_the_programme_the_municipality_has_no_claim(app, client) -> None:
    body = post(client, {**VALID, "integration_programme_start": "2021-03-01"}).get_json()
    assert [c["beneficiary"] for c in body["claims"]] == ["company", "company"]


def test_an_extension_before_the_6_month_date_moves_both_claims(app, client) -> None:
    body = post(client, {**VALID, "extensions": [
        {"from": "2026-05-01", "to": "2026-07-15", "reason": "sickness"}]}).get_json()
    # 76 days, from 1 May to 15 July.
    assert body["end_date"] == "2028-05-15"
    assert [c["due_date"] for c in body["claims"]] == ["2026-11-16", "2028-05-16"]


def test_a_schooling_extension_after_the_6_month_date_moves_only_the_end(app, client) -> None:
    body = post(client, {**VALID, "extensions": [
        {"from": "2028-03-01", "to": "2028-03-31", "reason": "schooling"}]}).get_json()
    assert body["end_date"] == "2028-03-31"
    assert [c["due_date"] for c in body["claims"]] == ["2026-09-01", "2028-04-01"]
    assert body["claims"][1]["deadline"] == "2029-04-01"


def test_an_early_end_cancels_the_claims_not_reached(app, client) -> None:
    body = post(client, {**VALID, "terminated_on": "2026-08-30",
                         "integration_programme_start": "2025-01-15"}).get_json()
    assert body["claims"] == []
    assert body["cancelled"] == [
        {"type": "company_bonus_6_months", "beneficiary": "company", "reason": "terminated",
         "would_have_fallen_due": "2026-09-01"},
        {"type": "company_bonus_completion", "beneficiary": "company", "reason": "terminated",
         "would_have_fallen_due": "2028-03-01"},
        {"type": "municipality_result_grant", "beneficiary": "municipality",
         "reason": "terminated", "would_have_fallen_due": "2026-09-01"}]


def test_an_end_on_the_last_day_of_the_6_months_keeps_that_claim(app, client) -> None:
    body = post(client, {**VALID, "terminated_on": "2026-08-31"}).get_json()
    assert [c["type"] for c in body["claims"]] == ["company_bonus_6_months"]
    assert [c["type"] for c in body["cancelled"]] == ["company_bonus_completion"]


def test_the_rule_set_can_be_chosen(app, client) -> None:
    body = post(client, {**VALID, "start_date": "2018-03-01", "ruleset": "igu-2016",
                         "integration_programme_start": "2017-01-01"}).get_json()
    assert body["end_date"] == "2020-02-29"
    assert [c["amount"] for c in body["claims"]] == ["20000.00", "20000.00", "76500.00"]


BAD = [
    ({**VALID, "employer_type": "municipal"}, "employer_type",
     "Unknown employer type. Use one of: private, public."),
    ({**VALID, "start_date": "2026-02-30"}, "start_date",
     "The date does not exist. Check day and month."),
    ({**VALID, "extensions": [{"from": "2026-05-10", "to": "2026-05-01", "reason": "sickness"}]},
     "extensions.0.to", "The extension ends before it starts."),
    ({**VALID, "terminated_on": "2026-02-28"}, "terminated_on",
     "The course cannot end before it starts."),
    ({**VALID, "ruleset": "igu-1999"}, "ruleset",
     "Unknown rule set. Use one of: igu-2016, igu-2021, igu-2024, by-start-date."),
    ({**VALID, "extensions": [{"from": "2026-05-01", "to": "2026-08-01", "reason": "holiday"}]},
     "extensions.0.reason",
     "Unknown reason for the extension. Use one of: parental_leave, sickness, schooling."),
    ({**VALID, "extensions": [{"from": "2026-02-01", "to": "2026-05-01", "reason": "sickness"}]},
     "extensions.0.from", "The extension begins before the course starts."),
    ({**VALID, "extensions": None}, "extensions", "Must not be null."),
    ({**VALID, "terminated_on": None}, "terminated_on", "Must not be null."),
    ({"start_date": "2026-03-01"}, "employer_type", "This field is required."),
    ({**VALID, "extensions": [{"from": "2026-05-01", "to": "2026-08-01", "reason": "sickness",
                               "note": "x"}]},
     "extensions.0.note", "This field is not known here. Check the spelling, or leave it out."),
]


@pytest.mark.parametrize(("body", "path", "message"), BAD)
def test_bad_input_answers_400_at_its_field(app, client, body: dict, path: str,
                                            message: str) -> None:
    response = post(client, body)
    assert response.status_code == 400
    assert response.get_json() == {"errors": {path: [message]}}


def test_messages_are_danish_by_default(app, client) -> None:
    response = client.post(URL, json={**VALID, "terminated_on": "2026-02-28"})
    assert response.status_code == 400
    assert response.get_json() == {"errors": {"terminated_on": [
        "Forløbet kan ikke slutte, før det begynder."]}}


def test_malformed_json_answers_400(app, client) -> None:
    response = post(client, '{"start_date": ')
    assert response.status_code == 400
    assert response.get_json() == {"errors": {"body": ["The request body is not valid JSON."]}}


def test_a_sickness_not_longer_than_8_weeks_is_refused_with_422(app, client) -> None:
    eight_weeks = {"from": "2026-05-01", "to": "2026-06-25", "reason": "sickness"}  # 56 days
    response = post(client, {**VALID, "extensions": [eight_weeks]})
    assert response.status_code == 422
    assert response.get_json() == {"errors": {"extensions.0.to": [
        "An extension for this reason needs a continuous absence of more than 8 weeks."]}}
    a_day_more = {**eight_weeks, "to": "2026-06-26"}
    assert post(client, {**VALID, "extensions": [a_day_more]}).status_code == 200


def test_an_extension_before_the_rules_had_extensions_is_refused_with_422(app, client) -> None:
    # The extension rules apply to courses starting from 1 July 2019.
    body = {**VALID, "start_date": "2018-03-01", "ruleset": "igu-2016",
            "extensions": [{"from": "2018-05-01", "to": "2018-05-02", "reason": "parental_leave"}]}
    response = post(client, body, "da")
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["extensions.0.reason"]
    assert "1. marts 2018" in response.get_json()["errors"]["extensions.0.reason"][0]


def test_the_operation_is_in_the_document_with_its_answers(app, client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"][URL]["post"]
    assert "security" not in operation or operation["security"] == []
    assert sorted(operation["responses"]) == ["200", "400", "413", "415", "422"]
    schema = {**spec["components"]["schemas"]["BonusSchedule"],
              "components": spec["components"]}
    validator = Draft202012Validator(schema)
    for body in (VALID, {**VALID, "terminated_on": "2026-08-30",
                         "integration_programme_start": "2025-01-15"}):
        validator.validate(post(client, body).get_json())
    facts = json.dumps(spec["components"]["schemas"]["BonusScheduleFacts"])
    assert "null" not in facts


# The fuzz run of the whole API (test_api_contract) spreads its examples over
# every operation; this one gives the schedule its own.

@pytest.fixture(scope="module")
def operation(migrated_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", migrated_app)[URL]["POST"]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@settings(max_examples=150, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@given(data=st.data())
def test_no_generated_request_breaks_the_schedule(operation, mode, data) -> None:
    case = data.draw(operation.as_strategy(mode))
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance,
                                              content_type_conformance,
                                              response_schema_conformance])
    if mode == GenerationMode.POSITIVE:
        assert response.status_code in (200, 400, 422)
