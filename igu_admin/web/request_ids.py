"""Every request has an id: the one a proxy in front sent in X-Request-ID when
it is well formed, else a new one. It is in each log line of the request
(core.log_format) and returned in the X-Request-ID response header, so one
request can be followed from the proxy's log to the app's."""

from __future__ import annotations

import re
import uuid

from flask import Flask, Response, g, request

from igu_admin.core.log_format import REQUEST_ID, current_request_id
from igu_admin.domain.identifiers import CPR_SHAPED

HEADER = "X-Request-ID"
# Letters, digits and . _ : = - (UUIDs, hex ids, AWS trace ids), at most 128:
# anything else could forge log lines or bloat them.
WELL_FORMED = re.compile(r"[A-Za-z0-9._:=-]{1,128}")


def new_request_id() -> str:
    # A random hex id can hold ten digits in a row, which logs would show as a
    # masked CPR number: such an id is drawn again.
    while True:
        value = uuid.uuid4().hex
        if not CPR_SHAPED.search(value):
            return value


def usable(value: str | None) -> bool:
    """Well formed, and not carrying anything shaped like a CPR number."""
    return (value is not None and WELL_FORMED.fullmatch(value) is not None
            and not CPR_SHAPED.search(value))


def _assign_request_id() -> None:
    given = request.headers.get(HEADER)
    g.setdefault(REQUEST_ID, given if usable(given) else new_request_id())


def _return_request_id(response: Response) -> Response:
    request_id = current_request_id()
    if request_id is not None:
        response.headers[HEADER] = request_id
    return response


def register_request_ids(app: Flask) -> None:
    """Register before every other hook: a hook that answers early (a redirect
    to the login) ends the before-request hooks, and its line needs the id too."""
    app.before_request(_assign_request_id)
    app.after_request(_return_request_id)
