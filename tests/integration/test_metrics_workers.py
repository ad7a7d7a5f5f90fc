"""With PROMETHEUS_MULTIPROC_DIR, any gunicorn worker's /metrics counts the
requests every worker answered (prometheus-client's multiprocess mode)."""

from __future__ import annotations

import http.client
import os
from pathlib import Path

from flask_migrate import upgrade
from prometheus_client.parser import text_string_to_metric_families

from igu_admin.extensions import db
from tests.conftest import make_app
from tests.integration.test_shared_rate_limits import _server

TOKEN = "metrics-token-for-the-workers-test"
MIN_REQUESTS = 20
MAX_REQUESTS = 1000


def _pids(folder: Path) -> set[str]:
    return {path.stem.rpartition("_")[2] for path in folder.glob("*.db")}


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_every_workers_requests_are_counted_in_one_scrape(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'metrics.sqlite3'}"
    app = make_app(url)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("IGU_")}
    env.update({"IGU_ENV": "test", "IGU_DATABASE_URL": url, "IGU_INSTANCE_PATH": str(tmp_path),
                "IGU_METRICS_TOKEN": TOKEN, "PROMETHEUS_MULTIPROC_DIR": str(folder)})
    with _server(env) as port:
        # Until both workers have answered some (each keeps files <kind>_<pid>.db):
        # otherwise the count below would prove nothing.
        made = 0
        while made < MIN_REQUESTS or (len(_pids(folder)) < 2 and made < MAX_REQUESTS):
            assert _get(port, "/healthz")[0] == 200
            made += 1
        status, text = _get(port, "/metrics", {"Authorization": f"Bearer {TOKEN}"})
        pids = _pids(folder)
    assert status == 200
    counted = {tuple(sorted(sample.labels.items())): sample.value
               for family in text_string_to_metric_families(text)
               for sample in family.samples if sample.name == "igu_http_requests_total"}
    assert len(pids) == 2, pids
    assert counted[(("method", "GET"), ("route", "/healthz"), ("status", "200"))] == made
