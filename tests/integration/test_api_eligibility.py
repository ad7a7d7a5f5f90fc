"""POST /api/v1/eligibility: answers, errors and the OpenAPI document."""

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from igu_admin.models import AgreementStatus, Role
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_agreement, make_trainee

URL = "/api/v1/eligibility"
VALID = {"start_date": "2025-03-03", "birth_date": "1995-06-01",
         "registered_since": "2022-01-10", "target_group": "refugee"}


def criterion(body: dict, code: str) -> dict:
    return next(c for c in body["criteria"] if c["code"] == code)


def post(client, body, lang: str = "en", token: str | None = None):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    headers = {"Accept-Language": lang}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return client.post(URL, data=data, content_type="application/json", headers=headers)


def token_for(user) -> str:
    return api_tokens.create_token(user, user).secret


def test_an_eligible_person_gets_every_criterion(app, client) -> None:
    response = post(client, VALID)
    assert response.status_code == 200
    body = response.get_json()
    assert body["eligible"] is True
    # By default, the act in force on the start date, and the window that says so.
    assert body["ruleset"] == "igu-2024"
    assert body["in_force_on_start"] is None
    assert [c["code"] for c in body["criteria"]] == [
        "scheme_window", "age", "residence", "target_group", "previous_igu", "recent_employment"]
    for item in body["criteria"]:
        assert set(item) == {"code", "passed", "value", "message", "legal_reference",
                             "sureness", "note"}
        # A reference is a section, or says plainly that it is guidance (issue 11).
        assert item["message"] and item["legal_reference"].startswith(
            ("IGU", "Bek", "Vejledning"))
    assert criterion(body, "age")["value"] == 29


def test_messages_follow_accept_language_with_danish_as_default(app, client) -> None:
    danish = criterion(client.post(URL, json=VALID).get_json(), "age")["message"]
    english = criterion(post(client, VALID, "en").get_json(), "age")["message"]
    assert "år gammel" in danish
    assert "years old" in english


def test_a_40th_birthday_on_the_start_date_is_not_eligible_under_the_2016_act(app, client) -> None:
    body = post(client, {**VALID, "birth_date": "1985-03-03", "ruleset": "igu-2016"}).get_json()
    assert body["eligible"] is False
    assert body["criteria"][0] == {**body["criteria"][0], "code": "age", "passed": False,
                                   "value": 40}


def test_a_cpr_number_gives_the_birth_date(app, client) -> None:
    body = post(client, {**{k: v for k, v in VALID.items() if k != "birth_date"},
                         "cpr": "010695-1235"}).get_json()
    assert criterion(body, "age")["value"] == 29


def test_by_start_date_reports_the_scheme_window(app, client) -> None:
    body = post(client, {**VALID, "start_date": "2028-01-01", "ruleset": "by-start-date",
                         "registered_since": "2025-01-01"}).get_json()
    assert body["eligible"] is False
    assert body["criteria"][0]["code"] == "scheme_window"
    assert body["criteria"][0]["passed"] is False


def test_absences_move_the_residence_limit(app, client) -> None:
    # The 2016 act's limit: less than 5 years.
    exactly_five = {**VALID, "registered_since": "2020-03-03", "ruleset": "igu-2016"}
    assert post(client, exactly_five).get_json()["eligible"] is False
    abroad = {**exactly_five, "absences": [{"from": "2021-01-01", "to": "2021-01-01"}]}
    assert post(client, abroad).get_json()["eligible"] is True


def _previous(body: dict) -> dict:
    return next(c for c in body["criteria"] if c["code"] == "previous_igu")


def test_staff_learn_of_a_recorded_igu_the_public_does_not(app, client, auth) -> None:
    trainee = make_trainee(cpr="0106951235")
    company = make_company()
    make_agreement(company, trainee, status=AgreementStatus.APPROVED)
    body = {**{k: v for k, v in VALID.items() if k != "birth_date"}, "cpr": "010695-1235"}
    # Anonymous: no answer may reveal whether this CPR number has been in an IGU.
    assert _previous(post(client, body).get_json())["passed"] is True
    # The API acts on a token, never on a browser's login session.
    auth.login(make_user(Role.EMPLOYER, company=company).email)
    assert _previous(post(client, body).get_json())["passed"] is True
    employer = token_for(make_user(Role.EMPLOYER, company=company))
    previous = _previous(post(client, body, token=employer).get_json())
    assert previous["passed"] is False
    assert "already holds an IGU agreement" in previous["message"]
    # Another company's employer may not learn of it; the municipality may.
    stranger = token_for(make_user(Role.EMPLOYER))
    assert _previous(post(client, body, token=stranger).get_json())["passed"] is True
    caseworker = token_for(make_user(Role.CASEWORKER))
    assert _previous(post(client, body, token=caseworker).get_json())["passed"] is False


def test_a_draft_or_rejected_agreement_is_not_a_previous_igu(app, client, auth) -> None:
    trainee = make_trainee(cpr="0106951235")
    make_agreement(make_company(), trainee, status=AgreementStatus.REJECTED)
    body = post(client, {**{k: v for k, v in VALID.items() if k != "birth_date"},
                         "cpr": "0106951235"}, token=token_for(make_user(Role.CASEWORKER))).get_json()
    assert body["eligible"] is True


@pytest.mark.parametrize(("body", "field"), [
    ({**VALID, "start_date": "2025-02-30"}, "start_date"),
    ({**VALID, "start_date": "03-03-2025"}, "start_date"),
    ({**VALID, "start_date": 20250303}, "start_date"),
    ({**VALID, "birth_date": "0001-01-01"}, "birth_date"),
    ({**VALID, "registered_since": None}, "registered_since"),
    ({**VALID, "target_group": "tourist"}, "target_group"),
    ({**VALID, "target_group": ["refugee"]}, "target_group"),
    ({**VALID, "ruleset": "igu-1999"}, "ruleset"),
    ({**VALID, "ruleset": 2016}, "ruleset"),
    ({**VALID, "previous_igu": "no"}, "previous_igu"),
    ({**VALID, "recent_ordinary_employment": 1}, "recent_ordinary_employment"),
    ({**VALID, "absences": "none"}, "absences"),
    ({**VALID, "absences": [{"from": "2024-01-01"}]}, "absences.0.to"),
    ({**VALID, "absences": [{"from": "2024-01-05", "to": "2024-01-01"}]}, "absences.0.to"),
    ({**VALID, "cpr": "123"}, "cpr"),
    ({**VALID, "cpr": "310295-1234"}, "cpr"),
    ({**VALID, "cpr": "010190-1234"}, "birth_date"),
    ({k: v for k, v in VALID.items() if k != "birth_date"}, "birth_date"),
    ({**VALID, "birth_date": "2026-01-01"}, "start_date"),
    ({**VALID, "registered_since": "2026-01-01"}, "registered_since"),
    ([1, 2, 3], "body"),
    ("not json", "body"),
    ("", "body"),
    ("null", "body"),
    ("[" * 100000 + "]" * 100000, "body"),
    ({**VALID, "cpr": "¹¹¹¹¹¹¹¹¹¹"}, "cpr"),
    ({**VALID, "cpr": "٠١٠١٩٠١٢٣٤"}, "cpr"),
    ({**VALID, "start_date": "\uff12\uff10\uff12\uff15-03-03"}, "start_date"),
    ({**VALID, "start_date": "2025-03-03\u0000"}, "start_date"),
])
def test_bad_input_answers_400_with_messages_per_field(app, client, body, field: str) -> None:
    response = post(client, body)
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert field in errors
    assert all(isinstance(m, str) and m for m in errors[field])


def test_error_messages_are_translated(app, client) -> None:
    body = {**VALID, "target_group": "tourist"}
    danish = post(client, body, "da").get_json()["errors"]["target_group"][0]
    english = post(client, body, "en").get_json()["errors"]["target_group"][0]
    assert danish != english
    assert english.startswith("Unknown target group")


def test_wrong_method_and_unknown_paths_answer_json(app, client) -> None:
    assert client.get(URL).status_code == 405
    assert client.get(URL).get_json()["errors"]
    assert client.get("/api/v1/nothing").status_code == 404


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.floats(allow_nan=False),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8),
                                                                      children, max_size=3),
    max_leaves=8)
FIELDS = st.sampled_from(["start_date", "birth_date", "cpr", "registered_since", "absences",
                          "target_group", "previous_igu", "recent_ordinary_employment", "ruleset"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(FIELDS, JSON_VALUES | st.dates().map(str)), st.booleans())
def test_no_json_body_gives_a_server_error(app, client, fields: dict, start_from_valid: bool) -> None:
    body = {**VALID, **fields} if start_from_valid else fields
    response = post(client, body)
    assert response.status_code in (200, 400)
    assert response.is_json


def test_the_openapi_document_is_valid_and_lists_the_rule_sets(app, client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    body = spec["paths"]["/api/v1/eligibility"]["post"]["requestBody"]["content"]["application/json"]
    name = body["schema"]["$ref"].rsplit("/", 1)[-1]
    schema = spec["components"]["schemas"][name]["properties"]
    assert schema["ruleset"]["enum"] == ["igu-2016", "igu-2021", "igu-2024", "by-start-date"]
    assert "refugee" in schema["target_group"]["enum"]
    assert "/api/v1/eligibility" in spec["paths"]


def test_a_start_date_far_ahead_is_assessed(app, client) -> None:
    """A rule set named assesses any start date, planning ahead being normal,
    and says when the start lies outside its window."""
    body = post(client, {**VALID, "start_date": str(date(2090, 1, 1)), "ruleset": "igu-2024",
                         "registered_since": "2089-01-01", "birth_date": "2060-01-01"}).get_json()
    assert body["eligible"] is True
    assert [n["code"] for n in body["notices"]] == ["outside_window", "yearly_cap"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(min_value=date(1940, 1, 1), max_value=date(2007, 12, 31)),
       st.integers(0, 999), st.integers(0, 9), st.integers(0, 9))
def test_the_answer_never_depends_on_the_cpr_check_digit(app, client, born: date, serial: int,
                                                         check_a: int, check_b: int) -> None:
    """Numbers issued since 2007 need not pass modulus 11: only the date counts."""
    seventh = 4 if born.year >= 2000 else 0  # keeps the century of `born`
    prefix = f"{born:%d%m%y}{seventh}{serial:03d}"[:9]
    body = {"start_date": "2025-03-03", "registered_since": "2023-01-01",
            "target_group": "refugee"}
    first = post(client, {**body, "cpr": f"{prefix[:6]}-{prefix[6:]}{check_a}"}).get_json()
    second = post(client, {**body, "cpr": prefix + str(check_b)}).get_json()
    assert first == second
    assert first["criteria"][0]["value"] == post(
        client, {**body, "birth_date": born.isoformat()}).get_json()["criteria"][0]["value"]


def test_every_bad_period_abroad_is_named(app, client) -> None:
    body = {**VALID, "absences": [{"from": "2023-01-01", "to": "2023-01-02"},
                                  {"from": "2023-02-30", "to": "2023-03-01"},
                                  {"from": "2023-04-01", "to": "x"}]}
    errors = post(client, body).get_json()["errors"]
    assert sorted(errors) == ["absences.1.from", "absences.2.to"]
