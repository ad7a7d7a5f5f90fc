"""`igu-admin bench --http` starts igu-admin and a trivial Flask app under
gunicorn itself, loads both with wrk and prints the ratio (issue 17's
figure); given a PostgreSQL server (when the suite has one), then what one
and two app servers sustain on it. Only that it runs and prints its lines
is tested: the figures depend on the machine."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from click.testing import CliRunner

from igu_admin.cli import main


def test_bench_http_prints_both_rates_and_their_ratio(tmp_path, monkeypatch) -> None:
    if shutil.which("wrk") is None:
        pytest.fail("wrk is missing: run scripts/test.sh (its set-up installs Debian's wrk)")
    monkeypatch.setenv("IGU_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("IGU_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    server = os.environ.get("IGU_TEST_DATABASE_URL")
    result = CliRunner().invoke(main, ["bench", "--http", "--http-seconds", "1",
                                       "--http-rounds", "1",
                                       *(["--postgresql", server] if server else [])])
    assert result.exit_code == 0, result.output
    assert re.search(r"^POST /api/v1/eligibility, gunicorn -w 2 +\d+ requests/s", result.output,
                     re.M), result.output
    assert re.search(r"^trivial Flask JSON route, same server +\d+ requests/s", result.output, re.M)
    assert re.search(r"^eligibility / trivial route \(medians\) +\d+\.\d\d$", result.output, re.M)
    if server:
        for target in ("GET /api/v1/agreements?limit=50", "the caseworker's queue (page)",
                       "a stored version's PDF (API)"):
            for count in (1, 2):
                assert re.search(rf"^{re.escape(target)}, {count} server\(s\) +\d+ requests/s  "
                                 r"p99 +[\d.]+ ms  errors 0$", result.output, re.M), result.output
