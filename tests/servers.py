"""Processes for the tests of several servers: a free loopback port, the
local Redis (or a skip), and waiting until a gunicorn server answers /health."""

from __future__ import annotations

import http.client
import socket
import subprocess
import time
from collections.abc import Callable

import pytest
import redis

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} ({error}); .ci/run starts it")
    return client


def forget_keys(store: redis.Redis, prefix: str) -> None:
    """The rate limits' keys a test run counted under `prefix`, removed."""
    keys = list(store.scan_iter(match=f"*{prefix}*"))
    if keys:
        store.delete(*keys)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _health(port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/health", headers={"Connection": "close"})
        return connection.getresponse().status
    finally:
        connection.close()


def wait_until_healthy(process: subprocess.Popen[bytes], port: int,
                       log: Callable[[], str]) -> None:
    """Until the server on `port` answers /health with 200 (at most 30 s);
    an AssertionError with the end of its log (read once it stopped) when it
    stops or never answers."""
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(f"gunicorn stopped: {log()[-2000:]}")
        try:
            if _health(port) == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError("gunicorn did not answer /health")
