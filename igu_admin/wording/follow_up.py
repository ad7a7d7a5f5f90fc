"""The follow-up worded for people (Babel): each risk reason as a sentence,
dates in the reader's language, and the follow-up's own refusals."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, gettext, ngettext
from flask_babel import lazy_gettext as _l

from igu_admin.domain import follow_up as fu

RATING_LABELS = {"good": _l("Good"), "concern": _l("Concern"), "at_risk": _l("At risk")}
HELD_BY_LABELS = {"caseworker": _l("Caseworker"), "mentor": _l("Mentor")}
PARTICIPANT_LABELS = {"trainee": _l("Trainee"), "employer": _l("Employer"),
                      "mentor": _l("Mentor"), "school": _l("School"),
                      "interpreter": _l("Interpreter")}
RISK_LABELS = {"ok": _l("OK"), "at_risk": _l("At risk")}


def _day(value: date) -> str:
    return format_date(value, "long")


def reason_message(reason: fu.Reason) -> str:
    """One sentence that says why the course is at risk, and since when."""
    code, since = reason.code, _day(reason.since)
    if code == fu.CHECK_IN_AT_RISK:
        return gettext("The last check-in, on %(date)s, marked something at risk.", date=since)
    if code == fu.CHECK_IN_OVERDUE:
        return ngettext("The check-in due on %(date)s is %(num)d day overdue.",
                        "The check-in due on %(date)s is %(num)d days overdue.",
                        reason.days, date=since)
    if code == fu.SICKNESS_EXTENSION:
        return gettext("An extension for sickness was asked for on %(date)s.", date=since)
    if code == fu.PLAN_MISSING:
        return gettext("The schooling plan has not been sent; its deadline was %(date)s.",
                       date=since)
    if code == fu.PLAN_SENT_BACK:
        return gettext("The schooling plan was sent back for changes and is past its "
                       "deadline (since %(date)s).", date=since)
    if code == fu.CLAIM_REJECTED:
        return gettext("A claim was rejected (%(date)s).", date=since)
    raise KeyError(code)


def held_in_future() -> str:
    return gettext("The check-in cannot be held in the future.")


def next_not_after_held() -> str:
    return gettext("The next check-in must be after this one.")


def months_unreadable() -> str:
    return gettext("Enter whole months after the start, ascending and separated by commas, "
                   "for example 1,3,6.")


def months_too_late(longest: int) -> str:
    return gettext("A check-in must fall within the course: at most %(months)s months after "
                   "the start.", months=longest)
