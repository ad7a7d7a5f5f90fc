"""The JSON API (v1): the one JsonApi every operation is declared on (see
operations.py), its OpenAPI document, and how the services' refusals are
answered."""

from __future__ import annotations

from flask import Response, jsonify
from flask_babel import gettext as _

from igu_admin.core.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    RulesRefused,
    SubmissionRefused,
)
from igu_admin.services.documents import NoPdf
from igu_admin.web.api.identity import require_bearer_user, role_refused_message
from igu_admin.web.api.openapi import openapi_document
from igu_admin.web.api.operations import JsonApi
from igu_admin.web.errors import conflict_message, no_pdf_message

api = JsonApi("api", "/api/v1", title="igu-admin API", version="1.0.0",
              description="Administration of the Danish integration basic education (IGU).")
bp = api.blueprint


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


def _no_pdf(error: Exception) -> tuple[int, dict[str, list[str]]]:
    title, text = no_pdf_message()
    return 404, {"id": [f"{title}. {text}"]}


# The services' refusals, worded for the API; each operation declares the
# status. The first class an error is an instance of answers it: NoPdf (a
# NotFound) before NotFound.
api.refusals.update({NoPdf: _no_pdf, NotFound: _not_found, PermissionDenied: _forbidden,
                     ConflictError: _conflict, SubmissionRefused: _refused,
                     RulesRefused: _refused})
api.authenticate = require_bearer_user
