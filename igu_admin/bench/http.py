"""`igu-admin bench --http`: POST /api/v1/eligibility over HTTP under gunicorn
(two workers, sync) against a trivial Flask JSON route under the same
server, with wrk (20 connections), in one run. The ratio of their requests
a second is what igu-admin costs beyond Flask and the server (issue 17's
target: at least 0.6). Both servers are started here, on free loopback
ports, igu-admin on a throw-away SQLite database; the runs alternate so
that both see the same machine."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

import click

from igu_admin.bench.databases import bench_app
from igu_admin.bench.processes import WORKERS, server, server_env, wrk_figures
from igu_admin.bench.servers import bench_servers
from igu_admin.bench.timing import NAME_WIDTH

CONNECTIONS = 20
BODY = {"start_date": "2025-03-03", "cpr": "010695-1235", "registered_since": "2022-01-10",
        "target_group": "refugee"}
PATH = "/api/v1/eligibility"


def bench_http(seconds: int, rounds: int, postgresql: str | None) -> None:
    """The ratio; given a PostgreSQL server, then what one and two app
    servers sustain on it (bench/servers.py)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise click.ClickException("wrk is needed for --http: apt-get install wrk "
                                   "(scripts/setup.sh --with-browser installs it).")
    with tempfile.TemporaryDirectory(prefix="igu-bench-http-") as folder, \
            bench_app("http") as app:
        env = server_env(Path(folder), app.config["SQLALCHEMY_DATABASE_URI"])
        script = Path(folder) / "post.lua"
        script.write_text(_lua(BODY))
        with server("igu_admin.wsgi:app", env) as ours, \
                server("igu_admin.bench.bare_app:app", env) as bare:
            ours_rates, bare_rates = [], []
            for _ in range(rounds):
                ours_rates.append(_load(wrk, ours + PATH, script, seconds))
                bare_rates.append(_load(wrk, bare + PATH, script, seconds))
    ours_median, bare_median = statistics.median(ours_rates), statistics.median(bare_rates)
    click.echo(f"{f'POST {PATH}, gunicorn -w {WORKERS}':<{NAME_WIDTH}} "
               f"{ours_median:8.0f} requests/s (wrk, {CONNECTIONS} connections)")
    click.echo(f"{'trivial Flask JSON route, same server':<{NAME_WIDTH}} "
               f"{bare_median:8.0f} requests/s")
    click.echo(f"{'eligibility / trivial route (medians)':<{NAME_WIDTH}} "
               f"{ours_median / bare_median:.2f}")
    if postgresql:
        bench_servers(wrk, postgresql, seconds)


def _load(wrk: str, url: str, script: Path, seconds: int) -> float:
    """wrk's requests a second against `url`; every answer must be a 2xx."""
    done = subprocess.run([wrk, "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", str(script),
                           url], capture_output=True, text=True, check=True)
    figures = wrk_figures(done.stdout)
    if figures.errors:
        raise click.ClickException(f"answers other than 2xx or socket errors: {done.stdout}")
    return figures.rate


def _lua(body: dict[str, str]) -> str:
    return ('wrk.method = "POST"\n'
            f"wrk.body = {json.dumps(json.dumps(body))}\n"
            'wrk.headers["Content-Type"] = "application/json"\n')
