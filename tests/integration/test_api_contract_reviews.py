"""The review's operations keep to their own document under a fuzz run aimed
at them, on real cases: a caseworker's operations on a submitted agreement,
an employer's on an approved one. (The general run in test_api_contract
covers every operation with fewer examples each, mostly on ids that do not
exist.)"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode

from igu_admin.services.accounts import api_tokens
from igu_admin.services.review import decisions
from tests.integration.test_api_contract import CHECKS, FUZZ, api_schema  # noqa: F401

CASE = "/api/v1/agreements/{agreement_id}"
CASEWORKER_OPERATIONS = [
    ("/decision", "POST"), ("/schooling-plan/decision", "POST"), ("/decisions", "GET"),
    ("/assign", "POST"), ("/integration-programme-start", "POST"), ("/comments", "GET"),
    ("/comments", "POST"), ("/events", "GET"), ("/signed-copy", "GET"), ("/pdf", "GET"),
]
EMPLOYER_OPERATIONS = [
    ("/signed", "POST"), ("/registered", "POST"), ("/signed-copy", "POST"),
    ("/signed-copy", "GET"), ("/vitas-summary", "GET"), ("/comments", "POST"),
    ("/comments", "GET"), ("/events", "GET"), ("/decisions", "GET"), ("/pdf", "GET"),
]


@pytest.fixture(scope="module")
def cases(migrated_app):
    """A submitted case for its caseworker and an approved one for its
    employer, with their tokens; removed afterwards."""
    from igu_admin.testing.reviews import submitted_case
    from tests.conftest import empty_tables

    with migrated_app.app_context():
        submitted = submitted_case()
        approved = submitted_case(cpr="010190-1234")
        decisions.decide_agreement(approved.caseworker, approved.agreement, "approve", "",
                                   approved.agreement.lock_version)

        def token(user) -> dict[str, str]:
            return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}"}

        yield {"caseworker": (token(submitted.caseworker), submitted.agreement.id),
               "employer": (token(approved.employer), approved.agreement.id)}
        empty_tables()


def _run(api_schema, caller, operations, mode, data) -> None:  # noqa: F811
    headers, agreement_id = caller
    path, method = data.draw(st.sampled_from(operations), label="operation")
    case = data.draw(api_schema[CASE + path][method].as_strategy(mode))
    case.path_parameters = {**(case.path_parameters or {}), "agreement_id": agreement_id}
    case.headers = {**(case.headers or {}), **headers}
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    assert response.status_code < 500


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@FUZZ
@given(data=st.data())
def test_a_caseworkers_generated_requests_keep_to_the_document(api_schema, cases, mode,  # noqa: F811
                                                               data) -> None:
    _run(api_schema, cases["caseworker"], CASEWORKER_OPERATIONS, mode, data)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@FUZZ
@given(data=st.data())
def test_an_employers_generated_requests_keep_to_the_document(api_schema, cases, mode,  # noqa: F811
                                                              data) -> None:
    _run(api_schema, cases["employer"], EMPLOYER_OPERATIONS, mode, data)
