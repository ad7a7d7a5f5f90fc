"""Bonus claims as an iCalendar file (RFC 5545), for calendar programs: an
all-day event on each claim's due date and one on its deadline. A calendar
is often shared, so an entry names the claim and the agreement by number,
never the trainee."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext
from icalendar import Calendar, Event


@dataclass(frozen=True)
class ClaimEntry:
    """A claim as the calendar shows it, worded already."""

    claim_id: int
    agreement_id: int
    label: str  # the claim type, in words
    amount: str  # formatted, "20.000,00 kr."
    due_date: date
    deadline: date | None
    link: str  # the claim's page


def claims_calendar(entries: Iterable[ClaimEntry], host: str, stamp: datetime) -> bytes:
    """The calendar, in the current locale; `host` makes each event's UID
    unique to the installation, `stamp` is when it was made."""
    calendar = Calendar()
    calendar.add("prodid", "-//igu-admin//bonus claims//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", gettext("igu-admin: bonus claims"))
    for entry in entries:
        amount = gettext("Amount: %(amount)s.", amount=entry.amount)
        calendar.add_component(_event(
            f"claim-{entry.claim_id}-due@{host}", entry.due_date, stamp,
            gettext("Bonus claim due: %(claim)s, agreement no. %(number)s", claim=entry.label,
                    number=entry.agreement_id), amount, entry.link))
        if entry.deadline is not None:
            calendar.add_component(_event(
                f"claim-{entry.claim_id}-deadline@{host}", entry.deadline, stamp,
                gettext("Deadline of bonus claim: %(claim)s, agreement no. %(number)s",
                        claim=entry.label, number=entry.agreement_id), amount, entry.link))
    return calendar.to_ical()


def _event(uid: str, day: date, stamp: datetime, summary: str, description: str,
           link: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", f"{description}\n{link}")
    event.add("url", link)
    event.add("transp", "TRANSPARENT")
    return event
