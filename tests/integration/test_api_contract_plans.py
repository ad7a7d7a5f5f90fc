"""The schooling-plan operations keep to their own document under a fuzz run
aimed at them: the public check, and an employer's plan replaced and read
on a real agreement. (The general run in test_api_contract covers every
operation with fewer examples each.)"""

from __future__ import annotations

import functools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode

from igu_admin.documents import plan_pdf
from igu_admin.documents.render import html_to_pdf
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import Role
from igu_admin.services import agreements
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import complete_agreement
from tests.conftest import empty_tables
from tests.integration.test_api_contract import CHECKS, FUZZ, api_schema  # noqa: F401

VALIDATE = "/api/v1/schooling-plans/validate"
PLAN = "/api/v1/agreements/{agreement_id}/schooling-plan"


@pytest.fixture(scope="module")
def employer_agreement(migrated_app):
    """An employer's token, one of its draft agreements, and whether the
    plan's preview is still to be rendered; removed afterwards."""
    patch = pytest.MonkeyPatch()
    # A missing glyph fails PDF renders in tests (it only logs in production);
    # the run types any character a font may lack, and previews the plan's PDF.
    patch.setattr(plan_pdf, "html_to_pdf", functools.partial(html_to_pdf, strict=False))
    with migrated_app.app_context():
        employer = make_user(Role.EMPLOYER, company=make_company(municipality="101"))
        draft = agreements.create_draft(employer, parse_changes(complete_agreement()))
        token = api_tokens.create_token(employer, employer).secret
        yield {"Authorization": f"Bearer {token}"}, draft.id, {"unrendered": True}
        empty_tables()
    patch.undo()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@FUZZ
@given(data=st.data())
def test_generated_checks_answer_within_the_document(api_schema, mode, data) -> None:  # noqa: F811
    case = data.draw(api_schema[VALIDATE]["POST"].as_strategy(mode))
    response = case.call()
    case.validate_response(response, checks=CHECKS)
    assert response.status_code in ((200, 400) if mode == GenerationMode.POSITIVE
                                    else (200, 400, 413, 415))


@FUZZ
@given(data=st.data())
def test_generated_plans_are_saved_or_refused_and_read_within_the_document(
        api_schema, employer_agreement, data) -> None:  # noqa: F811
    """An employer's valid bodies on its own draft, as last read: saved (201
    the first time, then 200) or refused at a field (400), and read back."""
    headers, agreement_id, preview_state = employer_agreement
    get = data.draw(api_schema[PLAN]["GET"].as_strategy(GenerationMode.POSITIVE))
    get.path_parameters = {"agreement_id": agreement_id}
    get.headers = {**(get.headers or {}), **headers}
    read = get.call()
    get.validate_response(read, checks=CHECKS)
    assert read.status_code == 200
    put = data.draw(api_schema[PLAN]["PUT"].as_strategy(GenerationMode.POSITIVE))
    put.path_parameters = {"agreement_id": agreement_id}
    put.headers = {**(put.headers or {}), **headers}
    # As last read, so that a body the rules take is saved.
    put.body = {**put.body, "lock_version": read.json()["lock_version"]}
    response = put.call()
    put.validate_response(response, checks=CHECKS)
    assert response.status_code in (200, 201, 400), response.json()
    # Whatever was saved, its UDKAST preview renders. A refused body leaves the
    # saved plan as it was, so its preview would be the one already rendered:
    # only a change is rendered again (two thirds of the run's bodies are
    # refused, and the PDF is most of an example's time).
    if response.status_code == 400 and not preview_state["unrendered"]:
        return
    preview_state["unrendered"] = False
    pdf = data.draw(api_schema[PLAN + "/pdf"]["GET"].as_strategy(GenerationMode.POSITIVE))
    pdf.path_parameters = {"agreement_id": agreement_id}
    pdf.query = {}
    pdf.headers = {**(pdf.headers or {}), **headers}
    preview = pdf.call()
    pdf.validate_response(preview, checks=CHECKS)
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")
