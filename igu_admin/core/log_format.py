"""Log lines as JSON (setting IGU_LOG_FORMAT=json), with the request's id,
and with every CPR-shaped number masked; in the text format the numbers are
masked as well.

The mask is the one e-mails and audit values use (domain.identifiers): a
CPR number that reaches a log message by accident (a message quoting what
was typed, an exception's text) comes out as XXXXXX-XXXX.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from flask import Flask, g, has_request_context
from flask.logging import default_handler

from igu_admin.domain.identifiers import mask_cpr_numbers

# Where a request's id is kept in flask.g (set by web.request_ids).
REQUEST_ID = "request_id"


def current_request_id() -> str | None:
    if has_request_context():
        value = g.get(REQUEST_ID)
        return value if isinstance(value, str) else None
    return None


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message,
    request_id (null outside a request), and the exception if any."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_cpr_numbers(record.getMessage()),
            "request_id": current_request_id(),
        }
        if record.exc_info:
            line["exception"] = mask_cpr_numbers(self.formatException(record.exc_info))
        if record.stack_info:
            line["stack"] = mask_cpr_numbers(self.formatStack(record.stack_info))
        return json.dumps(line, ensure_ascii=False)


class JsonHandler(logging.StreamHandler[TextIO]):
    """The handler IGU_LOG_FORMAT=json puts on the root logger (a class of its
    own, so that an app made again replaces it instead of adding another)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)
        self.setFormatter(JsonFormatter())


class MaskCprNumbers(logging.Filter):
    """For the text format: the message, and an exception's text, with every
    CPR-shaped number masked before any formatter sees them."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = mask_cpr_numbers(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_cpr_numbers(_TEXT.formatException(record.exc_info))
        return True


_TEXT = logging.Formatter()


def _mask_text_logs(app: Flask) -> None:
    """The filter on every handler text logs go through: Flask's own, those
    on the root logger when the app is made (a server's or the
    configuration's), and Python's last resort (no handler configured)."""
    handlers = [default_handler, *logging.getLogger().handlers]
    if logging.lastResort is not None:
        handlers.append(logging.lastResort)
    for handler in handlers:
        if not any(isinstance(f, MaskCprNumbers) for f in handler.filters):
            handler.addFilter(MaskCprNumbers())


def register_logging(app: Flask) -> None:
    """With IGU_LOG_FORMAT=json every logger's records go out as JSON lines on
    stderr, at INFO and above; with "text" logging is left as Python, Flask
    and the server set it up, with CPR numbers masked."""
    if app.config["IGU_LOG_FORMAT"] != "json":
        _mask_text_logs(app)
        return
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, JsonHandler)]:
        root.removeHandler(handler)
    root.addHandler(JsonHandler())
    if root.level > logging.INFO:
        root.setLevel(logging.INFO)
    # Flask's own handler would write each of the app's lines a second time, as text.
    app.logger.removeHandler(default_handler)
