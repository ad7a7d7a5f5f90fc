"""Importing records from a municipality's files: `igu-admin import courses`.

Exit codes: 0 when the courses were imported, when there was nothing to do,
or when only conflicts were left; 1 when any row is invalid (nothing was
written); 2 for bad usage (click's: a missing file, an unknown option, a
municipality igu-admin does not have)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask_babel import gettext as _

from igu_admin.cli.common import in_default_language
from igu_admin.core.errors import NotFound
from igu_admin.services import imports

INVALID = 1


@click.group("import")
def import_group() -> None:
    """Import records from a municipality's files."""


@import_group.command("courses")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True,
                                        path_type=Path))
@click.option("--municipality", "municipality", required=True, metavar="CODE",
              help="The municipality the courses are imported into, e.g. 101.")
@click.option("--dry-run", "dry_run", is_flag=True,
              help="Check the file and count what would be done; change nothing.")
@click.option("--update", is_flag=True,
              help="Apply rows whose course igu-admin holds with other values (else conflicts).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@in_default_language
def import_courses(file: Path, municipality: str, dry_run: bool, update: bool,
                   as_json: bool) -> None:
    """Import running and past courses from FILE (CSV or XLSX, as the template)."""
    content = file.read_bytes()
    if len(content) > imports.MAX_FILE_BYTES:
        raise click.BadParameter(_("The file is larger than %(size)s MB.",
                                   size=imports.MAX_FILE_BYTES // (1024 * 1024)),
                                 param_hint="FILE")
    try:
        report = imports.import_file(None, municipality, content, imports.kind_of(content),
                                     channel="cli", filename=file.name, dry_run=dry_run,
                                     update=update)
    except NotFound:
        raise click.BadParameter(_("No municipality with the code %(code)s.", code=municipality),
                                 param_hint="--municipality") from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        _print(report)
    if report.invalid:
        sys.exit(INVALID)


def _print(report: imports.ImportReport) -> None:
    if report.invalid:
        click.echo(_("Nothing was imported: %(errors)d errors in the file.",
                     errors=len(report.errors)))
        for error in report.errors:
            click.echo(_("Row %(row)d, %(field)s: %(message)s", row=error.row,
                         field=error.field, message=error.message))
        return
    if report.dry_run:
        click.echo(_("Dry run: nothing was changed. The import would do this:"))
    for label, count in ((_("rows"), report.rows), (_("created"), report.created),
                         (_("updated"), report.updated), (_("unchanged"), report.unchanged),
                         (_("conflicts"), len(report.conflicts))):
        click.echo(f"  {label}: {count}")
    for conflict in report.conflicts:
        click.echo(_("Row %(row)d (%(ref)s): igu-admin holds the course with other values. "
                     "Use --update to apply the row.", row=conflict.row,
                     ref=conflict.external_ref))
