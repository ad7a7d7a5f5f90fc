"""The scheduler process: configured safely; its jobs call services."""

from datetime import timedelta

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
