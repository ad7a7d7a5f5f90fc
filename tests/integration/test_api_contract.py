"""The API keeps its own document: the schemas it publishes are the checks it makes."""

import functools
import json
import re
from collections.abc import Iterator

import pytest
import schemathesis
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, ValidationError, validators
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from igu_admin.documents import agreement_pdf, plan_pdf
from igu_admin.documents.render import html_to_pdf
from igu_admin.inputs.errors import input_error
from igu_admin.models import Role
from igu_admin.services.accounts import api_tokens

URL = "/api/v1/eligibility"
SPEC = "/api/v1/openapi.json"
VALID = {"start_date": "2025-03-03", "birth_date": "1995-06-01",
         "registered_since": "2022-01-10", "target_group": "refugee"}
BY_CPR = {**{k: v for k, v in VALID.items() if k != "birth_date"}, "cpr": "010695-1235"}
# Facts each valid on its own that contradict each other: the schema cannot say so.
CONTRADICTIONS = ("birth_cpr_mismatch", "start_before_birth", "registration_before_birth",
                  "registration_after_start", "absence_reversed")


def post(client, body, lang: str = "en", content_type: str = "application/json"):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type=content_type,
                       headers={"Accept-Language": lang})


def _ecma_pattern(validator, pattern: str, instance, schema):
    """JSON Schema patterns are ECMA-262, where "$" is the end of the text; in
    Python's re.search (jsonschema's) it also matches before a final newline."""
    if isinstance(instance, str) and not re.search(re.sub(r"\$$", r"\\Z", pattern), instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})


def validator(spec: dict, schema: dict) -> Draft202012Validator:
    """A validator for a schema of the document, with its components to refer to."""
    return Validator({**schema, "components": spec["components"]},
                     format_checker=Draft202012Validator.FORMAT_CHECKER)


def request_validator(spec: dict) -> Draft202012Validator:
    operation = spec["paths"][URL]["post"]
    return validator(spec, operation["requestBody"]["content"]["application/json"]["schema"])


def response_validator(spec: dict, status: int) -> Draft202012Validator:
    answer = spec["paths"][URL]["post"]["responses"][str(status)]
    return validator(spec, answer["content"]["application/json"]["schema"])


@pytest.fixture
def spec(app, client) -> dict:
    return client.get(SPEC).get_json()


def test_the_document_is_valid_openapi_3_1(spec: dict) -> None:
    validate(spec)
    assert spec["openapi"] == "3.1.0"
    answers = spec["paths"][URL]["post"]["responses"]
    assert sorted(answers) == ["200", "400", "413", "415"]
    for status in ("400", "413", "415"):
        assert answers[status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Errors"}


def test_the_document_offers_no_null_the_checks_refuse(spec: dict) -> None:
    text = json.dumps(spec["components"]["schemas"]["EligibilityFacts"])
    assert "null" not in text


OPTIONAL = {"birth_date": BY_CPR, "cpr": VALID, "absences": VALID, "previous_igu": VALID,
            "recent_ordinary_employment": VALID, "ruleset": VALID}


@pytest.mark.parametrize("field", [*OPTIONAL, "start_date", "registered_since", "target_group"])
def test_null_is_refused_at_its_field_with_a_translated_message(app, client, field: str) -> None:
    body = {**OPTIONAL.get(field, VALID), field: None}
    english, danish = post(client, body, "en"), post(client, body, "da")
    assert english.status_code == danish.status_code == 400
    assert english.get_json() == {"errors": {field: ["Must not be null."]}}
    assert danish.get_json() == {"errors": {field: ["Må ikke være null."]}}


def test_null_inside_a_period_abroad_is_refused_at_its_path(app, client) -> None:
    body = {**VALID, "absences": [{"from": "2023-01-01", "to": "2023-01-02"},
                                  {"from": None, "to": "2023-01-02"}]}
    assert post(client, body).get_json() == {"errors": {"absences.1.from": ["Must not be null."]}}


@pytest.mark.parametrize(("body", "path"), [
    ({**VALID, "nickname": "Ali"}, "nickname"),
    ({**VALID, "birthdate": "1995-06-01"}, "birthdate"),
    ({**VALID, "absences": [{"from": "2023-01-01", "to": "2023-01-02", "note": "x"}]},
     "absences.0.note"),
])
def test_an_unknown_property_is_refused_at_that_property(app, client, body: dict, path: str) -> None:
    response = post(client, body)
    assert response.status_code == 400
    assert response.get_json()["errors"] == {path: [
        "This field is not known here. Check the spelling, or leave it out."]}


AGREEMENT = [
    (VALID, True),
    (BY_CPR, True),
    ({**BY_CPR, "cpr": "0106951235"}, True),
    ({**BY_CPR, "cpr": "010695 1235"}, True),
    ({**VALID, "cpr": "010695-1235"}, True),
    ({**BY_CPR, "cpr": "290200-4234"}, True),  # 29 February 2000
    ({**VALID, "birth_date": "1900-01-01"}, True),
    ({**VALID, "start_date": "2100-12-31"}, True),
    ({**VALID, "absences": [], "previous_igu": True, "recent_ordinary_employment": False,
      "ruleset": "igu-2024"}, True),
    ({**VALID, "absences": [{"from": "2023-01-01", "to": "2023-01-01"}]}, True),
    # The three the hardening names: out of range, a CPR number without a date, neither.
    ({**VALID, "birth_date": "1899-12-31"}, False),
    ({**VALID, "start_date": "2101-01-01"}, False),
    ({**VALID, "absences": [{"from": "1899-12-31", "to": "2023-01-01"}]}, False),
    ({**BY_CPR, "cpr": "310295-1234"}, False),
    ({**BY_CPR, "cpr": "290200-1234"}, False),  # 1900 was no leap year
    ({**BY_CPR, "cpr": "010158-5234"}, False),  # 1858
    ({k: v for k, v in VALID.items() if k != "birth_date"}, False),
    ({**VALID, "birth_date": "2100-02-29"}, False),
    ({**VALID, "birth_date": "1995-6-1"}, False),
    ({**VALID, "birth_date": ""}, False),
    ({**VALID, "cpr": ""}, False),
    ({**BY_CPR, "cpr": "010695  1235"}, False),
    ({**BY_CPR, "cpr": "0106951235\n"}, False),
    ({**VALID, "birth_date": None}, False),
    ({**VALID, "nickname": "Ali"}, False),
    ({**VALID, "previous_igu": "no"}, False),
    ({**VALID, "target_group": "tourist"}, False),
    ({**VALID, "ruleset": "igu-1999"}, False),
    ({**VALID, "absences": [{"from": "2023-01-01"}]}, False),
    ([VALID], False),
]


@pytest.mark.parametrize(("body", "schema_valid"), AGREEMENT)
def test_the_api_accepts_exactly_what_its_schema_accepts(app, client, spec: dict, body,
                                                         schema_valid: bool) -> None:
    assert request_validator(spec).is_valid(body) is schema_valid
    response = post(client, body)
    assert (response.status_code == 200) is schema_valid, response.get_json()


@pytest.mark.parametrize("body", [
    VALID, BY_CPR, {**VALID, "start_date": "2028-01-01", "registered_since": "2025-01-01",
                    "ruleset": "by-start-date"},
    {**VALID, "absences": [{"from": "2023-01-01", "to": "2023-03-01"}], "previous_igu": True},
])
def test_answers_keep_to_the_declared_response_schema(app, client, spec: dict, body: dict) -> None:
    response = post(client, body)
    assert response.status_code == 200
    response_validator(spec, 200).validate(response.get_json())


def test_a_scheme_window_null_value_is_declared(app, client, spec: dict) -> None:
    body = {**VALID, "start_date": "2028-01-01", "registered_since": "2025-01-01",
            "ruleset": "by-start-date"}
    first = post(client, body).get_json()["criteria"][0]
    assert first["code"] == "scheme_window" and first["value"] is None


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_a_body_not_declared_as_json_answers_415_in_json(app, client, spec: dict,
                                                        content_type: str) -> None:
    response = post(client, VALID, content_type=content_type)
    assert response.status_code == 415
    assert response.get_json() == {"errors": {"body": [
        "Send the request body as JSON, with the header Content-Type: application/json."]}}
    response_validator(spec, 415).validate(response.get_json())


def test_json_with_a_charset_is_json(app, client) -> None:
    response = post(client, VALID, content_type="application/json; charset=utf-8")
    assert response.status_code == 200


def test_a_body_above_1_mib_answers_413_with_a_translated_message(app, client, spec: dict) -> None:
    body = json.dumps({**VALID, "padding": "x" * (1024 * 1024)})
    english, danish = post(client, body, "en"), post(client, body, "da")
    assert english.status_code == danish.status_code == 413
    assert english.get_json() == {"errors": {"body": ["The request body is too large."]}}
    assert danish.get_json() == {"errors": {"body": ["Forespørgslens indhold er for stort."]}}
    response_validator(spec, 413).validate(english.get_json())


@pytest.mark.parametrize("text", ['{"start_date": NaN}', '{"previous_igu": Infinity}',
                                  b'{"cpr": "\xff"}', "1" * 5000])
def test_what_python_reads_but_json_forbids_answers_400(app, client, text) -> None:
    response = post(client, text)
    assert response.status_code == 400
    assert response.get_json() == {"errors": {"body": ["The request body is not valid JSON."]}}


def test_refusals_keep_to_the_declared_error_schema(app, client, spec: dict) -> None:
    for body in ([1], {**VALID, "cpr": 5}, {**VALID, "birth_date": "2026-01-01"}):
        response = post(client, body)
        assert response.status_code == 400
        response_validator(spec, 400).validate(response.get_json())


# The fuzz run: Schemathesis makes requests from the document, valid ones and
# ones that break it, for every declared operation: without a token, and
# with the token of an employer (who may write agreements) or a caseworker.

@pytest.fixture(scope="module")
def api_schema(migrated_app):
    return schemathesis.openapi.from_wsgi(SPEC, migrated_app)


@pytest.fixture(scope="module")
def callers(migrated_app) -> Iterator[list[dict[str, str]]]:
    """Headers for each kind of caller. The drafts the run makes are removed
    afterwards, so later tests start from empty tables."""
    from igu_admin.testing.accounts import make_company, make_user
    from tests.conftest import empty_tables

    patch = pytest.MonkeyPatch()
    # A missing glyph fails PDF renders in tests (it only logs in production);
    # the run types any character a font may lack, and asks for previews.
    patch.setattr(agreement_pdf, "html_to_pdf", functools.partial(html_to_pdf, strict=False))
    patch.setattr(plan_pdf, "html_to_pdf", functools.partial(html_to_pdf, strict=False))
    with migrated_app.app_context():
        company = make_company(municipality="101")
        tokens = [api_tokens.create_token(user, user).secret for user in (
            make_user(Role.EMPLOYER, company=company), make_user(Role.CASEWORKER))]
        yield [{}, *({"Authorization": f"Bearer {token}"} for token in tokens)]
        empty_tables()
    patch.undo()


@pytest.fixture(scope="module")
def eligibility_schema(migrated_app) -> Draft202012Validator:
    return request_validator(migrated_app.test_client().get(SPEC).get_json())


@pytest.fixture(scope="module")
def contradiction_messages(migrated_app) -> set[str]:
    messages = set()
    for language in ("da", "en"):
        with migrated_app.test_request_context(), force_locale(language):
            messages |= {input_error(code) for code in CONTRADICTIONS}
    return messages


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
FUZZ = settings(max_examples=60, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.filter_too_much])


def _assert_schema_and_checks_agree(body, response, schema: Draft202012Validator,
                                    contradiction_messages: set[str]) -> None:
    """An accepted body is schema-valid, and a schema-valid body is refused only
    for facts that contradict each other."""
    schema_valid = schema.is_valid(body)
    if response.status_code == 200:
        assert schema_valid, body
    elif schema_valid and response.status_code == 400:
        given = {m for messages in response.json()["errors"].values() for m in messages}
        assert given <= contradiction_messages, body


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@FUZZ
@given(data=st.data())
def test_no_generated_request_breaks_the_document(api_schema, callers, eligibility_schema,
                                                  contradiction_messages, mode, data) -> None:
    """No 500, only declared statuses and shapes, for every declared operation."""
    case = data.draw(api_schema.as_strategy(mode))
    # The run makes up an Authorization header of its own: a real token replaces it.
    case.headers = {**(case.headers or {}), **data.draw(st.sampled_from(callers), label="caller")}
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    if case.path == URL and isinstance(case.body, dict | list):  # not bytes that are not JSON
        _assert_schema_and_checks_agree(case.body, response, eligibility_schema,
                                        contradiction_messages)


CHANGES = ["null", "leave out", "unknown property", "number", "text", "list", "object"]


@FUZZ
@given(data=st.data())
def test_one_change_to_a_valid_request_keeps_schema_and_checks_together(
        api_schema, eligibility_schema, contradiction_messages, data) -> None:
    """The mistakes the hardening names are one step from a valid request: null,
    a property left out or unknown, a value of another type."""
    case = data.draw(api_schema[URL]["POST"].as_strategy(GenerationMode.POSITIVE))
    properties = eligibility_schema.schema["components"]["schemas"]["EligibilityFacts"][
        "properties"]
    name = data.draw(st.sampled_from(sorted(properties)), label="property")
    change = data.draw(st.sampled_from(CHANGES), label="change")
    body = dict(case.body)
    if change == "leave out":
        body.pop(name, None)
    elif change == "unknown property":
        body[name + "_x"] = body.get(name, 1)
    else:
        body[name] = {"null": None, "number": 19950601, "text": "1995-06-01", "list": [],
                      "object": {}}[change]
    case.body = body
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    _assert_schema_and_checks_agree(body, response, eligibility_schema, contradiction_messages)


AGREEMENTS = "/api/v1/agreements"


@settings(FUZZ, max_examples=25)
@given(data=st.data())
def test_generated_agreements_are_saved_changed_and_previewed_within_the_document(
        api_schema, callers, data) -> None:
    """An employer's valid bodies, one after the other on the same draft: a
    draft is made or refused at a field (a rule such as a start date before
    today), changed with its lock_version, and its UDKAST preview renders,
    whatever text was typed."""
    employer = callers[1]
    create = data.draw(api_schema[AGREEMENTS]["POST"].as_strategy(GenerationMode.POSITIVE))
    create.headers = {**(create.headers or {}), **employer}
    response = create.call()
    create.validate_response(response, checks=CHECKS)
    assert response.status_code in (201, 400)
    if response.status_code != 201:
        return
    record = response.json()
    change = data.draw(api_schema[AGREEMENTS + "/{agreement_id}"]["PATCH"].as_strategy(
        GenerationMode.POSITIVE))
    change.path_parameters = {"agreement_id": record["id"]}
    change.body = {**change.body, "lock_version": record["lock_version"]}
    change.headers = {**(change.headers or {}), **employer}
    changed = change.call()
    change.validate_response(changed, checks=CHECKS)
    assert changed.status_code in (200, 400)
    preview = data.draw(api_schema[AGREEMENTS + "/{agreement_id}/pdf"]["GET"].as_strategy(
        GenerationMode.POSITIVE))
    preview.path_parameters = {"agreement_id": record["id"]}
    preview.headers = {**(preview.headers or {}), **employer}
    pdf = preview.call()
    preview.validate_response(pdf, checks=CHECKS)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The (empty) schooling plan's preview of the same draft renders too.
    plan = data.draw(api_schema[AGREEMENTS + "/{agreement_id}/schooling-plan/pdf"]["GET"]
                     .as_strategy(GenerationMode.POSITIVE))
    plan.path_parameters = {"agreement_id": record["id"]}
    plan.query = {}
    plan.headers = {**(plan.headers or {}), **employer}
    plan_pdf_answer = plan.call()
    plan.validate_response(plan_pdf_answer, checks=CHECKS)
    assert plan_pdf_answer.status_code == 200 and plan_pdf_answer.content.startswith(b"%PDF")
