"""`igu-admin bench --http --postgresql URL`, after the ratio: what one and
two app servers (gunicorn, two workers each) on one PostgreSQL database
sustain for the employer's agreement list (GET /api/v1/agreements), the
caseworker's queue (its page) and a stored PDF's download, with wrk: requests
a second, p99 and errors, the load spread evenly over the servers. On one
machine the servers share its cores: the figure for two says what a second
server costs there, the sizing for separate machines is the single
server's figure times their number, as long as the database keeps up."""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import click
from flask import Flask

from igu_admin.bench.databases import bench_app
from igu_admin.bench.processes import server, server_env, wrk_figures
from igu_admin.bench.records import employer
from igu_admin.bench.timing import NAME_WIDTH
from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import Role, User
from igu_admin.services import agreements
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import PASSWORD
from igu_admin.testing.reviews import person, review_agreement

AGREEMENTS = 60
CONNECTIONS = 20


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    header: str


@dataclass(frozen=True)
class Figure:
    rate: float
    p99_ms: float
    errors: int


def bench_servers(wrk: str, postgresql: str, seconds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="igu-bench-servers-") as folder, \
            bench_app("servers", postgresql) as app:
        targets = _records(app)
        env = server_env(Path(folder), app.config["SQLALCHEMY_DATABASE_URI"])
        env["IGU_SECRET_KEY"] = app.config["SECRET_KEY"]  # the caseworker's session cookie
        env["IGU_DATA_KEY"] = app.config["IGU_DATA_KEY"]
        for count in (1, 2):
            with _servers(count, env) as bases:
                for target in targets:
                    figure = _spread(wrk, bases, target, seconds)
                    click.echo(f"{f'{target.name}, {count} server(s)':<{NAME_WIDTH}} "
                               f"{figure.rate:8.0f} requests/s  p99 {figure.p99_ms:7.1f} ms  "
                               f"errors {figure.errors}")


def _records(app: Flask) -> list[Target]:
    """An employer with AGREEMENTS agreements, every other one sent (its PDF
    stored), and a caseworker of the municipality, logged in."""
    with app.app_context():
        made_by = employer()
        sent = None
        for number in range(AGREEMENTS):
            draft = agreements.create_draft(made_by, parse_changes(
                review_agreement(cpr=f"150595-{2000 + number:04d}")))
            if number % 2:
                agreements.submit(made_by, draft, draft.lock_version)
                sent = draft.id
        caseworker = person(Role.CASEWORKER, "Karen Sagsbehandler",
                            municipality=_municipality(made_by))
        token = api_tokens.create_token(made_by, made_by).secret
        email = caseworker.email
        db.session.commit()
    cookie = _session_cookie(app, email)
    bearer = f"Authorization: Bearer {token}"
    return [Target("GET /api/v1/agreements?limit=50", "/api/v1/agreements?limit=50", bearer),
            Target("the caseworker's queue (page)", "/caseworker/", f"Cookie: {cookie}"),
            Target("a stored version's PDF (API)", f"/api/v1/agreements/{sent}/versions/1/pdf",
                   bearer)]


def _session_cookie(app: Flask, email: str) -> str:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match is not None
    answer = client.post("/login", data={"email": email, "password": PASSWORD,
                                         "csrf_token": match.group(1)})
    assert answer.status_code == 302, answer.status_code
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return f"{cookie.key}={cookie.value}"


@contextmanager
def _servers(count: int, env: dict[str, str]) -> Iterator[list[str]]:
    with ExitStack() as stack:
        yield [stack.enter_context(server("igu_admin.wsgi:app", env)) for _ in range(count)]


def _spread(wrk: str, bases: list[str], target: Target, seconds: int) -> Figure:
    """wrk against each server at once, the connections shared out; the
    rates added, the worst p99, the errors added."""
    runs = [subprocess.Popen([wrk, "-t1", f"-c{CONNECTIONS // len(bases)}", f"-d{seconds}s",
                              "--latency", "-H", target.header, base + target.path],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            for base in bases]
    figures = [wrk_figures(run.communicate(timeout=seconds + 60)[0]) for run in runs]
    return Figure(rate=sum(f.rate for f in figures),
                  p99_ms=max(f.p99_ms or 0.0 for f in figures),
                  errors=sum(f.errors for f in figures))


def _municipality(user: User) -> str:
    assert user.company is not None
    return user.company.municipality_code
