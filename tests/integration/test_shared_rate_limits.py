"""The login limit per client address holds across workers and servers when
the counts are kept in Redis (IGU_RATELIMIT_STORAGE_URI=redis://...), and
does not with memory://, which counts in each process (the probe let about
twice the limit through with two workers).

Two gunicorn servers of two workers each (the app loaded once per server,
--preload) serve one SQLite database and share the local Redis
(127.0.0.1:6379, started by .ci/run), each test run under a key prefix of
its own. Failed logins go to the servers in turn, each on a new connection.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlencode

from flask_migrate import upgrade

from igu_admin.extensions import db
from tests.conftest import make_app
from tests.servers import REDIS_URL, forget_keys, free_port, redis_or_skip, wait_until_healthy

ROOT = Path(__file__).parents[2]
LIMIT = 4
ATTEMPTS = 3 * LIMIT


def _request(port: int, method: str, path: str, body: str = "",
             cookie: str = "") -> tuple[int, str, str]:
    """Status, body and Set-Cookie of one request on a connection of its own."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Connection": "close"}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return (response.status, response.read().decode(),
                response.getheader("Set-Cookie") or "")
    finally:
        connection.close()


@contextmanager
def _server(env: dict[str, str]) -> Iterator[int]:
    """gunicorn with two workers on a free loopback port, until the block ends."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--preload", "-w", "2", "-b", f"127.0.0.1:{port}",
         "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_healthy(process, port, lambda: process.stderr.read().decode())
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _environment(tmp_path: Path, storage: str, prefix: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("IGU_")}
    env.update({
        "IGU_ENV": "development", "IGU_INSTANCE_PATH": str(tmp_path / "instance"),
        "IGU_DATABASE_URL": f"sqlite:///{tmp_path / 'igu.sqlite3'}",
        "IGU_RATELIMIT_STORAGE_URI": storage, "IGU_RATELIMIT_KEY_PREFIX": prefix,
        "IGU_LOGIN_RATE_LIMIT": f"{LIMIT} per hour",
        # The lock per account stays out of the way: every attempt names its own e-mail.
        "IGU_LOGIN_MAX_FAILURES": "100"})
    return env


def _failed_logins_let_through(tmp_path: Path, storage: str, prefix: str) -> list[int]:
    """The status of each of ATTEMPTS failed logins from one address, sent to
    two servers in turn."""
    env = _environment(tmp_path, storage, prefix)
    app = make_app(env["IGU_DATABASE_URL"])
    with app.app_context():
        upgrade()
        db.engine.dispose()
    with ExitStack() as stack:
        ports = [stack.enter_context(_server(env)) for _ in range(2)]
        _status, page, set_cookie = _request(ports[0], "GET", "/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token is not None and set_cookie
        cookie = set_cookie.split(";", 1)[0]
        statuses = []
        for attempt in range(ATTEMPTS):
            body = urlencode({"csrf_token": token.group(1), "email": f"gaet{attempt}@example.dk",
                              "password": "forkert-kodeord"})
            status, html, _set = _request(ports[attempt % 2], "POST", "/login", body, cookie)
            assert status == 429 or "E-mailen eller adgangskoden er forkert." in html, status
            statuses.append(status)
    return statuses


def test_the_login_limit_holds_across_workers_and_servers_in_redis(tmp_path: Path) -> None:
    store = redis_or_skip()
    prefix = f"igu-test-{uuid.uuid4().hex}"
    try:
        statuses = _failed_logins_let_through(tmp_path, REDIS_URL, prefix)
    finally:
        forget_keys(store, prefix)
    assert statuses == [200] * LIMIT + [429] * (ATTEMPTS - LIMIT)


def _two_apps_in_turn(tmp_path: Path, storage: str, prefix: str) -> list[int]:
    """As above in this process: two apps (two servers' worth of counters),
    each failed login to the next in turn."""
    url = f"sqlite:///{tmp_path / 'in-process.sqlite3'}"
    settings = {"IGU_RATELIMIT_STORAGE_URI": storage, "IGU_RATELIMIT_KEY_PREFIX": prefix,
                "IGU_LOGIN_RATE_LIMIT": f"{LIMIT} per hour", "IGU_LOGIN_MAX_FAILURES": 100,
                "WTF_CSRF_ENABLED": False}
    apps = [make_app(url, **settings) for _ in range(2)]
    with apps[0].app_context():
        upgrade()
    statuses = []
    for attempt in range(ATTEMPTS):
        client = apps[attempt % 2].test_client()
        statuses.append(client.post("/login", data={"email": f"gaet{attempt}@example.dk",
                                                    "password": "forkert"}).status_code)
    for app in apps:
        with app.app_context():
            db.engine.dispose()
    return statuses


def test_two_apps_share_the_count_in_redis_and_not_in_memory(tmp_path: Path) -> None:
    """Why production keeps the counts in Redis: memory:// counts in each
    process, so two let twice the limit through (the probe's finding)."""
    store = redis_or_skip()
    prefix = f"igu-test-{uuid.uuid4().hex}"
    try:
        assert _two_apps_in_turn(tmp_path, REDIS_URL, prefix) == (
            [200] * LIMIT + [429] * (ATTEMPTS - LIMIT))
    finally:
        forget_keys(store, prefix)
    assert _two_apps_in_turn(tmp_path, "memory://", "igu").count(200) == 2 * LIMIT
