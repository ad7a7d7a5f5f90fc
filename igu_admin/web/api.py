"""The JSON API (v1): one declaration per operation (see api_operations)."""

from __future__ import annotations

from flask import Response, jsonify

from igu_admin.services import eligibility as eligibility_service
from igu_admin.services.eligibility_answer import Assessment, answer
from igu_admin.services.eligibility_input import EligibilityFacts, facts_request
from igu_admin.web.access import may_look_up_recorded_igus
from igu_admin.web.api_operations import JsonApi
from igu_admin.web.openapi import openapi_document

api = JsonApi("api", "/api/v1", title="igu-admin API", version="1.0.0",
              description="Administration of the Danish integration basic education (IGU).")
bp = api.blueprint


@api.operation(
    "/eligibility", "POST", operation_id="checkEligibility", tags=("eligibility",),
    summary="Can the person start an IGU?", body=EligibilityFacts,
    responses={200: (Assessment, "The assessment, one result per criterion."),
               400: "Malformed input, or facts that contradict each other: a start before "
                    "the birth, a birth date that does not match the CPR number, a period "
                    "abroad that ends before it starts."})
def eligibility(body: EligibilityFacts) -> Assessment:
    request = facts_request(body, lookup_recorded_igu=may_look_up_recorded_igus())
    return answer(eligibility_service.check(request))


@bp.route("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(api))
