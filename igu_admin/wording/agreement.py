"""The agreement rules' problems worded for people (Babel), in Danish format
for numbers, money and dates in Danish, and as the reader's locale has them
otherwise."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import format_currency, format_date, format_decimal, get_locale, gettext

from igu_admin.core import wage_rates
from igu_admin.domain.agreement_rules import Problem
from igu_admin.domain.eligibility import Criterion
from igu_admin.domain.rulesets import RuleSet
from igu_admin.inputs.errors import input_error
from igu_admin.wording.eligibility import explain


def money(amount: Decimal) -> str:
    """12.132,00 kr. in Danish."""
    return format_currency(amount, "DKK")


def _day(value: date) -> str:
    return format_date(value, "long")


def _agreement_title(code: str) -> str:
    rate = wage_rates.find(code)
    return rate.title(str(get_locale())) if rate is not None else code


def per_basis(amount: Decimal, basis: str) -> str:
    """12.132,00 kr. a month, or 98,50 kr. an hour."""
    if basis == "hourly":
        return gettext("%(amount)s an hour", amount=money(amount))
    return gettext("%(amount)s a month", amount=money(amount))


def problem_message(problem: Problem) -> str:
    p: dict[str, Any] = dict(problem.params)
    code = problem.code
    if code in ("start_before_birth", "registration_before_birth", "registration_after_start"):
        return input_error(code)
    if code == "start_in_past":
        return gettext("The start date cannot be before today (%(today)s): the agreement is "
                       "made before the course starts.", today=_day(p["today"]))
    if code == "permit_before_birth":
        return gettext("The date of the residence permit is before the birth date.")
    if code == "permit_after_start":
        return gettext("The residence permit must be granted before the start date.")
    if code in ("hours_below_minimum", "hours_above_maximum"):
        return gettext("The weekly hours must be from %(min)s to %(max)s: at least %(min)s hours "
                       "at the workplace and at most %(max)s hours with schooling, on average.",
                       min=format_decimal(p["min"]), max=format_decimal(p["max"]))
    if code == "wage_not_positive":
        return gettext("The wage must be more than 0 kr.")
    if code == "wage_absurd":
        return gettext("The wage is more than %(factor)s times the collective agreement's rate. "
                       "Check the amount: it can be at most %(limit)s.",
                       factor=format_decimal(p["factor"]),
                       limit=per_basis(p["limit"], p["basis"]))
    if code == "wage_below_table":
        return gettext("The wage is below the rate of %(agreement)s (%(rate)s). Check that it "
                       "follows the company's collective agreement.",
                       agreement=_agreement_title(p["agreement"]),
                       rate=per_basis(p["rate"], p["basis"]))
    if code == "wage_basis_differs":
        if p["basis"] == "hourly":
            return gettext("%(agreement)s gives an hourly wage, but the wage is given per month.",
                           agreement=_agreement_title(p["agreement"]))
        return gettext("%(agreement)s gives a monthly wage, but the wage is given per hour.",
                       agreement=_agreement_title(p["agreement"]))
    if code == "wage_rate_not_current":
        return no_current_rate(p["agreement"], p.get("valid_to"))
    raise KeyError(code)


def no_current_rate(code: str, valid_to: date | None) -> str:
    """The chosen agreement has no current rate in igu-admin: ask for the agreed one."""
    if valid_to is not None:
        return gettext("There is no current rate for %(agreement)s in igu-admin: the rates we "
                       "have were valid until %(date)s. Enter the wage you have agreed for "
                       "year 1 and year 2.", agreement=_agreement_title(code), date=_day(valid_to))
    return gettext("There is no current rate for %(agreement)s in igu-admin: our source states "
                   "no period for its rates. Enter the wage you have agreed for year 1 and "
                   "year 2.", agreement=_agreement_title(code))


def required_to_submit() -> str:
    return gettext("Fill this in before the agreement can be sent.")


def eligibility_failure(criterion: Criterion, ruleset: RuleSet) -> str:
    """Why the trainee cannot start an IGU, with the legal basis."""
    return gettext("%(reason)s (Legal basis: %(reference)s)",
                   reason=explain(criterion, ruleset), reference=criterion.legal_reference)


def eligibility_unknown() -> str:
    return gettext("The trainee's eligibility cannot be assessed from what has been entered. "
                   "Check the dates.")


def trainee_part_only() -> str:
    """A caseworker changed a field outside the trainee part of a draft the
    jobcentre started."""
    return gettext("The jobcentre can change only the trainee's part of the agreement. The "
                   "employer fills in the rest.")


def trainee_part_jobcentre() -> str:
    """The employer changed the trainee part of a draft the jobcentre started."""
    return gettext("The jobcentre started this agreement and fills in the trainee's part. "
                   "Ask the jobcentre for a change in a comment.")


def company_not_known() -> str:
    return gettext("igu-admin does not know a company with this CVR number. Invite the "
                   "company with its name, type and an e-mail address instead.")


def company_known_start_by_cvr() -> str:
    return gettext("igu-admin already knows a company with this CVR number: start the "
                   "agreement for it by its CVR number instead.")


def company_or_invite() -> str:
    return gettext("Name the company: by its CVR number if igu-admin knows it, or invite it "
                   "(one of the two).")


def company_is_callers() -> str:
    return gettext("An employer's agreement is for their own company: leave this field out.")
