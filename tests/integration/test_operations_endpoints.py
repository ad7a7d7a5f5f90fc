"""Operations: /healthz, /readyz, /metrics, request ids, JSON log lines."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from prometheus_client.parser import text_string_to_metric_families

from igu_admin.config import ConfigurationError, build_config
from igu_admin.core import readiness
from igu_admin.core.clock import today
from igu_admin.core.log_format import JsonHandler
from igu_admin.extensions import db
from igu_admin.models import AgreementStatus, OutboxMessage
from igu_admin.models.base import utcnow
from igu_admin.testing.accounts import make_company
from igu_admin.testing.agreements import make_agreement
from igu_admin.testing.claims import make_claim
from tests.conftest import fresh_database, make_app

TOKEN = "metrics-token-for-the-test-4f1c"
HEX_ID = r"[0-9a-f]{32}"


def _dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def unreachable_url(backend: str, tmp_path: Path) -> str:
    """A database that does not answer: a closed port, or a SQLite file in a folder that is not there."""
    if backend == "postgresql":
        return "postgresql://igu:secret-password@127.0.0.1:1/igu"
    return f"sqlite:///{tmp_path / 'missing-folder' / 'igu.sqlite3'}"


# /healthz

def test_healthz_says_the_process_lives_without_a_cookie(app, client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


def test_healthz_does_not_ask_the_database(unreachable_url: str) -> None:
    app = make_app(unreachable_url)
    response = app.test_client().get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})
    _dispose(app)


def test_probes_are_never_rate_limited_nor_sent_to_the_login(database_url: str) -> None:
    app = make_app(database_url, IGU_RATELIMIT_DEFAULT="2 per minute")
    client = app.test_client()
    for _ in range(5):
        for path in ("/healthz", "/readyz"):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            assert "Location" not in response.headers
    # The limit holds for a page: the probes were exempt, not the limit off.
    statuses = [client.get("/accessibility").status_code for _ in range(3)]
    assert statuses[-1] == 429
    _dispose(app)


# /readyz

def test_readyz_is_ready_when_every_check_passes(app, client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {
        "database": "ok", "migrations": "ok", "rules": "ok"}}
    assert "Set-Cookie" not in response.headers


def test_readyz_says_the_database_is_unreachable_without_its_address(unreachable_url: str) -> None:
    app = make_app(unreachable_url)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unreachable"
    assert body["checks"]["migrations"] != "ok"
    text = response.get_data(as_text=True)
    for secret in ("secret-password", "127.0.0.1", "missing-folder", "Traceback", "sqlite"):
        assert secret not in text
    _dispose(app)


def test_readyz_says_the_migrations_are_behind_head(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        app = make_app(url)
        client = app.test_client()
        assert client.get("/readyz").get_json()["checks"]["migrations"] == "not migrated"
        with app.app_context():
            upgrade(revision="0010")
        response = client.get("/readyz")
        assert response.status_code == 503
        checks = response.get_json()["checks"]
        assert checks["database"] == "ok" and checks["rules"] == "ok"
        assert checks["migrations"] == f"at 0010, head is {', '.join(sorted(readiness.migration_heads()))}"
        with app.app_context():
            upgrade()
        assert client.get("/readyz").status_code == 200
        _dispose(app)


def test_readyz_says_the_rules_did_not_load(app, client, monkeypatch) -> None:
    monkeypatch.delitem(app.extensions, "igu_rules")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {"database": "ok", "migrations": "ok",
                                             "rules": "not loaded"}


# /metrics

def _metrics_on(app: Flask, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "IGU_METRICS_TOKEN", TOKEN)


def _scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_metrics_are_off_by_default(app, client) -> None:
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer anything"}).status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Basic {TOKEN}", "Bearer",
                                    f"Bearer {TOKEN}x"])
def test_metrics_need_the_token(app, client, monkeypatch, header: str | None) -> None:
    _metrics_on(app, monkeypatch)
    response = client.get("/metrics", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "igu_http_requests" not in response.get_data(as_text=True)


def test_requests_are_counted_by_route_never_by_path(app, client, monkeypatch) -> None:
    _metrics_on(app, monkeypatch)
    before = _scrape(client)
    client.get("/admin/users/4711")  # not logged in: the access hook redirects early
    client.get("/no-such-page/0101901234")
    client.get("/healthz")
    samples = _scrape(client)
    text = repr(samples)
    assert "4711" not in text and "0101901234" not in text

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return samples.get(key, 0) - before.get(key, 0)

    assert grew("igu_http_requests_total", route="/admin/users/<int:user_id>", method="GET",
                status="302") == 1
    assert grew("igu_http_requests_total", route="<unmatched>", method="GET", status="404") == 1
    assert grew("igu_http_requests_total", route="/healthz", method="GET", status="200") == 1
    assert grew("igu_http_request_duration_seconds_count", route="/healthz", method="GET") == 1
    assert grew("igu_http_request_duration_seconds_bucket", route="/healthz", method="GET",
                le="+Inf") == 1


def test_metrics_show_the_scheduler_backlog(app, client, monkeypatch) -> None:
    _metrics_on(app, monkeypatch)
    empty = _scrape(client)
    for name in ("igu_outbox_waiting_messages", "igu_outbox_due_messages",
                 "igu_outbox_given_up_messages", "igu_run_due_claims_behind",
                 "igu_run_due_courses_to_start", "igu_run_due_courses_to_end"):
        assert empty[(name, ())] == 0, name

    yesterday = today() - timedelta(days=1)
    agreement = make_agreement(make_company(), status=AgreementStatus.APPROVED, start=yesterday)
    claim = make_claim(agreement)
    claim.due_date = yesterday
    max_attempts = app.config["IGU_MAIL_MAX_ATTEMPTS"]
    for attempts in (0, 1, max_attempts):
        db.session.add(OutboxMessage(recipient_email="a@example.dk", language="da", subject="s",
                                     body_text="b", kind="test", attempts=attempts))
    db.session.add(OutboxMessage(recipient_email="b@example.dk", language="da", subject="s",
                                 body_text="b", kind="test",
                                 next_attempt_at=utcnow() + timedelta(hours=1)))
    db.session.commit()
    samples = _scrape(client)
    assert samples[("igu_outbox_waiting_messages", ())] == 3
    assert samples[("igu_outbox_due_messages", ())] == 2
    assert samples[("igu_outbox_given_up_messages", ())] == 1
    assert samples[("igu_outbox_oldest_waiting_age_seconds", ())] >= 0
    assert samples[("igu_run_due_claims_behind", ())] == 1
    assert samples[("igu_run_due_courses_to_start", ())] == 1
    assert samples[("igu_run_due_courses_to_end", ())] == 0


# Request ids and JSON log lines

def test_every_response_carries_a_request_id(app, client) -> None:
    generated = client.get("/healthz").headers["X-Request-ID"]
    assert len(generated) == 32 and all(c in "0123456789abcdef" for c in generated)
    assert client.get("/healthz").headers["X-Request-ID"] != generated
    given = "proxy-7f3a.42:Root=1-abc"
    assert client.get("/healthz", headers={"X-Request-ID": given}).headers["X-Request-ID"] == given
    # A page another hook answers early (a redirect to the login) has one too.
    assert client.get("/admin/users/1", headers={"X-Request-ID": given}).headers[
        "X-Request-ID"] == given


@pytest.mark.parametrize("bad", ["has space", "x" * 129, "a;b", "<script>", "0101901234",
                                 "id-010190-1234"])
def test_a_malformed_incoming_request_id_is_replaced(app, client, bad: str) -> None:
    returned = client.get("/healthz", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
    assert returned != bad
    assert len(returned) == 32


@pytest.fixture
def json_log(database_url: str, monkeypatch) -> Iterator[tuple[Flask, io.StringIO]]:
    """An app logging JSON lines, its root handler writing into a buffer."""
    root = logging.getLogger()
    level = root.level
    app = make_app(database_url, IGU_LOG_FORMAT="json")
    handlers = [h for h in root.handlers if isinstance(h, JsonHandler)]
    assert len(handlers) == 1
    buffer = io.StringIO()
    handlers[0].setStream(buffer)
    yield app, buffer
    root.removeHandler(handlers[0])
    root.setLevel(level)
    _dispose(app)


def _log_a_cpr_by_accident() -> None:
    """A CPR number in a message's argument, and in an exception's text."""
    logger = logging.getLogger("igu_admin.somewhere")
    logger.warning("the user typed %s in a field", "010190-1234")
    try:
        raise ValueError("bad CPR 0101901234")
    except ValueError:
        logger.exception("failed for 0101901234")


def _lines(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_json_lines_carry_the_request_id_and_mask_cpr_numbers(json_log, monkeypatch) -> None:
    app, buffer = json_log
    monkeypatch.delitem(app.extensions, "igu_rules")  # /readyz then logs a warning
    response = app.test_client().get("/readyz", headers={"X-Request-ID": "req-1"})
    assert response.headers["X-Request-ID"] == "req-1"
    with app.test_request_context("/", headers={"X-Request-ID": "req-2"}):
        app.preprocess_request()
        _log_a_cpr_by_accident()
    lines = _lines(buffer)
    readiness_line = next(line for line in lines if line["logger"] == "igu_admin.core.readiness")
    assert readiness_line["request_id"] == "req-1"
    assert readiness_line["level"] == "WARNING"
    typed, failed = [line for line in lines if line["logger"] == "igu_admin.somewhere"]
    assert set(typed) == {"time", "level", "logger", "message", "request_id"}
    assert typed["message"] == "the user typed XXXXXX-XXXX in a field"
    assert typed["request_id"] == "req-2"
    assert typed["time"].endswith("+00:00")
    raw = buffer.getvalue()
    assert "1234" not in raw.replace("XXXXXX-XXXX", "")
    assert "XXXXXX-XXXX" in failed["exception"] and "ValueError" in failed["exception"]


def test_json_lines_outside_a_request_have_no_request_id(json_log) -> None:
    _, buffer = json_log
    logging.getLogger("igu_admin.jobs.test").info("job done")
    (line,) = [line for line in _lines(buffer) if line["logger"] == "igu_admin.jobs.test"]
    assert line["request_id"] is None and line["level"] == "INFO"


def test_text_logging_is_left_as_it_was(app) -> None:
    assert not any(isinstance(h, JsonHandler) for h in logging.getLogger().handlers)


def test_text_logs_mask_cpr_numbers_too(database_url: str) -> None:
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)  # as a server's logging sets one up first
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        app = make_app(database_url)
        _log_a_cpr_by_accident()
        text = buffer.getvalue()
        assert "the user typed XXXXXX-XXXX in a field" in text
        assert "ValueError: bad CPR XXXXXX-XXXX" in text
        assert "1234" not in text.replace("XXXXXX-XXXX", "")
        _dispose(app)
    finally:
        root.removeHandler(handler)


def test_an_unknown_log_format_stops_the_app(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="IGU_LOG_FORMAT"):
        build_config(tmp_path, {"IGU_LOG_FORMAT": "xml"})
    assert build_config(tmp_path, {"IGU_LOG_FORMAT": "json"})["IGU_LOG_FORMAT"] == "json"
