"""Demo data and the reference data of municipalities."""

from __future__ import annotations

import click
from flask_babel import gettext as _
from flask_babel import ngettext

from igu_admin.cli.common import in_default_language
from igu_admin.core.errors import ServiceError
from igu_admin.core.municipalities import sync_municipalities
from igu_admin.jobs import daily
from igu_admin.services import demo
from igu_admin.wording.accounts import account_error


@click.command("demo-data")
@in_default_language
def demo_data() -> None:
    """Create demo data (idempotent) and print a login for each role. Refused in production."""
    try:
        logins = demo.ensure_demo_data()
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
    count = sync_municipalities()
    click.echo(ngettext("%(num)d municipality in the database.",
                        "%(num)d municipalities in the database.", count))
