"""The OpenAPI 3.1 document, made from the declared operations and the JSON
schemas of their pydantic models: nothing here describes a field by hand."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue, models_json_schema
from pydantic_core import core_schema

from igu_admin.web.api.operations import JSON, Answer, JsonApi, Operation

REF = "#/components/schemas/{model}"
BEARER = "bearerAuth"

_CONVERTER_SCHEMAS: dict[str, dict[str, Any]] = {
    "int": {"type": "integer", "minimum": 0},
    "uuid": {"type": "string", "format": "uuid"},
}


class _Schemas(GenerateJsonSchema):
    """Pydantic's generator, minus what would contradict the checks or clutter."""

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        # A field left out is None in Python, but null itself is refused:
        # "default": null would offer what the check rejects.
        if "default" in schema and schema["default"] is None:
            return self.generate_inner(schema["schema"])
        return super().default_schema(schema)

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def openapi_document(api: JsonApi) -> dict[str, Any]:
    uses: list[tuple[type[BaseModel], JsonSchemaMode]] = []
    for op in api.operations:
        uses += [(model, "validation") for model in (op.body, op.query) if model is not None]
        uses += [(answer.model, "serialization") for answer in op.answers.values()
                 if answer.model is not None]
    refs, definitions = models_json_schema(list(dict.fromkeys(uses)), ref_template=REF,
                                           schema_generator=_Schemas)
    schemas = definitions.get("$defs", {})
    paths: dict[str, dict[str, Any]] = {}
    for op in api.operations:
        paths.setdefault(api.url_prefix + op.templated_path, {})[op.method.lower()] = _operation(
            op, refs, schemas)
    components: dict[str, Any] = {"schemas": schemas}
    if any(op.bearer for op in api.operations):
        components["securitySchemes"] = {BEARER: {
            "type": "http", "scheme": "bearer",
            "description": "A personal API token: it acts as its user, with that user's role "
                           "and tenancy."}}
    return {"openapi": "3.1.0",
            "info": {"title": api.title, "version": api.version, "description": api.description},
            "paths": paths, "components": components}


def _operation(op: Operation, refs: dict[Any, JsonSchemaValue],
               schemas: dict[str, Any]) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True,
         "schema": _CONVERTER_SCHEMAS.get(converter, {"type": "string"})}
        for name, converter in op.path_parameters]
    if op.query is not None:
        query = _resolve(refs[(op.query, "validation")], schemas)
        parameters += [{"name": name, "in": "query", "required": name in query.get("required", ()),
                        "schema": schema}
                       for name, schema in query.get("properties", {}).items()]
    parameters.append({"name": "Accept-Language", "in": "header", "required": False,
                       "description": "The language of messages: da (default) or en.",
                       "schema": {"type": "string", "examples": ["da", "en"]}})
    operation: dict[str, Any] = {"operationId": op.operation_id, "summary": op.summary}
    if op.description:
        operation["description"] = op.description
    if op.tags:
        operation["tags"] = list(op.tags)
    operation["parameters"] = parameters
    if op.body is not None:
        operation["requestBody"] = {"required": True, "content": {
            JSON: {"schema": refs[(op.body, "validation")]}}}
    if op.upload is not None:
        operation["requestBody"] = {
            "required": True, "description": op.upload.description,
            "content": {media_type: {"schema": {"type": "string", "format": "binary",
                                                "contentMediaType": media_type}}
                        for media_type in op.upload.media_types}}
    operation["responses"] = {str(status): _response(answer, refs)
                              for status, answer in op.answers.items()}
    if op.bearer:
        operation["security"] = [{BEARER: []}]
    return operation


def _response(answer: Answer, refs: dict[Any, JsonSchemaValue]) -> dict[str, Any]:
    response: dict[str, Any] = {"description": answer.description}
    if answer.model is not None:
        response["content"] = {JSON: {"schema": refs[(answer.model, "serialization")]}}
    elif answer.media_type != JSON:
        # A file: OpenAPI 3.1 describes binary content by its media type alone.
        response["content"] = {media_type: {
            "schema": {"type": "string", "contentMediaType": media_type}}
            for media_type in answer.media_types}
        response["headers"] = {"Content-Disposition": {
            "description": "attachment, with a file name that holds no personal data.",
            "schema": {"type": "string"}}}
    return response


def _resolve(schema: JsonSchemaValue, schemas: dict[str, Any]) -> JsonSchemaValue:
    ref = schema.get("$ref")
    return schemas[ref.rsplit("/", 1)[-1]] if ref else schema
