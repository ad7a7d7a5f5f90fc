"""What each step's page needs besides its form: choices, the draft's values
in the fields, and what the page shows around the form (the company from
the account, the eligibility assessment, the computed end date, the rates).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from forms.agreement import BackgroundForm, TableRate, TraineeForm, WageForm
from forms.agreement_step import StepForm
from igu_admin.core import clock, wage_rates
from igu_admin.core.municipalities import read_municipality_file
from igu_admin.domain import trainee_languages
from igu_admin.domain.rulesets import TARGET_GROUPS
from igu_admin.inputs.agreement import parse_changes
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import Agreement, Company, User
from igu_admin.services import agreements
from igu_admin.web.pages import date_hints as hints
from igu_admin.web.pages.employer.agreement_steps import Step
from igu_admin.wording import agreement as agreement_messages
from igu_admin.wording.eligibility import (
    criteria_rows,
    recent_employment_question,
    target_group_label,
)

# Carrying the eligibility answer over drops what the rules refuse (a start
# date now in the past, say) and tries again; each try drops at least one field.
_CARRY_TRIES = 6
# The review's warning that the chosen agreement has no current rate.
NO_CURRENT_RATE = "wage_rate_not_current"


@dataclass(frozen=True)
class RateRow:
    """A row of the rate table as the wage step shows it."""

    code: str
    title: str
    basis: str
    year1: Decimal
    year2: Decimal
    per: str
    validity: str
    source: str
    # Applies on the start date (only then is it filled in).
    current: bool


def configure(step: Step, form: StepForm, agreement: Agreement,
              with_language: bool = True) -> None:
    """Choices and labels that depend on data (municipalities, rule set,
    rates). `with_language`: the trainee step asks the trainee's language
    (not on the jobcentre's copy of it)."""
    if isinstance(form, TraineeForm):
        form.configure(list(municipality_choices()),
                       cpr_saved=agreements.agreement_cpr(agreement, full=False) is not None,
                       languages=trainee_languages.choices(str(get_locale()))
                       if with_language else None)
    elif isinstance(form, BackgroundForm):
        question, _earlier = recent_employment_question(agreements.review(agreement).ruleset)
        form.configure([(code, target_group_label(code)) for code in TARGET_GROUPS], question)
    elif isinstance(form, WageForm):
        rates = wage_rates.all_rates()
        locale = str(get_locale())
        day = rate_day(agreement)
        form.configure([(r.code, r.title(locale)) for r in rates]
                       + [(wage_rates.OTHER_AGREEMENT, _("Other agreement, or none"))],
                       {r.code: TableRate(r.basis, r.year1, r.year2, r.current_on(day))
                        for r in rates})


def rate_day(agreement: Agreement | None) -> date:
    """The day a rate must apply on: the start date, or today while there is none."""
    start = agreement.start_date if agreement is not None else None
    return start or clock.today()


# Danish alphabetical order puts Æ, Ø and Å after Z, in that order.
_DANISH_LAST = str.maketrans({"Æ": "Z\u0001", "Ø": "Z\u0002", "Å": "Z\u0003",
                              "æ": "z\u0001", "ø": "z\u0002", "å": "z\u0003"})


@functools.cache
def municipality_choices() -> tuple[tuple[str, str], ...]:
    """The 98 municipalities (code, name) in Danish alphabetical order, from
    the shipped data file the database is kept in step with."""
    rows = read_municipality_file()
    return tuple((row.code, row.name) for row in sorted(
        rows, key=lambda row: row.name.translate(_DANISH_LAST).casefold()))


def prefill(step: Step, form: StepForm, agreement: Agreement) -> None:
    """The draft's values in the fields, and the lock_version they were read at."""
    form.load(agreements.draft_values(agreement))
    form.lock_version.data = str(agreement.lock_version)
    if isinstance(form, WageForm):
        form.fill_rates()
    if step.key == "company" and not form["contact_person"].data:
        form["contact_person"].data = current_user.name


def step_context(step: Step, form: StepForm, agreement: Agreement | None,
                 review: Any) -> dict[str, Any]:
    """What the step's template shows around its form."""
    company: Company = agreement.company if agreement is not None else current_user.company
    context: dict[str, Any] = {"company": company, "company_address": company_address(company),
                               "start_hint": hints.start_hint(clock.today())}
    if agreement is None or review is None:
        return context
    assessment = review.assessment
    context.update(assessment=assessment, ruleset=review.ruleset, end_date=review.end_date,
                   warnings=review.warnings,
                   course=review.ruleset.as_of(agreement.start_date or clock.today()).course)
    if step.key == "trainee":
        context["saved_cpr"] = agreements.agreement_cpr(agreement, full=False)
    elif step.key == "background":
        context["criteria"] = criteria_rows(assessment)
        context["earlier_rule"] = recent_employment_question(review.ruleset)[1]
    elif step.key == "wage":
        context["rates"] = rate_rows(rate_day(agreement))
        # Said here, from what the form holds now (typed or saved), not the
        # review's copy of the same warning from what was saved.
        context["warnings"] = [w for w in review.warnings if w.code != NO_CURRENT_RATE]
        context["no_current_rate"] = {
            r.code: agreement_messages.no_current_rate(r.code, r.valid_to)
            for r in wage_rates.all_rates() if not r.current_on(rate_day(agreement))}
        context["lacks_current_rate"] = isinstance(form, WageForm) and form.lacks_current_rate()
    return context


def company_address(company: Company) -> str:
    town = " ".join(p for p in (company.postal_code, company.city) if p)
    return ", ".join(p for p in (company.address, town) if p)


def rate_rows(day: date) -> list[RateRow]:
    locale = str(get_locale())
    return [RateRow(r.code, r.title(locale), r.basis, r.year1, r.year2, per_unit(r.basis),
                    validity(r.valid_from, r.valid_to), r.source, r.current_on(day))
            for r in wage_rates.all_rates()]


def per_unit(basis: str) -> str:
    return _("a month") if basis == "monthly" else _("an hour") if basis == "hourly" else ""


def validity(valid_from: date | None, valid_to: date | None) -> str:
    if valid_from and valid_to:
        return _("%(start)s to %(end)s", start=format_date(valid_from, "long"),
                 end=format_date(valid_to, "long"))
    if valid_to:
        return _("Until %(end)s", end=format_date(valid_to, "long"))
    if valid_from:
        return _("From %(start)s", start=format_date(valid_from, "long"))
    return _("Not stated by the source")


def create_with_what_holds(actor: User, raw: dict[str, Any]) -> tuple[Agreement, bool]:
    """A new draft from the facts typed in the eligibility check, leaving out
    any the parser or the rules refuse; and whether any was left out."""
    dropped = False
    for _try in range(_CARRY_TRIES):
        try:
            return agreements.create_draft(actor, parse_changes(raw), step=""), dropped
        except InputErrors as error:
            smaller = _without(raw, error.errors)
            if smaller == raw:
                break
            raw, dropped = smaller, True
    return agreements.create_draft(actor, parse_changes({}), step=""), True


def _without(raw: Mapping[str, Any], paths: Mapping[str, Any]) -> dict[str, Any]:
    """`raw` less the fields the paths name (a period abroad takes its list along)."""
    result: dict[str, Any] = {k: dict(v) if isinstance(v, Mapping) else v for k, v in raw.items()}
    for path in paths:
        top, _dot, rest = path.partition(".")
        if top not in result:
            return {}  # a message on the whole request: start from nothing
        if rest and isinstance(result[top], dict):
            result[top].pop(rest.split(".")[0], None)
        else:
            result.pop(top)
    return result
