"""Plain-language wording of eligibility criteria (Babel); input errors are in input_errors."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext
from flask_babel.speaklater import LazyString

from igu_admin.core import rules_in_force
from igu_admin.domain.eligibility import Assessment, Criterion, Notice
from igu_admin.domain.rule_parts import RecentEmploymentRule
from igu_admin.domain.rulesets import RuleSet
from igu_admin.wording.catalogue import format_date, format_number, gettext, ngettext
from igu_admin.wording.rulesets import ruleset_in_sentence

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

# Shown beside a reference that is not a section read in the act or the order.
SURENESS_LABELS: dict[str, LazyString] = {
    "guidance": _l("guidance, not a section of the act"),
    "unverified": _l("not verified against a source"),
}


def target_group_label(code: str) -> str:
    label = TARGET_GROUP_LABELS.get(code)
    return str(label) if label is not None else code


def criterion_title(code: str) -> str:
    return str(CRITERION_TITLES[code])


def sureness_label(sureness: str) -> str | None:
    """A short warning for a reference that is guidance or unverified, else None."""
    label = SURENESS_LABELS.get(sureness)
    return str(label) if label is not None else None


def public_sureness_label(sureness: str) -> str | None:
    """As `sureness_label`, for a citizen's page: guidance is said, but what
    no source confirmed is not (its reference names the act alone)."""
    return sureness_label(sureness) if sureness == "guidance" else None


def recent_employment_question(rs: RuleSet) -> tuple[str, str | None]:
    """The form's question on ordinary employment, in the rule for courses
    starting now, and a hint on the earlier rule for earlier start dates."""
    versions = [v for v in rs.versions("recent_employment")
                if isinstance(v, RecentEmploymentRule)]
    latest = versions[-1]
    if latest.months is None:
        question = gettext("Does the IGU follow directly on ordinary employment in your company?")
    else:
        question = gettext("Has the person been in ordinary employment in your company in the "
                           "%(months)s months before the start?", months=latest.months)
    earlier = [v for v in versions[:-1] if v.bar == "direct_continuation"]
    if not earlier or latest.since is None:
        return question, None
    return question, gettext("For a course starting before %(date)s: answer yes only if the IGU "
                             "follows directly on ordinary employment in your company.",
                             date=_day(latest.since.effective_from))


def notice_message(notice: Notice) -> str:
    if notice.code == "yearly_cap":
        return gettext(
            "At most %(max)s new IGU courses may be started a year in all of Denmark, and the "
            "minister can decide that no new courses may be started for up to %(months)s "
            "months. igu-admin cannot count the national total: ask the municipality whether "
            "a new course can start now.",
            max=format_number(notice.facts["max_per_year"]), months=notice.facts["pause_months"])
    if notice.code == "outside_window":
        return _outside_window_message(notice)
    raise KeyError(notice.code)


def _outside_window_message(notice: Notice) -> str:
    f = notice.facts
    text = gettext("The start date %(start)s lies outside the period of the rule set named "
                   "(%(ruleset)s: courses starting from %(first)s to %(last)s). The answer "
                   "applies that rule set's conditions all the same.",
                   start=_day(f["start_date"]), ruleset=_named(f["ruleset"]), first=_day(f["first"]),
                   last=_day(f["last"]))
    if f["in_force"] is None:
        return text + " " + gettext("No version of the IGU scheme applies to that start date.")
    return text + " " + gettext("The rule set in force on that start date is %(in_force)s.",
                                in_force=_named(f["in_force"]))


def _named(code: str) -> str:
    """A rule set's title for a reader, not its code ("igu-2021")."""
    return ruleset_in_sentence(rules_in_force.catalogue().get(code))


def _day(value: date) -> str:
    return format_date(value, "long")


def explain(c: Criterion, rs: RuleSet) -> str:
    """One or two sentences saying why the criterion passed or failed, and
    the date a rule applies from when it began later than its rule set.
    What is known of the sources is not said here (see `criterion_note`):
    the message reaches citizens' pages and documents to be signed."""
    text = _explain(c, rs)
    if c.code in ("age", "residence", "previous_igu") and c.facts.get("rule_from"):
        text += " " + gettext("This rule applies to courses starting on or after %(date)s.",
                              date=_day(c.facts["rule_from"]))
    return text


def _names_a_date(c: Criterion) -> bool:
    """Whether the message names the date a rule applies from."""
    f = c.facts
    if c.code in ("age", "residence", "previous_igu"):
        return bool(f.get("rule_from"))
    if c.code == "target_group":
        return "since" in f
    if c.code == "recent_employment":
        return f["until"] is not None or f["rule_from"] is not None
    return False


def criterion_note(c: Criterion) -> str | None:
    """For administrators and the API: that the date the message names is not
    verified, and the rule file's note on the source; None without either."""
    notes = []
    if _names_a_date(c) and c.facts.get("date_sureness") == "unverified":
        notes.append(gettext("This date is not verified against a source."))
    if c.note:
        notes.append(c.note)
    return " ".join(notes) or None


def in_force_sentence(assessment: Assessment) -> str | None:
    """The verdict of the act in force on the start date, when another set
    was applied; None otherwise."""
    in_force = assessment.in_force_on_start
    if in_force is None:
        return None
    title = ruleset_in_sentence(in_force.ruleset)
    if in_force.eligible:
        return gettext("Under the rules in force on the start date (%(ruleset)s), the person "
                       "can start an IGU.", ruleset=title)
    return gettext("Under the rules in force on the start date (%(ruleset)s), the person "
                   "cannot start an IGU.", ruleset=title)


def _explain(c: Criterion, rs: RuleSet) -> str:
    f = c.facts
    if c.code == "scheme_window":
        if c.passed:
            return gettext("The start date %(start)s is covered by the rule set %(title)s.",
                           start=format_date(f["start_date"], "long"), title=ruleset_in_sentence(rs))
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
        return _explain_target_group(c)
    if c.code == "previous_igu":
        if f.get("recorded"):
            return gettext("igu-admin already holds an IGU agreement for this person. "
                           "A person can complete only one IGU.")
        if c.passed:
            return gettext("The person has not had an IGU before. "
                           "A person can complete only one IGU.")
        return gettext("The person has had an IGU before. A person can complete only one IGU. "
                       "An IGU continued in another company after a dismissal or a closure is "
                       "the same course, not a new one.")
    if c.code == "recent_employment":
        return _explain_recent_employment(c)
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


def _explain_target_group(c: Criterion) -> str:
    f = c.facts
    group = target_group_label(c.value)
    since = f.get("since")
    if c.passed:
        if since is not None:
            return gettext("%(group)s is in the target group for courses starting on or after "
                           "%(since)s.", group=group, since=_day(since))
        return gettext("%(group)s is in the target group.", group=group)
    eligible = ", ".join(target_group_label(g) for g in f["eligible"])
    if since is not None:
        return gettext("%(group)s is in the target group only for courses starting on or after "
                       "%(since)s. This course starts before that date. The target group on "
                       "the start date is: %(eligible)s.",
                       group=group, since=_day(since), eligible=eligible)
    return gettext("%(group)s is not in the target group. The target group is: %(eligible)s.",
                   group=group, eligible=eligible)


def _explain_recent_employment(c: Criterion) -> str:
    f = c.facts
    if f["bar"] == "direct_continuation":
        if c.passed:
            text = gettext("The person does not come directly from ordinary employment in the "
                           "company.")
        else:
            text = gettext("The person comes directly from ordinary employment in the company. "
                           "An IGU cannot continue ordinary employment in the same company.")
        if f["until"] is None:
            return text
        return text + " " + gettext(
            "For courses starting before %(until)s the act bars an IGU in direct continuation "
            "of ordinary employment in the same company; the %(months)s-month rule applies to "
            "courses starting on or after that date.",
            until=_day(f["until"]), months=f["next_months"])
    since = _day(f["since"])
    if c.passed:
        text = gettext("The person has not been in ordinary employment in the company in the "
                       "%(months)s months before the start (since %(since)s).",
                       months=f["months"], since=since)
    else:
        text = gettext("The person has been in ordinary employment in the company in the "
                       "%(months)s months before the start (since %(since)s). An IGU cannot "
                       "follow ordinary employment in the same company that closely.",
                       months=f["months"], since=since)
    if f["rule_from"] is None:
        return text
    return text + " " + gettext("The %(months)s-month rule applies to courses starting on or "
                                "after %(date)s.", months=f["months"], date=_day(f["rule_from"]))


def criteria_rows(assessment: Assessment | None) -> list[tuple[str, Any, str, str | None]]:
    """The assessment's criteria as the answer page shows them."""
    if assessment is None:
        return []
    return [(criterion_title(c.code), c, explain(c, assessment.ruleset), sureness_label(c.sureness))
            for c in assessment.criteria]
