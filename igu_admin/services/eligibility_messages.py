"""Plain-language wording of eligibility criteria (Babel); input errors are in input_errors."""

from __future__ import annotations

from flask_babel import format_date, get_locale, gettext, lazy_gettext, ngettext
from flask_babel.speaklater import LazyString

from igu_admin.domain.eligibility import Criterion
from igu_admin.domain.rulesets import RuleSet

_l = lazy_gettext

TARGET_GROUP_LABELS: dict[str, LazyString] = {
    "refugee": _l("Refugee (residence permit under the Aliens Act § 7 or § 8)"),
    "family_reunified_to_refugee": _l("Family-reunified with a refugee"),
    "family_reunified": _l("Family-reunified with someone who is not a refugee"),
    "ukraine_special_act": _l("Displaced person from Ukraine (special act)"),
    "afghan_special_act": _l("Afghan under the special act"),
    "other": _l("Other (for example student, worker, EU or Danish citizen)"),
}

CRITERION_TITLES: dict[str, LazyString] = {
    "scheme_window": _l("Start date within the scheme"),
    "age": _l("Age on the start date"),
    "residence": _l("Registered address in Denmark"),
    "target_group": _l("Target group"),
    "previous_igu": _l("No previous IGU"),
    "recent_employment": _l("No recent ordinary employment in the company"),
}


def target_group_label(code: str) -> str:
    label = TARGET_GROUP_LABELS.get(code)
    return str(label) if label is not None else code


def criterion_title(code: str) -> str:
    return str(CRITERION_TITLES[code])


def explain(c: Criterion, rs: RuleSet) -> str:
    """One or two sentences saying why the criterion passed or failed."""
    f = c.facts
    if c.code == "scheme_window":
        if c.passed:
            return gettext("The start date %(start)s is covered by the rule set %(title)s.",
                           start=format_date(f["start_date"], "long"), title=rs.title(str(get_locale())))
        return gettext(
            "No version of the IGU scheme accepts the start date %(start)s. "
            "An IGU can start from %(first)s to %(last)s.",
            start=format_date(f["start_date"], "long"), first=format_date(f["first"], "long"),
            last=format_date(f["last"], "long"))
    if c.code == "age":
        limits = gettext("The person must have turned %(min)s and be under %(max)s at the start.",
                         min=f["min"], max=f["max"])
        return gettext("The person is %(age)s years old on the start date.", age=c.value) + " " + limits
    if c.code == "residence":
        return _explain_residence(c)
    if c.code == "target_group":
        eligible = ", ".join(target_group_label(g) for g in sorted(rs.target_group.eligible))
        if c.passed:
            return gettext("%(group)s is in the target group.", group=target_group_label(c.value))
        return gettext("%(group)s is not in the target group. The target group is: %(eligible)s.",
                       group=target_group_label(c.value), eligible=eligible)
    if c.code == "previous_igu":
        if f.get("recorded"):
            return gettext("igu-admin already holds an IGU agreement for this person. "
                           "A person can complete only one IGU.")
        if c.passed:
            return gettext("The person has not had an IGU before. "
                           "A person can complete only one IGU.")
        return gettext("The person has had an IGU before. A person can complete only one IGU.")
    if c.code == "recent_employment":
        since = format_date(f["since"], "long")
        if c.passed:
            return gettext("The person has not been in ordinary employment in the company in the "
                           "%(months)s months before the start (since %(since)s).",
                           months=f["months"], since=since)
        return gettext("The person has been in ordinary employment in the company in the "
                       "%(months)s months before the start (since %(since)s). An IGU cannot "
                       "follow ordinary employment in the same company that closely.",
                       months=f["months"], since=since)
    raise KeyError(c.code)


def _explain_residence(c: Criterion) -> str:
    f = c.facts
    limit = format_date(f["limit_date"], "long")
    text = ngettext("The person has had a registered address in Denmark for %(num)s whole "
                    "year on the start date.",
                    "The person has had a registered address in Denmark for %(num)s whole "
                    "years on the start date.", c.value)
    if f["days_abroad"]:
        text += " " + gettext("%(days)s days registered abroad are not counted.",
                              days=f["days_abroad"])
    if c.passed:
        return text + " " + gettext("The limit is less than %(max)s years: the start must be "
                                    "before %(limit)s.", max=f["max"], limit=limit)
    return text + " " + gettext("The limit is less than %(max)s years, reached on %(limit)s, "
                                "which is not after the start date.", max=f["max"], limit=limit)
