"""The JSON API (v1)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request

from igu_admin.domain.eligibility import EligibilityInputError
from igu_admin.services import eligibility as eligibility_service
from igu_admin.services.eligibility_input import RequestErrors, parse_request
from igu_admin.services.eligibility_messages import input_error
from igu_admin.web.openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _errors(errors: dict[str, list[str]]) -> tuple[Response, int]:
    return jsonify({"errors": errors}), 400


@bp.route("/eligibility", methods=["POST"])
def eligibility() -> Any:
    body = request.get_json(silent=True, force=True)
    if body is None:
        return _errors({"body": [input_error("body_not_json")]})
    try:
        parsed = parse_request(body)
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
