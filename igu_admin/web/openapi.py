"""The OpenAPI 3.1 description of the JSON API."""

from __future__ import annotations

from typing import Any

from igu_admin.domain.eligibility import CRITERIA_CODES
from igu_admin.domain.rulesets import TARGET_GROUPS

_DATE = {"type": "string", "format": "date", "examples": ["2024-03-01"]}


def openapi_document(ruleset_modes: tuple[str, ...]) -> dict[str, Any]:
    errors = {
        "type": "object",
        "required": ["errors"],
        "properties": {"errors": {
            "type": "object",
            "description": "Messages per field, in the language of Accept-Language.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }},
    }
    request_schema = {
        "type": "object",
        "required": ["start_date", "registered_since", "target_group"],
        "description": "Give birth_date or cpr (or both, if they agree).",
        "properties": {
            "start_date": _DATE,
            "birth_date": _DATE,
            "cpr": {"type": "string", "pattern": r"^\d{6}-?\d{4}$",
                    "description": "DDMMYY-SSSS; numbers failing the old modulus-11 check "
                                   "are valid."},
            "registered_since": {**_DATE, "description": "First registered address in Denmark."},
            "absences": {"type": "array", "items": {
                "type": "object", "required": ["from", "to"],
                "properties": {"from": _DATE, "to": _DATE},
                "description": "A period registered abroad, both days included."}},
            "target_group": {"type": "string", "enum": list(TARGET_GROUPS)},
            "previous_igu": {"type": "boolean", "default": False},
            "recent_ordinary_employment": {
                "type": "boolean", "default": False,
                "description": "Ordinary employment in the company within the period the rule "
                               "on the start date names: the months before the start, or, "
                               "for starts before that rule, directly up to the start."},
            "ruleset": {"type": "string", "enum": list(ruleset_modes),
                        "description": "Default: the server's IGU_RULESET."},
        },
    }
    criterion = {
        "type": "object",
        "required": ["code", "passed", "value", "message", "legal_reference"],
        "properties": {
            "code": {"type": "string", "enum": list(CRITERIA_CODES)},
            "passed": {"type": "boolean"},
            "value": {"description": "The computed value: age or whole years of residence "
                                     "(integer), target group (string), yes/no (boolean), "
                                     "rule set code or null (scheme_window)."},
            "message": {"type": "string"},
            "legal_reference": {"type": "string"},
        },
    }
    notice = {
        "type": "object",
        "required": ["code", "message", "legal_reference"],
        "description": "Information that decides nothing, e.g. the national yearly cap.",
        "properties": {
            "code": {"type": "string"},
            "message": {"type": "string"},
            "legal_reference": {"type": "string"},
        },
    }
    assessment = {
        "type": "object",
        "required": ["eligible", "ruleset", "criteria", "notices"],
        "properties": {
            "eligible": {"type": "boolean"},
            "ruleset": {"type": "string"},
            "criteria": {"type": "array", "items": criterion},
            "notices": {"type": "array", "items": notice},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "igu-admin API", "version": "1.0.0",
                 "description": "Eligibility for the Danish integration basic education (IGU)."},
        "paths": {
            "/api/v1/eligibility": {"post": {
                "summary": "Can the person start an IGU?",
                "operationId": "checkEligibility",
                "parameters": [{"name": "Accept-Language", "in": "header", "required": False,
                                "schema": {"type": "string", "examples": ["da", "en"]}}],
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Request"}}}},
                "responses": {
                    "200": {"description": "The assessment, one result per criterion.",
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Assessment"}}}},
                    "400": {"description": "Bad input, with messages per field.",
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Errors"}}}},
                },
            }},
        },
        "components": {"schemas": {"Request": request_schema, "Assessment": assessment,
                                   "Errors": errors}},
    }
