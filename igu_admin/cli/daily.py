"""The scheduler and the work it does, as commands: the daily work, the
claims step, sending the queued e-mails."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click
from flask import current_app
from flask_babel import gettext as _

from igu_admin.cli.common import in_default_language
from igu_admin.core.clock import today
from igu_admin.jobs import daily
from igu_admin.jobs.claims_due import claims_due_step
from igu_admin.jobs.mail_delivery import send_pending
from igu_admin.jobs.scheduler import build_scheduler, run_until_stopped


@click.command("scheduler")
@in_default_language
def scheduler() -> None:
    """Run the job scheduler in the foreground (one process, never in web workers)."""
    jobs = build_scheduler(current_app._get_current_object())  # type: ignore[attr-defined]
    # SIGTERM or Ctrl+C: the jobs in progress finish, then the command ends (exit 0).
    run_until_stopped(jobs, lambda: click.echo(_("Scheduler started (Ctrl+C stops it).")))


@click.group("mail")
def mail() -> None:
    """E-mail notifications."""


@mail.command("send-pending")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=1),
              help="At most this many messages.")
@in_default_language
def mail_send_pending(limit: int) -> None:
    """Send the queued e-mails that are due, once (the scheduler does it every minute)."""
    report = send_pending(limit=limit)
    click.echo(_("E-mails sent: %(sent)d. Failed: %(failed)d.",
                 sent=report.sent, failed=report.failed))


@click.command("run-due")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
              help="Do the work due on or before this day (default: today in Denmark).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@in_default_language
def run_due(as_of: str | None, as_json: bool) -> None:
    """Do the daily work once: start courses whose start date has come, end
    courses whose recorded termination date has come (the scheduler runs
    this every morning). Safe to run again: done work is not done twice."""


    day = None
    if as_of is not None:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise click.BadParameter(_("Enter the date as YYYY-MM-DD, for example 2024-03-01."),
                                     param_hint="--as-of") from None
    report = daily.run_due(day)
    if as_json:
        click.echo(json.dumps(report.as_dict()))
        return
    click.echo(_("The daily work for %(day)s is done:", day=report.as_of.isoformat()))
    for label, count in ((_("courses started"), report.activated),
                         (_("courses ended early"), report.terminated),
                         (_("agreement changes taking effect"), report.amended),
                         (_("bonus claims due"), report.due),
                         (_("bonus claims cancelled"), report.cancelled),
                         (_("reminders sent"), report.reminders),
                         (_("check-in reminders sent"), report.check_ins_due)):
        click.echo(f"  {label}: {count}")


@click.group("claims")
def claims() -> None:
    """Bonus claims."""


@claims.command("run-due")
@click.option("--as-of", "as_of", default=None, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day to run for, YYYY-MM-DD (default: today in Denmark).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@in_default_language
def claims_run_due(as_of: Any, as_json: bool) -> None:
    """Move the claims due by the day, remind of them and of approaching
    deadlines; idempotent, and a late run catches up."""
    day = as_of.date() if as_of is not None else today()
    report = claims_due_step(day)
    if as_json:
        click.echo(json.dumps({"as_of": day.isoformat(), **report.as_dict()}))
    else:
        click.echo(_("Claims due: %(due)d. Cancelled: %(cancelled)d. Reminders queued: "
                     "%(reminders)d.", due=report.due, cancelled=report.cancelled,
                     reminders=report.reminders))
