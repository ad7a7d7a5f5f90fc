"""`igu-admin eligibility check`: the same check as the page and the API,
with exit codes for scripts."""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import Any

import click
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from igu_admin.domain.eligibility import Assessment
from igu_admin.extensions import db
from igu_admin.inputs.eligibility import EligibilityRequest, parse_request
from igu_admin.inputs.errors import InputErrors
from igu_admin.services import eligibility as service

EXIT_ELIGIBLE, EXIT_NOT_ELIGIBLE, EXIT_BAD_INPUT, EXIT_FAILURE = 0, 1, 2, 3


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
    """Exit 0 when eligible, 1 when not (under the rule set applied: --ruleset,
    else IGU_RULESET), 2 on bad input (message on stderr), 3 when the check
    itself could not run (e.g. no database)."""
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
    in_force = result["in_force_on_start"]
    if in_force is not None:
        # The exit code follows the rule set applied; this line says what the
        # act in force on the start date answers.
        other = _("ELIGIBLE") if in_force["eligible"] else _("NOT ELIGIBLE")
        click.echo(_("Under the rule set in force on the start date: %(verdict)s (%(ruleset)s)",
                     verdict=other, ruleset=in_force["ruleset"]))
    passed, failed = _("ok"), _("FAIL")
    width = max(len(passed), len(failed))  # the criteria line up
    for c in result["criteria"]:
        mark = passed if c["passed"] else failed
        click.echo(f"  [{mark:<{width}}] {c['code']}: {c['message']} ({c['legal_reference']})")
    for n in result["notices"]:
        click.echo(f"  [{_('info'):<{width}}] {n['code']}: {n['message']} ({n['legal_reference']})")
