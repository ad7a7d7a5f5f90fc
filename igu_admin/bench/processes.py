"""The servers `igu-admin bench --http` starts: gunicorn on a free loopback
port, in a process group of its own, stopped when the measurement ends."""

from __future__ import annotations

import os
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


