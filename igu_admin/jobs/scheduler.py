"""The scheduler: its own process (`igu-admin scheduler`), never inside web workers.

With several gunicorn workers a scheduler in each would run every job once
per worker, so it runs as a separate process. Two of them may run (for
availability): each job takes a lock first (core/job_locks), and the
scheduler that does not get it skips that turn.
"""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Callable, Iterable

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from igu_admin.core import audit, job_locks
from igu_admin.jobs.daily import run_due
from igu_admin.jobs.mail_delivery import send_pending
from igu_admin.jobs.maintenance import purge_stale_login_throttles
from igu_admin.services.documents.approved_copies import render_pending

log = logging.getLogger(__name__)


# A missed run is done once, late, never twice at the same time.
JOB_SAFETY = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}
# The outbox is drained every minute: a run missed by more than a minute is
# skipped, the next one sends what it would have.
EVERY_MINUTE = {**JOB_SAFETY, "misfire_grace_time": 60}
# The daily run is still worth making late the same day.
DAILY_GRACE_SECONDS = 18 * 3600


def run_in_app(app: Flask, job: Callable[[], object]) -> None:
    with app.app_context(), audit.channel("job"), job_locks.alone(job.__name__) as alone:
        if not alone:
            log.info("job %s: skipped, another scheduler is running it", job.__name__)
            return
        log.info("job %s: %s", job.__name__, job())


def every_minute(app: Flask) -> BaseTrigger:
    """On the minute; every IGU_SCHEDULER_TICK_SECONDS seconds instead when
    that is set (tests/integration/test_two_servers.py cannot wait minutes)."""
    tz = app.config["IGU_TIMEZONE"]
    seconds = int(app.config["IGU_SCHEDULER_TICK_SECONDS"])
    if seconds > 0:
        return IntervalTrigger(seconds=seconds, timezone=tz)
    return CronTrigger(minute="*", timezone=tz)


def build_scheduler(app: Flask) -> BackgroundScheduler:
    tz = app.config["IGU_TIMEZONE"]
    scheduler = BackgroundScheduler(timezone=tz)
    scheduler.add_job(run_in_app, CronTrigger(minute=17, timezone=tz),
                      args=[app, purge_stale_login_throttles], id="purge_login_throttles",
                      replace_existing=True, **JOB_SAFETY)
    scheduler.add_job(run_in_app, every_minute(app),
                      args=[app, send_pending], id="send_pending_mail",
                      replace_existing=True, **EVERY_MINUTE)
    # An approval's stamped PDF is rendered here, a minute after the decision,
    # so the decision itself stays quick (a download before then renders it).
    scheduler.add_job(run_in_app, every_minute(app),
                      args=[app, render_pending], id="render_approved_copies",
                      replace_existing=True, **EVERY_MINUTE)
    # Every morning, before people start work: courses start and end on
    # their dates. A run missed (the process was down) is made late, once,
    # and does the missed days' work (run_due catches up).
    scheduler.add_job(run_in_app, CronTrigger(hour=5, minute=30, timezone=tz),
                      args=[app, run_due], id="run_due", replace_existing=True,
                      **{**JOB_SAFETY, "misfire_grace_time": DAILY_GRACE_SECONDS})
    return scheduler


STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def run_until_stopped(scheduler: BackgroundScheduler, started: Callable[[], object],
                      signals: Iterable[signal.Signals] = STOP_SIGNALS) -> signal.Signals:
    """Run the scheduler until SIGTERM (a service manager or an orchestrator
    stopping the process) or Ctrl+C; then start no new job, let the jobs in
    progress finish and return the signal, so the process exits 0. A job is a
    sequence of units of work, and one cut in the middle would leave the rest
    to the next run: finishing it is cleaner. `started` is called once the
    scheduler runs. Call from the main thread.

    The main thread waits on a pipe that Python's signal handling writes the
    signal's number to (signal.set_wakeup_fd), whichever thread the kernel
    gave the signal to: a handler alone runs only when the main thread wakes,
    and a signal taken by another thread would leave it asleep."""
    wanted = {signal.Signals(signum) for signum in signals}
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    # The handlers do nothing themselves: the number in the pipe is the news.
    previous = {signum: signal.signal(signum, lambda *_: None) for signum in wanted}
    previous_fd = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    try:
        scheduler.start()
        started()
        while (received := os.read(read_end, 1)[0]) not in wanted:
            pass
        stopping = signal.Signals(received)
        log.info("scheduler: %s, stopping once the jobs in progress are done", stopping.name)
        scheduler.shutdown(wait=True)
    finally:
        signal.set_wakeup_fd(previous_fd)
        for signum, handler in previous.items():
            if handler is not None:  # None: not set from Python, nothing to put back
                signal.signal(signum, handler)
        os.close(read_end)
        os.close(write_end)
    return stopping
