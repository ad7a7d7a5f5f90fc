"""The igu-admin command: a Flask CLI group (db, run, routes) plus our commands."""

from __future__ import annotations

import dataclasses
import functools
import json
import sys
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from igu_admin.domain.eligibility import Assessment
from igu_admin.models import Role
from igu_admin.services.eligibility import EligibilityRequest
from igu_admin.services.errors import ServiceError

EXIT_ELIGIBLE, EXIT_NOT_ELIGIBLE, EXIT_BAD_INPUT, EXIT_FAILURE = 0, 1, 2, 3
P = ParamSpec("P")
R = TypeVar("R")


def _create_app() -> Flask:
    from igu_admin import create_app
    from igu_admin.services import audit

    audit.set_channel("cli")  # what the command changes is audited as done from the CLI
    return create_app()


main = FlaskGroup(name="igu-admin", create_app=_create_app,
                  help="Administration of the Danish integration basic education (IGU).")


def in_default_language(command: Callable[P, R]) -> Callable[P, R]:
    """Run a command's messages in the app's default language (Danish); a
    command with --lang uses force_locale itself."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            return command(*args, **kwargs)

    return run


def _service_error(error: ServiceError) -> click.UsageError:
    """A refused request, worded as the admin pages word it, naming the field."""
    from igu_admin.services.account_messages import account_error

    message = account_error(error.code)
    return click.UsageError(f"{error.field}: {message}" if error.field else message)


def register_commands(app: Flask) -> None:
    from igu_admin.bench import bench

    for command in (create_user, create_company, demo_data, municipalities, eligibility,
                    scheduler, run_due, bench, api_token, mail, claims):
        app.cli.add_command(command)


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default="")
@click.option("--company-cvr", default=None, help="The employer's company (role employer).")
@click.option("--municipality", default=None, help="Municipality code (caseworker, finance).")
@in_default_language
def create_user(email: str, role: str, password: str, name: str, company_cvr: str | None,
                municipality: str | None) -> None:
    """Create a login."""
    from igu_admin.services import accounts

    company_id = None
    if company_cvr:
        company = next((c for c in accounts.list_companies() if c.cvr == company_cvr), None)
        if company is None:
            raise click.UsageError(_("No company with CVR %(cvr)s.", cvr=company_cvr))
        company_id = company.id
    try:
        user = accounts.create_user(None, accounts.NewUser(
            email=email, password=password, role=Role(role), name=name,
            company_id=company_id, municipality_code=municipality))
    except ServiceError as error:
        raise _service_error(error) from error
    click.echo(_("Created the user %(email)s with the role %(role)s.", email=user.email,
                 role=_role_name(user.role)))


@click.command("create-company")
@click.option("--cvr", required=True)
@click.option("--name", required=True)
@click.option("--municipality", required=True, help="Municipality code, e.g. 101.")
@click.option("--public", "is_public", is_flag=True, help="A public employer (no IGU bonus).")
@in_default_language
def create_company(cvr: str, name: str, municipality: str, is_public: bool) -> None:
    """Create a company."""
    from igu_admin.services import accounts

    try:
        company = accounts.create_company(None, accounts.NewCompany(
            cvr=cvr, name=name, municipality_code=municipality, is_private=not is_public))
    except ServiceError as error:
        raise _service_error(error) from error
    click.echo(_("Created the company %(name)s (CVR %(cvr)s).", name=company.name,
                 cvr=company.cvr))


@click.command("scheduler")
@in_default_language
def scheduler() -> None:
    """Run the job scheduler in the foreground (one process, never in web workers)."""
    from igu_admin.jobs.scheduler import build_scheduler

    click.echo(_("Scheduler started (Ctrl+C stops it)."))
    build_scheduler(current_app._get_current_object()).start()  # type: ignore[attr-defined]


@click.group("mail")
def mail() -> None:
    """E-mail notifications."""


@mail.command("send-pending")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=1),
              help="At most this many messages.")
@in_default_language
def mail_send_pending(limit: int) -> None:
    """Send the queued e-mails that are due, once (the scheduler does it every minute)."""
    from igu_admin.services.mail_delivery import send_pending

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
    from datetime import date

    from igu_admin.services import daily

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
                         (_("bonus claims due"), report.due),
                         (_("bonus claims cancelled"), report.cancelled),
                         (_("reminders sent"), report.reminders)):
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
    from igu_admin.services.agreements import today
    from igu_admin.services.claim_due import claims_due_step

    day = as_of.date() if as_of is not None else today()
    report = claims_due_step(day)
    if as_json:
        click.echo(json.dumps({"as_of": day.isoformat(), **report.as_dict()}))
    else:
        click.echo(_("Claims due: %(due)d. Cancelled: %(cancelled)d. Reminders queued: "
                     "%(reminders)d.", due=report.due, cancelled=report.cancelled,
                     reminders=report.reminders))


@click.command("demo-data")
@in_default_language
def demo_data() -> None:
    """Create demo data (idempotent) and print a login for each role. Refused in production."""
    from igu_admin.services import daily
    from igu_admin.services.account_messages import account_error
    from igu_admin.services.demo import ensure_demo_data

    try:
        logins = ensure_demo_data()
    except ServiceError as error:
        raise click.ClickException(account_error(error.code)) from error
    # The daily work, as the scheduler does it each morning: the demo's running
    # course is started and its claims whose day has come fall due.
    daily.run_due()
    click.echo("")
    click.echo(_("Demo logins (development only):"))
    password_label = _("password:")
    for login in logins:
        click.echo(f"  {login.role:<11} {login.email:<28} {password_label} {login.password}")
    click.echo("")


@click.group("municipalities")
def municipalities() -> None:
    """The 98 municipalities."""


@municipalities.command("sync")
@in_default_language
def municipalities_sync() -> None:
    """Insert or correct the municipalities from the shipped data file."""
    from igu_admin.services.municipalities import sync_municipalities

    count = sync_municipalities()
    click.echo(ngettext("%(num)d municipality in the database.",
                        "%(num)d municipalities in the database.", count))


@click.group("eligibility")
def eligibility() -> None:
    """IGU eligibility."""


@eligibility.command("check")
@click.option("--start-date", required=True, help="YYYY-MM-DD")
@click.option("--birth-date", default=None, help="YYYY-MM-DD (or give --cpr)")
@click.option("--cpr", default=None, help="DDMMYY-SSSS (or give --birth-date)")
@click.option("--registered-since", required=True, help="First registered address, YYYY-MM-DD")
@click.option("--target-group", required=True)
@click.option("--absence", "absences", multiple=True, metavar="FROM:TO",
              help="A period registered abroad, YYYY-MM-DD:YYYY-MM-DD; repeatable.")
@click.option("--previous-igu", is_flag=True)
@click.option("--recent-ordinary-employment", is_flag=True,
              help="Ordinary employment in the company within the period the rule on the start "
                   "date names (the months before the start, or, under the act's first "
                   "wording, directly up to the start).")
@click.option("--ruleset", default=None)
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON answer.")
@click.option("--lang", default="da", type=click.Choice(["da", "en"]), show_default=True)
def eligibility_check(start_date: str, birth_date: str | None, cpr: str | None,
                      registered_since: str, target_group: str, absences: tuple[str, ...],
                      previous_igu: bool, recent_ordinary_employment: bool, ruleset: str | None,
                      as_json: bool, lang: str) -> None:
    """Exit 0 when eligible, 1 when not, 2 on bad input (message on stderr),
    3 when the check itself could not run (e.g. no database)."""
    from igu_admin.services import eligibility as service
    from igu_admin.services.eligibility_input import parse_request
    from igu_admin.services.input_errors import InputErrors

    given: dict[str, Any] = {
        "start_date": start_date, "birth_date": birth_date, "cpr": cpr,
        "registered_since": registered_since, "target_group": target_group,
        "previous_igu": previous_igu, "recent_ordinary_employment": recent_ordinary_employment,
        "ruleset": ruleset, "absences": [_absence(a) for a in absences],
    }
    # An option not given is left out, as in the API, where null is refused.
    raw = {name: value for name, value in given.items() if value is not None}
    with force_locale(lang):
        try:
            assessment = _check_with_lookup(parse_request(raw, lookup_recorded_igu=True))
        except InputErrors as error:
            _bad_input(error.errors)
        except Exception as error:  # never exit 1 ("not eligible") on a failure
            click.echo(_("error: the check could not run (%(kind)s)", kind=type(error).__name__),
                       err=True)
            sys.exit(EXIT_FAILURE)
        result = service.assessment_as_dict(assessment)
        if as_json:
            click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            _print_assessment(result)
    sys.exit(EXIT_ELIGIBLE if result["eligible"] else EXIT_NOT_ELIGIBLE)


def _check_with_lookup(request: EligibilityRequest) -> Assessment:
    """The check, with the look-up of recorded IGUs if the database allows it.

    Without a migrated database the answer still follows from the facts given;
    stderr says that recorded agreements were not consulted.
    """
    from igu_admin.extensions import db
    from igu_admin.services import eligibility as service

    try:
        return service.check(request)
    except SQLAlchemyError:
        db.session.rollback()
        click.echo(_("warning: recorded IGU agreements were not checked: the database is not "
                     "ready (run igu-admin db upgrade)"), err=True)
        return service.check(dataclasses.replace(request, lookup_recorded_igu=False))


def _absence(text: str) -> dict[str, str]:
    start, _, end = text.partition(":")
    return {"from": start, "to": end}


def _bad_input(errors: dict[str, list[str]]) -> None:
    for field, messages in errors.items():
        for message in messages:
            click.echo(f"{field}: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _print_assessment(result: dict[str, Any]) -> None:
    verdict = _("ELIGIBLE") if result["eligible"] else _("NOT ELIGIBLE")
    click.echo(f"{verdict} ({result['ruleset']})")
    passed, failed = _("ok"), _("FAIL")
    width = max(len(passed), len(failed))  # the criteria line up
    for c in result["criteria"]:
        mark = passed if c["passed"] else failed
        click.echo(f"  [{mark:<{width}}] {c['code']}: {c['message']} ({c['legal_reference']})")
    for n in result["notices"]:
        click.echo(f"  [{_('info'):<{width}}] {n['code']}: {n['message']} ({n['legal_reference']})")


@click.group("api-token")
def api_token() -> None:
    """Personal API tokens."""


@api_token.command("create")
@click.option("--email", required=True, help="The user the token acts as.")
@click.option("--label", default="", help="What the token is for, shown on the user's page.")
@in_default_language
def api_token_create(email: str, label: str) -> None:
    """Make a token for a user; the token alone is printed on the last line, once."""
    from igu_admin.services import accounts, api_tokens

    user = accounts.find_user_by_email(email)
    if user is None:
        raise click.UsageError(_("No user with the e-mail %(email)s.", email=email))
    try:
        made = api_tokens.create_token(None, user, label)
    except ServiceError as error:
        raise _service_error(error) from error
    click.echo(_("API key for %(email)s (%(role)s). It is shown only now:", email=user.email,
                 role=_role_name(user.role)), err=True)
    click.echo(made.secret)


def _role_name(code: str) -> str:
    from igu_admin.web.labels import ROLE_LABELS

    return str(ROLE_LABELS[Role(code)])
