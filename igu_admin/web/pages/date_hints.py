"""The hints under the employer's date fields, with examples computed from
the agreement and today (domain.hint_dates): a start after today, a plan
element inside the course, the signing "senest" the first day, the VITAS
registration "senest" its deadline. The examples are written as people type
dates here (dd.mm.yyyy)."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from igu_admin.domain.hint_dates import (
    example_element,
    example_registration,
    example_signing,
    example_start,
)
from igu_admin.models import Agreement

TYPED = "%d.%m.%Y"


def typed(day: date) -> str:
    return day.strftime(TYPED)


def start_hint(today: date) -> str:
    return _("The agreement must be made before this day. For example %(day)s",
             day=typed(example_start(today)))


def element_hints(agreement: Agreement, today: date) -> tuple[str, str]:
    """The hints of an element's first and last day: a school week inside the course."""
    first, last = example_element(agreement.start_date, agreement.end_date, today)
    return (_("For example %(day)s", day=typed(first)),
            _("For example %(day)s", day=typed(last)))


def signing_hint(start: date, today: date) -> str:
    return _("For example %(example)s. By %(first)s at the latest: the first day of the course.",
             example=typed(example_signing(start, today)), first=format_date(start, "long"))


def registration_hint(signed_on: date | None, deadline: date | None, today: date) -> str:
    example = typed(example_registration(signed_on, deadline, today))
    if deadline is None:
        return _("For example %(example)s. After the signing.", example=example)
    return _("For example %(example)s. After the signing, by %(deadline)s at the latest.",
             example=example, deadline=format_date(deadline, "long"))
