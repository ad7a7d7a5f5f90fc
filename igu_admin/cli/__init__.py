"""The igu-admin command: a Flask CLI group (db, run, routes) plus igu-admin's
own commands, a module per group. The app is made by the group when a
command needs it."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from igu_admin import create_app
from igu_admin.bench.figures import bench
from igu_admin.cli import accounts, daily, demo, eligibility, imports, keys, overview, translations
from igu_admin.core import audit


def _create_app() -> Flask:
    audit.set_channel("cli")  # what the command changes is audited as done from the CLI
    return create_app()


def _in_app(command: click.Command) -> click.Command:
    """Run the command (each of a group's) inside the app's context, as Flask's
    own app.cli commands do."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _in_app(sub)
    elif command.callback is not None:
        command.callback = with_appcontext(command.callback)
    return command


main = FlaskGroup(name="igu-admin", create_app=_create_app,
                  help="Administration of the Danish integration basic education (IGU).")
for command in (accounts.create_user, accounts.create_company, accounts.api_token, demo.demo_data,
                demo.municipalities, eligibility.eligibility, daily.scheduler, daily.run_due,
                daily.mail, daily.claims, keys.keys_group, imports.import_group,
                overview.overview_group, translations.translations_group, bench):
    main.add_command(_in_app(command))
