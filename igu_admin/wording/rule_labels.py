"""Plain-language names of rule-set values for the administrators' overview."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from flask_babel import format_currency, format_date, format_number, gettext, lazy_gettext
from flask_babel.speaklater import LazyString

from igu_admin.domain.rule_parts import ExtensionGround, Rate
from igu_admin.wording.eligibility import target_group_label
from igu_admin.wording.rule_sources import RuleRow

_l = lazy_gettext

PART_TITLES: dict[str, LazyString] = {
    "window": _l("Start dates"),
    "age": _l("Age on the start date"),
    "residence": _l("Registered address in Denmark"),
    "target_group": _l("Target group"),
    "previous_igu": _l("One IGU per person"),
    "recent_employment": _l("Earlier ordinary employment in the company"),
    "course": _l("The course"),
    "schooling": _l("Schooling"),
    "extension": _l("Extension of the course"),
    "cap": _l("Yearly cap on new courses"),
    "certificate": _l("Certificate at the end of the course"),
    "claims": _l("Bonus claims"),
}

VALUE_LABELS: dict[str, LazyString] = {
    "window.applies_from": _l("First start date of the rule set"),
    "window.applies_to": _l("Last start date when the rule set is chosen by start date"),
    "window.last_start_date": _l("Last start date in the act"),
    "age.min_years": _l("Has turned (years)"),
    "age.max_years_exclusive": _l("Is under (years)"),
    "residence.max_years": _l("Registered address for less than (years)"),
    "target_group.eligible": _l("Groups in the target group"),
    "previous_igu.previous_igu": _l("A person can complete only one IGU"),
    "certificate.certificate": _l(
        "Certificate of a completed course, documentation of a partly completed one"),
    "recent_employment.bar": _l("What bars an IGU"),
    "recent_employment.months": _l("Months before the start"),
    "course.duration_months": _l("Duration (months)"),
    "course.min_average_workplace_hours": _l("Workplace hours a week, at least on average"),
    "course.max_average_total_hours": _l("School and work hours a week, at most on average"),
    "course.guidance_min_weekly_hours": _l("Hours a week in all, at least (guidance)"),
    "course.registration_deadline_months": _l(
        "Registration in VITAS within (months from the start)"),
    "schooling.weeks": _l("Weeks of schooling"),
    "schooling.hours_per_week": _l("Hours per week of schooling"),
    "schooling.allowed_kinds": _l("Allowed kinds of schooling"),
    "schooling.required_kinds": _l("Kinds every plan must include"),
    "schooling.double_counted_kinds": _l("Kinds whose hours count double"),
    "schooling.min_amu_weeks_after_danish_test": _l(
        "Weeks of AMU at least, after a passed Prøve i Dansk 1, 2 or 3"),
    "schooling.danish_allowed_after_danish_test": _l(
        "Danish education allowed after a passed Prøve i Dansk 1, 2 or 3"),
    "schooling.plan_deadline_months": _l(
        "The schooling plan is due by the end of this many months of employment"),
    "cap.max_new_courses_per_year": _l("New courses a year in all of Denmark, at most"),
    "cap.max_pause_months": _l("Months the minister can pause new courses, at most"),
    "claims.enabled": _l("Scheduled (an administrator can switch it off)"),
    "claims.months": _l("Due after (months of employment)"),
    "claims.private_employers_only": _l("Private employers only"),
    "claims.programme_year_day": _l("The year of the integration programme is judged on"),
    "claims.evidence": _l("Evidence to send with the claim"),
    "claims.deadline_months_after": _l("Deadline (months after the due date)"),
}

# Claim types are rule-set data; each code a rule file uses needs a label here
# (a test checks every rule file against this map). The pages use it too.
CLAIM_TYPE_LABELS: dict[str, LazyString] = {
    "company_bonus_6_months": _l("Company bonus after 6 months"),
    "company_bonus_completion": _l("Company bonus for a completed IGU"),
    "municipality_result_grant": _l("Result grant to the municipality"),
}

# Evidence codes (rule_parts.CLAIM_EVIDENCE); a test checks that each has a label.
EVIDENCE_LABELS: dict[str, LazyString] = {
    "vitas_registration": _l("The agreement and the schooling plan registered in VITAS"),
    "employment_period": _l("The employment period, with the company's CVR number and the "
                            "trainee's CPR number"),
    "completion_certificate": _l("Proof that the IGU is completed (the completion "
                                 "certificate)"),
    "workplace_hours": _l("Workplace time of at least the course's minimum hours a week on "
                          "average, or else the total hours of absence"),
    "language_centre_transcript": _l("For Danish education: a transcript from the language "
                                     "centre"),
    "amu_certificates": _l("For AMU: participation certificates from the AMU centre"),
    "other_schooling_certificates": _l("For other schooling: participation and exam "
                                       "certificates from the school"),
    "continuous_employment": _l("Documentation of the continuous months of employment in the "
                                "course"),
}

PROGRAMME_YEAR_DAY_LABELS: dict[str, LazyString] = {
    "course_start": _l("The course's start (the day the employment began)"),
    "due_date": _l("The claim's due date"),
}

GROUND_LABELS: dict[str, LazyString] = {
    "special_circumstances": _l("Special circumstances prevented completing the schooling"),
    "parental_leave": _l("Leave for pregnancy, birth or adoption"),
    "sickness": _l("Continuous sickness"),
}

BAR_LABELS: dict[str, LazyString] = {
    "months": _l("Ordinary employment in the company in the months before the start"),
    "direct_continuation": _l("An IGU in direct continuation of ordinary employment in the "
                              "company"),
}

KIND_LABELS: dict[str, LazyString] = {
    "amu": _l("AMU"), "fvu": _l("FVU"), "avu": _l("AVU"), "hf": _l("HF single subjects"),
    "fgu": _l("FGU"), "danish": _l("Danish education"),
}

SURENESS_NAMES: dict[str, LazyString] = {
    "verified": _l("Verified in the act or the executive order"),
    "amending_bill": _l("From the amending bill"),
    "guidance": _l("From the guidance"),
    "unverified": _l("Not verified"),
}


def row_label(row: RuleRow) -> str:
    if row.part == "claims":
        return _claim_label(row)
    kind, _, code = row.name.partition(".")
    if kind == "dated":
        return gettext("%(group)s, from its own date", group=target_group_label(code))
    if kind == "grounds":
        return str(GROUND_LABELS[code])
    return str(VALUE_LABELS[f"{row.part}.{row.name}"])


def _claim_label(row: RuleRow) -> str:
    code, _, value = row.name.partition(".")
    # A claim type an administrator added without a label is shown by its code.
    claim = str(CLAIM_TYPE_LABELS.get(code, code))
    if isinstance(row.value, Rate):
        return f"{claim}: {_rate_label(row.value)}"
    return f"{claim}: {VALUE_LABELS[f'claims.{value}']}"


def _rate_label(rate: Rate) -> str:
    since = format_date(rate.valid_from, "long")
    if rate.programme_years is None:
        return gettext("Amount for claims falling due from %(date)s", date=since)
    first, last = rate.programme_years
    return gettext("Amount for claims falling due from %(date)s, years %(first)s-%(last)s of "
                   "the integration programme", date=since, first=first, last=last)


def evidence_label(code: str) -> str:
    return str(EVIDENCE_LABELS[code])


def row_value(row: RuleRow) -> str:
    value = row.value
    if isinstance(value, ExtensionGround):
        return _ground(value)
    if isinstance(value, Rate):
        return format_currency(value.amount, "DKK")
    if row.part == "claims" and row.name.endswith(".evidence"):
        return "; ".join(evidence_label(code) for code in value) or gettext("None")
    if row.part == "claims" and row.name.endswith(".programme_year_day"):
        return str(PROGRAMME_YEAR_DAY_LABELS[value])
    if row.name.startswith("dated."):
        return gettext("In the target group")
    if row.part == "certificate":
        return gettext("igu-admin issues it from the agreement and the schooling plan")
    if row.part == "recent_employment" and row.name == "bar":
        return str(BAR_LABELS[value])
    if row.part == "target_group":
        return _joined(target_group_label(g) for g in sorted(value))
    if isinstance(value, frozenset):
        return _joined(str(KIND_LABELS[k]) for k in sorted(value)) or gettext("None")
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, Decimal):
        return format_currency(value, "DKK")
    if isinstance(value, date):
        return format_date(value, "long")
    if isinstance(value, int):
        return format_number(value)
    return "" if value is None else str(value)


def row_since(row: RuleRow) -> str:
    if row.since is None:
        return ""
    return gettext("from %(date)s", date=format_date(row.since.effective_from, "long"))


def sureness_name(sureness: str) -> str:
    return str(SURENESS_NAMES[sureness])


def _joined(items: Iterable[str]) -> str:
    return ", ".join(items)


def _ground(ground: ExtensionGround) -> str:
    text = gettext("Mandatory") if ground.mandatory else gettext("By agreement")
    if ground.min_continuous_weeks_over is not None:
        text += "; " + gettext("more than %(weeks)s weeks", weeks=ground.min_continuous_weeks_over)
    if ground.limited_to_absence:
        text += "; " + gettext("by at most the length of the absence")
    return text
