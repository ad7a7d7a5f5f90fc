"""The overview's one-off step: the trainee's sex and birth date for
agreements whose CPR number migration 0020 could not open."""

from __future__ import annotations

import click
from flask_babel import gettext as _

from igu_admin.cli.common import in_default_language
from igu_admin.services import overview


@click.group("overview")
def overview_group() -> None:
    """The municipality's overview and the benchmark."""


@overview_group.command("backfill-sex")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(min=1),
              help="Rows per transaction.")
@in_default_language
def backfill_sex(batch_size: int) -> None:
    """Store the trainee's sex (from the CPR number's last digit) and birth
    date (the one the number holds) on every agreement that has a number and
    lacks either. Safe to run again."""
    done = overview.backfill_sex(batch_size)
    click.echo(_("Agreements given the trainee's sex and birth date: %(count)s", count=done.written))
    if done.unreadable:
        raise click.ClickException(_(
            "No key in IGU_DATA_KEY decrypts the CPR number of %(count)s agreements: their "
            "sex and birth date are left empty.", count=done.unreadable))
