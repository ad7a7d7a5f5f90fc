"""The scheduler: its own process (`igu-admin scheduler`), never inside web workers.

With several gunicorn workers a scheduler in each would run every job once
per worker, so it runs as a separate process. Two of them may run (for
availability): each job takes a lock first (core/job_locks), and the
scheduler that does not get it skips that turn.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.blocking import BlockingScheduler
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


def build_scheduler(app: Flask) -> BlockingScheduler:
    tz = app.config["IGU_TIMEZONE"]
    scheduler = BlockingScheduler(timezone=tz)
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
