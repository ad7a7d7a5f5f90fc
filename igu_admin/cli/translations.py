"""The trainee's catalogues (the `trainee` Babel domain, one per language):
how many strings each language has drafted and reviewed, and marking them
reviewed by a translator. The state is a translator comment on each entry
(`# review: drafted`, `# review: reviewed by NAME YYYY-MM-DD`), never the
fuzzy flag, which pybabel compile would leave out."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask_babel import gettext as _

from igu_admin.cli.common import in_default_language
from igu_admin.core import clock
from igu_admin.paths import LOCALE_DIR
from igu_admin.services import trainee_copy

_LOCALE_DIR = click.option(
    "--locale-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help=f"The folder of the catalogues (default: the app's, {LOCALE_DIR}).")


@click.group("translations")
def translations_group() -> None:
    """The trainee's catalogues (locale/<lang>/LC_MESSAGES/trainee.po) and their review."""


@translations_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@_LOCALE_DIR
@in_default_language
def status(as_json: bool, locale_dir: Path | None) -> None:
    """Each language's drafted and reviewed strings (and untranslated, if any)."""
    found = trainee_copy.status(locale_dir)
    if as_json:
        click.echo(json.dumps({"languages": [
            {"lang": s.lang, "drafted": s.counts.drafted, "reviewed": s.counts.reviewed,
             "untranslated": s.counts.untranslated, "unmarked": s.counts.unmarked,
             "fuzzy": s.counts.fuzzy} for s in found]}, indent=2))
        return
    if not found:
        click.echo(_("No trainee catalogues in %(folder)s.", folder=locale_dir or LOCALE_DIR))
        return
    columns = [(_("Language"), lambda c: None), (_("Drafted"), lambda c: c.drafted),
               (_("Reviewed"), lambda c: c.reviewed)]
    # The columns of mistakes only when there are any, as the issue asks.
    if any(s.counts.untranslated for s in found):
        columns.append((_("Untranslated"), lambda c: c.untranslated))
    if any(s.counts.unmarked for s in found):
        columns.append((_("Without review comment"), lambda c: c.unmarked))
    if any(s.counts.fuzzy for s in found):
        columns.append((_("Fuzzy"), lambda c: c.fuzzy))
    rows = [[str(title) for title, _value in columns]] + [
        [s.lang, *(str(value(s.counts)) for _title, value in columns[1:])] for s in found]
    widths = [max(len(row[n]) for row in rows) for n in range(len(columns))]
    for row in rows:
        click.echo("  ".join(cell.ljust(widths[0]) if n == 0 else cell.rjust(widths[n])
                             for n, cell in enumerate(row)).rstrip())


@translations_group.command("mark-reviewed")
@click.option("--lang", required=True, help="The language code, e.g. ar.")
@click.option("--by", "by", required=True, help="The translator's name.")
@click.option("--msgid", "msgids", multiple=True,
              help="A string to mark (its msgid, in full); again for more. Left out: every "
                   "drafted string of the language.")
@_LOCALE_DIR
@in_default_language
def mark_reviewed(lang: str, by: str, msgids: tuple[str, ...], locale_dir: Path | None) -> None:
    """Mark strings of a language's trainee catalogue reviewed by a translator today."""
    if not " ".join(by.split()):
        raise click.UsageError(_("--by: give the translator's name."))
    today = clock.today()
    try:
        marked = trainee_copy.mark_reviewed(lang, by, msgids, on=today, locale_dir=locale_dir)
    except trainee_copy.UnknownLanguage as error:
        raise click.UsageError(_(
            "--lang: there is no trainee catalogue for %(lang)s. Known: %(known)s.",
            lang=error.lang, known=", ".join(error.known) or "-")) from None
    except trainee_copy.UnknownMsgids as error:
        problems = []
        if error.unknown:
            problems.append(_("not in the %(lang)s catalogue: %(ids)s", lang=error.lang,
                              ids="; ".join(repr(i) for i in error.unknown)))
        if error.untranslated:
            problems.append(_("not translated yet: %(ids)s",
                              ids="; ".join(repr(i) for i in error.untranslated)))
        raise click.UsageError(
            _("--msgid: %(problems)s. Nothing was marked.", problems="; ".join(problems))
        ) from None
    click.echo(_("%(count)s strings of %(lang)s marked reviewed by %(by)s on %(day)s.",
                 count=len(marked), lang=lang, by=" ".join(by.split()), day=today.isoformat()))
