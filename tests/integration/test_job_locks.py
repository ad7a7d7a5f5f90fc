"""Two schedulers at once: each job takes an advisory lock on PostgreSQL, so
the scheduler that does not get it skips that turn instead of scanning the
same work; a lock is let go when its job ends, and when its process dies."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from igu_admin.core import job_locks
from igu_admin.extensions import db
from igu_admin.jobs.scheduler import run_in_app


def _postgresql_only() -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite serves one scheduler")


def test_each_job_has_its_own_stable_key() -> None:
    assert job_locks.lock_key("send_pending") == job_locks.lock_key("send_pending")
    assert job_locks.lock_key("send_pending") != job_locks.lock_key("render_pending")
    assert -2**31 <= job_locks.lock_key("run_due") < 2**31


def test_on_sqlite_the_job_always_runs(app) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's case")
    ran = []
    run_in_app(app, lambda: ran.append(1))
    assert ran == [1]


def test_a_job_another_scheduler_holds_is_skipped_and_runs_once_it_is_let_go(app) -> None:
    _postgresql_only()
    ran: list[str] = []

    def send_pending() -> None:
        ran.append("sent")

    # Another scheduler process's connection: closed for real when it ends.
    other = create_engine(db.engine.url, poolclass=NullPool)
    try:
        with other.connect() as held:
            held.execute(text("SELECT pg_advisory_lock(:n, :k)"),
                         {"n": job_locks._NAMESPACE, "k": job_locks.lock_key("send_pending")})
            run_in_app(app, send_pending)
            assert ran == []
        # The other process's connection closed (as when it is killed): the lock is gone.
        run_in_app(app, send_pending)
        assert ran == ["sent"]
    finally:
        other.dispose()


def test_two_schedulers_at_once_run_a_job_once(app) -> None:
    _postgresql_only()
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def render_pending() -> None:
        ran.append("rendered")
        started.set()
        release.wait(timeout=30)

    first = threading.Thread(target=run_in_app, args=(app, render_pending))
    first.start()
    assert started.wait(timeout=30)
    run_in_app(app, render_pending)  # the second scheduler's turn, while the first runs
    release.set()
    first.join(timeout=30)
    assert ran == ["rendered"]
    run_in_app(app, render_pending)  # and the lock was let go after the first
    assert ran == ["rendered", "rendered"]
