"""The scheduler process stops on SIGTERM once its job in progress is done, with exit code 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from apscheduler.schedulers.base import STATE_STOPPED
from flask_migrate import upgrade

from igu_admin.jobs.scheduler import build_scheduler, run_until_stopped
from tests.conftest import make_app

# Generous bounds for a loaded machine: they only keep a broken test from hanging.
BOUND_SECONDS = 120


def test_the_scheduler_command_exits_0_on_sigterm(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'scheduler.sqlite3'}"
    app = make_app(url)
    with app.app_context():
        upgrade()
    exe = Path(sys.executable).with_name("igu-admin")
    env = {**os.environ, "IGU_INSTANCE_PATH": str(tmp_path), "IGU_DATABASE_URL": url}
    process = subprocess.Popen([str(exe), "scheduler"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        # The line is printed once the signal handlers are in place.
        started = process.stdout.readline()  # type: ignore[union-attr]
        assert "Ctrl+C" in started, process.stderr.read()  # type: ignore[union-attr]
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=BOUND_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert code == 0, process.stderr.read()  # type: ignore[union-attr]


def test_sigterm_lets_the_job_in_progress_finish(app) -> None:
    scheduler = build_scheduler(app)
    scheduler.remove_all_jobs()
    started, release, done = threading.Event(), threading.Event(), threading.Event()
    main = threading.main_thread().ident
    assert main is not None

    def job() -> None:
        started.set()
        release.wait(BOUND_SECONDS)
        done.set()

    def terminate_while_the_job_runs() -> None:
        started.wait(BOUND_SECONDS)
        signal.pthread_kill(main, signal.SIGTERM)
        # The job is let go only once the scheduler is stopping.
        for _ in range(BOUND_SECONDS * 10):
            if scheduler.state == STATE_STOPPED:
                break
            threading.Event().wait(0.1)
        release.set()

    helper = threading.Thread(target=terminate_while_the_job_runs)
    scheduler.add_job(job)  # once, now
    try:
        received = run_until_stopped(scheduler, helper.start)
        assert received == signal.SIGTERM
        assert done.is_set()
    finally:
        release.set()
        if helper.is_alive():
            helper.join(BOUND_SECONDS)
