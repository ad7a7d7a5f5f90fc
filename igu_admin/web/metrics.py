"""Prometheus metrics at /metrics, off unless IGU_METRICS_TOKEN is set.

Requests are counted by route (the URL rule, such as
/agreements/<int:agreement_id>: never the path, which holds ids), method and
status, and timed in a histogram. The scheduler's backlog (jobs.backlog) is
read from the database at each scrape.

Several gunicorn workers: each counts its own requests. With
PROMETHEUS_MULTIPROC_DIR set (to an empty folder, for the server and its
workers, before they start) prometheus-client keeps the counts in files
there and any worker's /metrics answers for all of them; without it a
scrape sees the worker that answered (see docs/operations.md).
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Iterator

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError

from igu_admin.extensions import db
from igu_admin.jobs.backlog import Backlog, read_backlog

log = logging.getLogger(__name__)

bp = Blueprint("metrics", __name__)

# One set per process, shared by every app the process makes (tests make many).
REQUESTS = Counter("igu_http_requests", "HTTP requests answered, by route, method and status",
                   ["route", "method", "status"])
LATENCY = Histogram("igu_http_request_duration_seconds",
                    "Time from the first request hook to the response, by route and method",
                    ["route", "method"])
# The route of a request no URL rule matched (a 404): one label for all of them.
UNMATCHED = "<unmatched>"
_STARTED = "igu_metrics_started"

BACKLOG_GAUGES: tuple[tuple[str, str, str], ...] = (
    ("igu_outbox_waiting_messages", "outbox_waiting",
     "E-mails in the outbox not sent yet and still to be tried"),
    ("igu_outbox_due_messages", "outbox_due",
     "E-mails in the outbox whose next attempt is due now"),
    ("igu_outbox_given_up_messages", "outbox_given_up",
     "E-mails left unsent after IGU_MAIL_MAX_ATTEMPTS attempts"),
    ("igu_outbox_oldest_waiting_age_seconds", "outbox_oldest_waiting_seconds",
     "Age of the oldest e-mail still to be sent (0 when none)"),
    ("igu_run_due_claims_behind", "claims_due_not_moved",
     "Bonus claims due before today still scheduled (the daily work has not moved them)"),
    ("igu_run_due_courses_to_start", "courses_to_start",
     "Approved courses that started before today and are not active yet"),
    ("igu_run_due_courses_to_end", "courses_to_end",
     "Courses whose recorded termination date is before today and are still running"),
)


def metrics_on(app: Flask) -> bool:
    return bool(app.config["IGU_METRICS_TOKEN"])


def _start_timer() -> None:
    if metrics_on(current_app):
        g.setdefault(_STARTED, time.perf_counter())


def _count_request(response: Response) -> Response:
    started = g.get(_STARTED)
    if started is None:
        return response
    route = request.url_rule.rule if request.url_rule is not None else UNMATCHED
    REQUESTS.labels(route, request.method, str(response.status_code)).inc()
    LATENCY.labels(route, request.method).observe(time.perf_counter() - started)
    return response


class BacklogCollector(Collector):
    def __init__(self, backlog: Backlog) -> None:
        self.backlog = backlog

    def collect(self) -> Iterator[Metric]:
        for name, field, text in BACKLOG_GAUGES:
            yield GaugeMetricFamily(name, text, value=float(getattr(self.backlog, field)))


def _request_figures() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def _backlog_figures() -> bytes:
    """The backlog gauges; none when the database does not answer (the
    request figures are still served, and /readyz says why)."""
    try:
        backlog = read_backlog()
    except SQLAlchemyError as error:
        db.session.rollback()
        log.warning("metrics: the backlog cannot be read (%s)", type(error).__name__)
        return b""
    registry = CollectorRegistry()
    registry.register(BacklogCollector(backlog))
    return generate_latest(registry)


def _authorized(token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    # compare_digest: the time taken does not tell how much of a guess was right.
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(),
                                                              token.encode())


@bp.get("/metrics")
def metrics() -> Response:
    token = current_app.config["IGU_METRICS_TOKEN"]
    if not token:
        abort(404)
    if not _authorized(token):
        return Response("Unauthorized\n", 401, {"WWW-Authenticate": 'Bearer realm="metrics"'},
                        mimetype="text/plain")
    return Response(_request_figures() + _backlog_figures(), 200,
                    {"Content-Type": CONTENT_TYPE_LATEST})


def register_request_metrics(app: Flask) -> None:
    """Register before every other hook, so that a request another hook answers
    early (a redirect to the login) is timed and counted too."""
    app.before_request(_start_timer)
    app.after_request(_count_request)
