"""The JSON API (v1): one declaration per operation (see api_operations)."""

from __future__ import annotations

from flask import Response, jsonify
from flask_babel import gettext as _

from igu_admin.services import eligibility as eligibility_service
from igu_admin.services.eligibility_answer import Assessment, answer
from igu_admin.services.eligibility_input import EligibilityFacts, facts_request
from igu_admin.services.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    RulesRefused,
    SubmissionRefused,
)
from igu_admin.web.access import recorded_igu_scope
from igu_admin.web.api_identity import require_bearer_user, role_refused_message
from igu_admin.web.api_operations import JsonApi
from igu_admin.web.errors import conflict_message
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
    request = facts_request(body, *recorded_igu_scope())
    return answer(eligibility_service.check(request))


@bp.route("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(api))


def _not_found(error: Exception) -> tuple[int, dict[str, list[str]]]:
    return 404, {"id": [_("No such record, or you do not have access to it.")]}


def _forbidden(error: Exception) -> tuple[int, dict[str, list[str]]]:
    return 403, {"auth": [role_refused_message()]}


def _conflict(error: Exception) -> tuple[int, dict[str, list[str]]]:
    assert isinstance(error, ConflictError)
    return 409, {error.field: [conflict_message(error)]}


def _refused(error: Exception) -> tuple[int, dict[str, list[str]]]:
    assert isinstance(error, SubmissionRefused | RulesRefused)
    return 422, error.errors


# The services' refusals, worded for the API; each operation declares the status.
api.refusals.update({NotFound: _not_found, PermissionDenied: _forbidden,
                     ConflictError: _conflict, SubmissionRefused: _refused,
                     RulesRefused: _refused})
api.authenticate = require_bearer_user
