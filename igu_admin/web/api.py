"""The JSON API (v1)."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, jsonify, request

from igu_admin.domain.eligibility import EligibilityInputError
from igu_admin.services import eligibility as eligibility_service
from igu_admin.services.eligibility_input import RequestErrors, parse_request
from igu_admin.services.eligibility_messages import input_error
from igu_admin.web.access import may_look_up_recorded_igus
from igu_admin.web.openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _errors(errors: dict[str, list[str]]) -> tuple[Response, int]:
    return jsonify({"errors": errors}), 400


@bp.route("/eligibility", methods=["POST"])
def eligibility() -> Any:
    try:
        body = json.loads(request.get_data(cache=False) or b"")
    except (ValueError, RecursionError):
        return _errors({"body": [input_error("body_not_json")]})
    try:
        parsed = parse_request(body, lookup_recorded_igu=may_look_up_recorded_igus())
        assessment = eligibility_service.check(parsed)
    except RequestErrors as error:
        return _errors(error.errors)
    except EligibilityInputError as error:
        return _errors({field: [input_error(code) for code in codes]
                        for field, codes in error.errors.items()})
    return jsonify(eligibility_service.assessment_as_dict(assessment))


@bp.route("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(eligibility_service.catalogue().modes))
