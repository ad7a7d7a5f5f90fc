"""The scheduler process: configured safely; its jobs call services."""

from datetime import timedelta

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from igu_admin.extensions import db
from igu_admin.jobs.maintenance import purge_stale_login_throttles
from igu_admin.jobs.scheduler import build_scheduler
from igu_admin.models import LoginThrottle
from igu_admin.models.base import utcnow


def test_jobs_coalesce_run_once_at_a_time_and_pass_no_personal_data(app) -> None:
    scheduler = build_scheduler(app)
    jobs = scheduler.get_jobs()
    assert jobs
    for job in jobs:
        assert job.coalesce is True
        assert job.max_instances == 1
        assert job.misfire_grace_time
        # Jobs get the app and a service function: no ids, names or CPR numbers.
        assert not any(isinstance(arg, str | int | dict | list) for arg in job.args)
    assert str(scheduler.timezone) == "Europe/Copenhagen"


def test_the_minute_jobs_run_on_the_minute_unless_a_tick_is_set(app) -> None:
    """IGU_SCHEDULER_TICK_SECONDS (for the test of two servers and two
    schedulers) shortens only the every-minute jobs; 0, the default, keeps the minute."""
    minute = {"send_pending_mail", "render_approved_copies"}
    assert app.config["IGU_SCHEDULER_TICK_SECONDS"] == 0
    for job in build_scheduler(app).get_jobs():
        assert isinstance(job.trigger, CronTrigger)
        if job.id in minute:
            assert str(job.trigger.fields[6]) == "*"  # minute="*"
    app.config["IGU_SCHEDULER_TICK_SECONDS"] = 2
    try:
        jobs = {job.id: job.trigger for job in build_scheduler(app).get_jobs()}
    finally:
        app.config["IGU_SCHEDULER_TICK_SECONDS"] = 0
    assert {name for name, trigger in jobs.items() if isinstance(trigger, IntervalTrigger)} == minute
    assert all(jobs[name].interval == timedelta(seconds=2) for name in minute)
    assert str(jobs["run_due"]) == str(CronTrigger(hour=5, minute=30, timezone=jobs["run_due"].timezone))


def test_stale_login_throttles_are_purged(app) -> None:
    now = utcnow()
    db.session.add_all([
        LoginThrottle(key="old", failures=3, window_started_at=now - timedelta(hours=2)),
        LoginThrottle(key="locked", failures=5, window_started_at=now - timedelta(hours=2),
                      locked_until=now + timedelta(minutes=5)),
        LoginThrottle(key="fresh", failures=1, window_started_at=now),
    ])
    db.session.commit()
    assert purge_stale_login_throttles(now) == 1
    assert {t.key for t in db.session.query(LoginThrottle)} == {"locked", "fresh"}
