"""GET /api/v1/agreements/{id}/schooling-plan/pdf: the employer's preview or
stored version, the municipality's submitted versions only, 404 across
tenancy."""

from __future__ import annotations

import io

import pypdf
import pytest

from igu_admin.models import Role
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_user
from igu_admin.testing.plans import bakery, make_plan, plan_agreement, submit_version


def bearer(user, lang: str = "da") -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": lang}


def url(agreement_id: int, query: str = "") -> str:
    return f"/api/v1/agreements/{agreement_id}/schooling-plan/pdf{query}"


def text(response) -> str:
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def world(app):
    company = bakery("101")
    agreement = plan_agreement(company)
    return {"company": company, "agreement": agreement, "plan": make_plan(agreement),
            "employer": make_user(Role.EMPLOYER, company=company),
            "caseworker": make_user(Role.CASEWORKER, municipality="101")}


def test_the_employer_gets_a_preview_marked_udkast_before_any_submission(client, world) -> None:
    response = client.get(url(world["agreement"].id), headers=bearer(world["employer"]))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="igu-undervisningsplan-{world["agreement"].id}-udkast.pdf"')
    assert "UDKAST" in text(response) and "Grundlæggende bageri" in text(response)


def test_the_preview_follows_accept_language(client, world) -> None:
    response = client.get(url(world["agreement"].id), headers=bearer(world["employer"], "en"))
    assert "Schooling plan for integration basic education" in text(response)
    assert "DRAFT" in text(response)


def test_once_submitted_both_get_the_stored_pdf_and_any_version_by_number(client, world) -> None:
    first = submit_version(world["plan"])
    world["plan"].items[0].title = "Bagning for viderekomne"
    second = submit_version(world["plan"])
    for user in ("employer", "caseworker"):
        headers = bearer(world[user])
        latest = client.get(url(world["agreement"].id), headers=headers)
        assert latest.status_code == 200 and latest.data == second.pdf
        assert latest.headers["Content-Disposition"].endswith(
            f'igu-undervisningsplan-{world["agreement"].id}-version-2.pdf"')
        asked = client.get(url(world["agreement"].id, "?version=1"), headers=headers)
        assert asked.status_code == 200 and asked.data == first.pdf
        missing = client.get(url(world["agreement"].id, "?version=3"), headers=headers)
        assert missing.status_code == 404 and list(missing.get_json()["errors"]) == ["id"]


def test_the_municipality_sees_no_plan_before_it_is_submitted(client, world) -> None:
    response = client.get(url(world["agreement"].id), headers=bearer(world["caseworker"]))
    assert response.status_code == 404


def test_an_agreement_without_a_plan_previews_an_empty_plan_for_its_employer(client, app) -> None:
    company = bakery("101")
    agreement = plan_agreement(company)
    employer = make_user(Role.EMPLOYER, company=company)
    response = client.get(url(agreement.id), headers=bearer(employer))
    assert response.status_code == 200
    assert "Planen har endnu ingen kurser." in text(response)
    assert client.get(url(agreement.id, "?version=1"), headers=bearer(employer)).status_code == 404
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    assert client.get(url(agreement.id), headers=bearer(caseworker)).status_code == 404


def test_other_companies_and_municipalities_get_404(client, world) -> None:
    submit_version(world["plan"])
    strangers = (make_user(Role.EMPLOYER, company=bakery("751")),
                 make_user(Role.CASEWORKER, municipality="751"))
    for user in strangers:
        response = client.get(url(world["agreement"].id), headers=bearer(user))
        assert response.status_code == 404
    assert client.get(url(2**31 - 1), headers=bearer(world["employer"])).status_code == 404


def test_finance_officers_may_not_use_it_and_a_token_is_needed(client, world) -> None:
    finance = make_user(Role.FINANCE, municipality="101")
    assert client.get(url(world["agreement"].id), headers=bearer(finance)).status_code == 403
    assert client.get(url(world["agreement"].id)).status_code == 401


@pytest.mark.parametrize("query", ["?version=0", "?version=x", "?version=-1", "?lang=en",
                                   f"?version={2**31}"])
def test_a_malformed_query_answers_400_at_its_field(client, world, query: str) -> None:
    response = client.get(url(world["agreement"].id, query), headers=bearer(world["employer"]))
    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == [query[1:].split("=")[0]]


def test_the_operation_is_in_the_openapi_document(client, app) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/agreements/{agreement_id}/schooling-plan/pdf"]["get"]
    assert operation["operationId"] == "getSchoolingPlanPdf"
    assert "application/pdf" in operation["responses"]["200"]["content"]
    assert {p["name"] for p in operation["parameters"]} >= {"agreement_id", "version"}
