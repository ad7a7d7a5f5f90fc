"""Declared JSON API operations.

One declaration per operation gives its route, the checks of its request
(Content-Type, size, JSON, the body and query models), the shape of each
answer, and its part of the OpenAPI document (see `openapi`):

    @api.operation("/agreements/<int:agreement_id>", "GET", operation_id="getAgreement",
                   summary="One agreement", bearer=True,
                   responses={200: (AgreementOut, "The agreement."), 404: "No such agreement."})
    def agreement(agreement_id: int) -> AgreementOut: ...

The view gets the path arguments, `body=` (a validated model) when `body` is
declared and `query=` when `query` is; it returns a model declared for 200,
or `(model, status)` / `(model, status, headers)`. To refuse, it raises
InputErrors (400) or ApiError with a declared status.

An answer that is a file (a PDF) is declared `200: Binary("application/pdf",
"...")` and the view returns a `FileReply`; it is sent as an attachment
with `Cache-Control: no-store`. A file of one of several types is declared
`Binary("application/pdf", "...", also=("image/png",))`.

A request whose body is a file (an upload, not JSON) is declared with
`upload=Upload(media_types, max_bytes, description)`: the body is taken as
sent, up to `max_bytes` (413 above), with one of the declared Content-Types
(415 otherwise), and the view gets `upload=` an UploadedFile. Its name, for
display only, comes from an optional `Content-Disposition: attachment;
filename="..."` header.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, current_app, request, stream_with_context
from pydantic import BaseModel, Field
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.http import parse_options_header

from igu_admin.inputs.errors import BODY, InputErrors, input_error, validate_input

JSON = "application/json"


class Errors(BaseModel):
    """The body of every refusal (4xx)."""

    errors: dict[str, list[str]] = Field(description=(
        "Messages per field path (`absences.1.from`; `body` for the body as a whole, `auth` "
        "for the token), in the language of Accept-Language."))


# The meaning of each refusal, from the API conventions; an operation may say more.
STATUS_MEANINGS: dict[int, str] = {
    400: "Malformed input: wrong type, bad date, unknown code or field, missing required field.",
    401: "No token, or an unknown or revoked token.",
    403: "The caller's role may never use this operation.",
    404: "No such record, or a record outside the caller's tenancy.",
    409: "A stale lock_version, or an action the record's status does not allow.",
    413: "The request body is larger than 1 MiB.",
    415: "The request body is not declared as Content-Type: application/json.",
    422: "Well-formed, but the rules refuse it as the record stands.",
}


class ApiError(Exception):
    """A refusal with a status the operation declares, and messages per field."""

    def __init__(self, status: int, errors: dict[str, list[str]],
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.errors = errors
        self.headers = dict(headers or {})


@dataclass(frozen=True)
class Answer:
    model: type[BaseModel] | None
    description: str
    media_type: str = JSON
    also: tuple[str, ...] = ()

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.also)


@dataclass(frozen=True)
class Binary:
    """A declared answer that is a file of `media_type` (or one of `also`), not JSON."""

    media_type: str
    description: str
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Upload:
    """A declared request body that is a file of one of `media_types`, at most
    `max_bytes` long."""

    media_types: tuple[str, ...]
    max_bytes: int
    description: str


@dataclass(frozen=True)
class UploadedFile:
    """An uploaded body as sent: its bytes, the name the client gave it (""
    when none; for display only) and the Content-Type it was declared as
    (a claim: the services judge the content)."""

    data: bytes
    filename: str
    declared_type: str


@dataclass(frozen=True)
class FileReply:
    """A file to send as an attachment. `filename` is what the browser saves
    it as: it must never hold personal data (it ends up in download lists).
    `content` may be an iterator of pieces: it is then streamed as it is made,
    within the request's context (an export of many rows)."""

    content: bytes | Iterator[bytes]
    media_type: str
    filename: str


@dataclass(frozen=True)
class Operation:
    rule: str
    method: str
    operation_id: str
    summary: str
    description: str
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    answers: dict[int, Answer]
    bearer: bool
    tags: tuple[str, ...] = ()
    # The roles the operation serves (bearer operations); None: every role.
    roles: tuple[str, ...] | None = None
    upload: Upload | None = None

    @property
    def path_parameters(self) -> list[tuple[str, str]]:
        """(name, converter) for each variable part of the Flask rule."""
        return [(name, converter or "string")
                for converter, name in _RULE_VARIABLE.findall(self.rule)]

    @property
    def templated_path(self) -> str:
        """The rule as OpenAPI writes it: `/agreements/{agreement_id}`."""
        return _RULE_VARIABLE.sub(r"{\2}", self.rule)


_RULE_VARIABLE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")

Reply = (BaseModel | tuple[BaseModel, int] | tuple[BaseModel, int, Mapping[str, str]]
         | FileReply)
AnswerSpec = tuple[type[BaseModel], str] | str | Binary


@dataclass
class JsonApi:
    """A blueprint whose routes are declared operations, and their registry."""

    name: str
    url_prefix: str
    title: str
    version: str
    description: str = ""
    operations: list[Operation] = field(default_factory=list)
    # Run before every operation declared with bearer=True, with the roles it
    # serves; raises ApiError (401/403) to refuse. Until one is installed,
    # such operations refuse all.
    authenticate: Callable[[tuple[str, ...] | None], None] | None = None
    # Service refusals (exception type -> status and field), so views need
    # not catch them; each status must be declared by the operation.
    refusals: dict[type[Exception], Callable[[Exception], tuple[int, dict[str, list[str]]]]] = \
        field(default_factory=dict)

    def __post_init__(self) -> None:
        self.blueprint = Blueprint(self.name, __name__, url_prefix=self.url_prefix)

    def operation(self, rule: str, method: str, *, operation_id: str, summary: str,
                  responses: Mapping[int, AnswerSpec], description: str = "",
                  body: type[BaseModel] | None = None, query: type[BaseModel] | None = None,
                  bearer: bool = False, tags: tuple[str, ...] = (),
                  roles: tuple[str, ...] | None = None,
                  upload: Upload | None = None) -> Callable[[Any], Any]:
        if body is not None and upload is not None:
            raise ValueError(f"{operation_id}: a body is JSON or a file, not both")
        answers = {status: _declared_answer(spec) for status, spec in responses.items()}
        if upload is not None:
            answers.setdefault(413, Answer(Errors, f"The file is larger than {upload.max_bytes} "
                                                   "bytes."))
            answers.setdefault(415, Answer(Errors, "The body is not declared as one of: "
                                                   f"{', '.join(upload.media_types)}."))
        implied = ([400] if body or query else []) + ([413, 415] if body else []) \
            + ([401, 403] if bearer else [])
        for status in implied:
            answers.setdefault(status, Answer(Errors, STATUS_MEANINGS[status]))
        op = Operation(rule=rule, method=method.upper(), operation_id=operation_id,
                       summary=summary, description=description, body=body, query=query,
                       answers=dict(sorted(answers.items())), bearer=bearer, tags=tags,
                       roles=roles, upload=upload)

        def declare(view: Callable[..., Reply]) -> Callable[..., Reply]:
            @functools.wraps(view)
            def endpoint(**path_args: Any) -> Response:
                return self._handle(op, view, path_args)

            self.blueprint.add_url_rule(rule, endpoint=view.__name__, view_func=endpoint,
                                        methods=[op.method])
            self.operations.append(op)
            return view

        return declare

    def _handle(self, op: Operation, view: Callable[..., Reply],
                path_args: dict[str, Any]) -> Response:
        try:
            if op.bearer:
                self._authenticate(op.roles)
            arguments = dict(path_args)
            if op.query is not None:
                arguments["query"] = validate_input(op.query, request.args.to_dict())
            if op.body is not None:
                arguments["body"] = validate_input(op.body, _json_body())
            if op.upload is not None:
                arguments["upload"] = _uploaded(op.upload)
            reply = view(**arguments)
        except InputErrors as error:
            return _refusal(op, 400, error.errors)
        except ApiError as error:
            return _refusal(op, error.status, error.errors, error.headers)
        except tuple(self.refusals) as error:
            status, errors = self._refusal_for(error)
            return _refusal(op, status, errors)
        return _answer(op, reply)

    def _refusal_for(self, error: Exception) -> tuple[int, dict[str, list[str]]]:
        for kind, word in self.refusals.items():
            if isinstance(error, kind):
                return word(error)
        raise error

    def _authenticate(self, roles: tuple[str, ...] | None) -> None:
        if self.authenticate is None:
            raise ApiError(401, {"auth": [input_error("auth_required")]})
        self.authenticate(roles)


def _declared_answer(spec: AnswerSpec) -> Answer:
    if isinstance(spec, Binary):
        return Answer(None, spec.description, spec.media_type, spec.also)
    if isinstance(spec, tuple):
        return Answer(*spec)
    return Answer(Errors, spec)


def _json_body() -> Any:
    if not request.content_length and not request.mimetype:
        # No body at all: an operation whose fields are all optional (a
        # completion, say) may be posted bare; the others answer 400 at their fields.
        return {}
    if request.mimetype != JSON:
        raise ApiError(415, {BODY: [input_error("body_not_declared_json")]})
    try:
        data = request.get_data(cache=False)
    except RequestEntityTooLarge:
        raise ApiError(413, {BODY: [input_error("body_too_large")]}) from None
    try:
        return json.loads(data, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise InputErrors({BODY: [input_error("body_not_json")]}) from None


def _uploaded(upload: Upload) -> UploadedFile:
    if request.mimetype not in upload.media_types:
        raise ApiError(415, {BODY: [input_error("body_not_declared_file",
                                                types=", ".join(upload.media_types))]})
    # This operation's own limit, not the app's for JSON and forms.
    request.max_content_length = upload.max_bytes
    try:
        data = request.get_data(cache=False)
    except RequestEntityTooLarge:
        raise ApiError(413, {BODY: [input_error("body_too_large")]}) from None
    _kind, options = parse_options_header(request.headers.get("Content-Disposition", ""))
    return UploadedFile(data, options.get("filename", ""), request.mimetype)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity: Python's extension


def _refusal(op: Operation, status: int, errors: dict[str, list[str]],
             headers: Mapping[str, str] | None = None) -> Response:
    if status not in op.answers:
        raise LookupError(f"{op.operation_id} does not declare status {status}")
    response = _json(Errors(errors=errors), status)
    response.headers.update(headers or {})
    return response


def _answer(op: Operation, reply: Reply) -> Response:
    if isinstance(reply, FileReply):
        return _file(op, reply)
    headers: Mapping[str, str] = {}
    if isinstance(reply, tuple):
        model, status, *rest = reply
        headers = rest[0] if rest else {}
    else:
        model, status = reply, 200
    declared = op.answers.get(status)
    if declared is None or declared.model is None or not isinstance(model, declared.model):
        raise TypeError(f"{op.operation_id} answered {type(model).__name__} with {status}, "
                        "which it does not declare")
    response = _json(model, status)
    response.headers.update(headers)
    return response


def _file(op: Operation, reply: FileReply) -> Response:
    declared = op.answers.get(200)
    if declared is None or reply.media_type not in declared.media_types:
        raise TypeError(f"{op.operation_id} answered a {reply.media_type} file, which it does not "
                        "declare")
    content = reply.content
    if not isinstance(content, bytes):
        content = stream_with_context(content)
    response = current_app.response_class(content, status=200, mimetype=reply.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{reply.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _json(model: BaseModel, status: int) -> Response:
    return current_app.response_class(model.model_dump_json(by_alias=True), status=status,
                                      mimetype=JSON)
