"""The servers `igu-admin bench --http` starts: gunicorn on a free loopback
port, in a process group of its own, stopped when the measurement ends."""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click
from cryptography.fernet import Fernet

WORKERS = 2


def server_env(folder: Path, database: str) -> dict[str, str]:
    return {**os.environ, "IGU_ENV": "development", "IGU_DATABASE_URL": database,
            "IGU_INSTANCE_PATH": str(folder / "instance"),
            "IGU_SECRET_KEY": secrets.token_hex(32), "IGU_DATA_KEY": Fernet.generate_key().decode(),
            "IGU_LOG_FORMAT": "text"}


@contextmanager
def server(app: str, env: dict[str, str]) -> Iterator[str]:
    """gunicorn serving `app` on a free loopback port, in a process group of
    its own; its base URL while it runs."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", app], env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base, process)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def _wait_until_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise click.ClickException(f"the server on {base} stopped as it started")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=10):
                return
        except (urllib.error.URLError, OSError):  # not listening yet, or still starting
            time.sleep(0.2)
    raise click.ClickException(f"the server on {base} did not answer within a minute")




@dataclass(frozen=True)
class WrkFigures:
    """What a wrk run printed: requests a second, the 99th percentile of its
    latency (with --latency) and the failed answers (not 2xx or 3xx, and
    socket errors)."""

    rate: float
    p99_ms: float | None
    errors: int


_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
_LATENCY_99 = re.compile(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_figures(output: str) -> WrkFigures:
    rate = _RATE.search(output)
    if rate is None:
        raise click.ClickException(f"wrk said no rate: {output}")
    latency = _LATENCY_99.search(output)
    failed = _NON_2XX.search(output)
    socket_errors = _SOCKET_ERRORS.search(output)
    return WrkFigures(
        rate=float(rate.group(1)),
        p99_ms=None if latency is None else float(latency.group(1)) * _TO_MS[latency.group(2)],
        errors=(int(failed.group(1)) if failed else 0)
        + (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0))
