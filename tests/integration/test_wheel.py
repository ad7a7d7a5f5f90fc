"""The wheel is the unit of deployment: `python -m build` makes it from the
working copy (its build hook bundles the compiled catalogues, the DKFDS
files and the migrations); installed into a fresh venv and run from a folder
outside the repository, it migrates, makes its demo data and serves Danish
pages styled by DKFDS under gunicorn.

One test, on no database fixture: it makes its own SQLite database in the
installed app's instance folder. Its dependencies come from the package
index (pip's cache on a machine that has run scripts/setup.sh)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STYLESHEET = "/static/vendor/dkfds/css/dkfds-virkdk.min.css"


def _run(*command: str | Path, cwd: Path, env: dict[str, str], timeout: int = 300) -> str:
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, timeout=timeout,
                          capture_output=True, text=True)
    assert done.returncode == 0, f"{command}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Language": "da"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def _wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn stopped"
        try:
            _get(url)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--outdir", dist, ROOT, cwd=ROOT, env=dict(os.environ))
    (built,) = dist.glob("igu_admin-*.whl")
    return built


def test_the_wheel_carries_catalogues_dkfds_migrations_and_pdf_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for wanted in ("igu_admin/bundled/locale/da/LC_MESSAGES/messages.mo",
                   "igu_admin/bundled/locale/ti/LC_MESSAGES/trainee.mo",
                   "igu_admin/bundled/pdf_templates/trainee_copy.html",
                   "igu_admin/bundled/migrations/env.py",
                   "igu_admin/bundled/migrations/alembic.ini",
                   "igu_admin/bundled/pdf_templates/agreement.html",
                   f"igu_admin{STYLESHEET}", "igu_admin/wsgi.py"):
        assert wanted in names, wanted
    migrations = [n for n in names if n.startswith("igu_admin/bundled/migrations/versions/")]
    assert len(migrations) == len(list((ROOT / "migrations" / "versions").glob("*.py")))
    assert not any(n.startswith(("tests/", "node_modules/")) for n in names)


def test_the_installed_wheel_serves_danish_pages_styled_by_dkfds(wheel: Path,
                                                                   tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    elsewhere = tmp_path / "elsewhere"  # no repository here or above it
    elsewhere.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"),
           "IGU_INSTANCE_PATH": str(elsewhere / "instance"), "LANG": "C.UTF-8"}
    _run(sys.executable, "-m", "venv", venv, cwd=elsewhere, env=env)
    _run(venv / "bin" / "pip", "install", "--quiet", wheel, cwd=elsewhere, env=env, timeout=600)
    where = _run(venv / "bin" / "python", "-c", "import igu_admin; print(igu_admin.__file__)",
                 cwd=elsewhere, env=env)
    assert where.startswith(str(venv)), where

    _run(venv / "bin" / "igu-admin", "db", "upgrade", cwd=elsewhere, env=env)
    assert "arbejdsgiver@demo.igu-admin.dk" in _run(venv / "bin" / "igu-admin", "demo-data",
                                                    cwd=elsewhere, env=env)
    port = _free_port()
    server = subprocess.Popen([str(venv / "bin" / "gunicorn"), "-w", "1", "-b",
                               f"127.0.0.1:{port}", "igu_admin.wsgi:app"], cwd=elsewhere,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/login", server)
        status, _type, body = _get(f"{base}/login")
        page = body.decode()
        assert status == 200
        assert '<html lang="da"' in page
        assert "Adgangskode" in page and "Log ind" in page  # translated, not the English msgids
        assert STYLESHEET in page
        status, content_type, css = _get(f"{base}{STYLESHEET}")
        assert status == 200 and content_type.startswith("text/css")
        assert b".button" in css and len(css) > 100_000  # DKFDS itself, not an empty file
    finally:
        server.terminate()
        server.wait(timeout=30)
