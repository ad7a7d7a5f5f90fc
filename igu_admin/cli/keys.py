"""The CPR data keys: re-encrypt the stored numbers under the first key of
IGU_DATA_KEY, recompute the look-up hashes under the configured hash key."""

from __future__ import annotations

from collections.abc import Callable

import click
from flask_babel import gettext as _

from igu_admin.cli.common import in_default_language
from igu_admin.services import keys

_BATCH_SIZE = click.option(
    "--batch-size", default=500, show_default=True, type=click.IntRange(min=1),
    help="Rows per transaction.")
_MAX_BATCHES = click.option(
    "--max-batches", default=None, type=click.IntRange(min=1),
    help="Stop after this many batches that changed rows (run again to go on).")


@click.group("keys")
def keys_group() -> None:
    """The keys that protect the stored CPR numbers."""


@keys_group.command("rotate")
@_BATCH_SIZE
@_MAX_BATCHES
@in_default_language
def rotate(batch_size: int, max_batches: int | None) -> None:
    """Re-encrypt every stored CPR number under the first key of IGU_DATA_KEY.
    Numbers already under it are skipped: safe to run again, and a second run
    finishes an interrupted one."""
    _report(_("CPR numbers re-encrypted under the first key:"), keys.rotate, batch_size,
            max_batches)


@keys_group.command("rehash")
@_BATCH_SIZE
@_MAX_BATCHES
@in_default_language
def rehash(batch_size: int, max_batches: int | None) -> None:
    """Recompute every stored CPR look-up hash with the configured hash key
    (IGU_CPR_HASH_KEY, or else the last key of IGU_DATA_KEY). Hashes already
    right are skipped: safe to run again."""
    _report(_("CPR look-up hashes recomputed:"), keys.rehash, batch_size, max_batches)


def _report(heading: str, run: Callable[[int, int | None], keys.KeyReport], batch_size: int,
            max_batches: int | None) -> None:
    try:
        report = run(batch_size, max_batches)
    except keys.UnreadableCpr as error:
        raise click.ClickException(_(
            "No key in IGU_DATA_KEY decrypts the CPR number stored in %(table)s row %(id)s. "
            "Batches before it are done; nothing after it was changed.",
            table=error.table, id=error.row_id)) from None
    click.echo(heading)
    for table, count in report.written.items():
        click.echo(f"  {table}: {count}")
    if not report.complete:
        click.echo(_("Not finished: run the command again to go on."))
