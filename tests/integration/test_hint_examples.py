"""The hints' example dates are computed from the agreement and today: a
start date after today, plan element dates inside the course, the signing
"senest <first day>", the VITAS registration "senest <deadline>"."""

from __future__ import annotations

import re
from datetime import date, datetime
from html import unescape

from igu_admin.core import clock
from igu_admin.inputs.agreement import parse_changes
from igu_admin.services import agreements
from igu_admin.services.review import decisions, next_steps
from igu_admin.testing.reviews import submitted_case

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]


def _long(day: date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def _hint(html: str, field_id: str) -> str:
    found = re.search(rf'id="{re.escape(field_id)}-hint">(.*?)</span>', html, re.S)
    assert found, f"no hint at {field_id}"
    return unescape(found.group(1))


def _example(hint: str) -> date:
    found = re.search(r"Fx (\d\d\.\d\d\.\d{4})", hint)
    assert found, hint
    return datetime.strptime(found.group(1), "%d.%m.%Y").date()


def test_the_start_date_example_lies_after_today(app, client, auth) -> None:
    case = submitted_case()
    draft = agreements.create_draft(case.employer, parse_changes({}))
    auth.login(case.employer.email)
    html = client.get(f"/employer/agreements/{draft.id}/steps/employment").get_data(as_text=True)
    assert _example(_hint(html, "start_date")) > clock.today()


def test_the_examples_follow_the_agreement(app, client, auth) -> None:
    case = submitted_case()
    agreement = case.agreement
    decisions.decide_agreement(case.caseworker, agreement, "approve", "",
                               agreement.lock_version)
    auth.login(case.employer.email)
    html = client.get(f"/employer/agreements/{agreement.id}").get_data(as_text=True)
    signing = _hint(html, "signing-day")
    assert f"Senest {_long(agreement.start_date)}" in signing
    assert clock.today() <= _example(signing) <= agreement.start_date
    registration = _hint(html, "registration-day")
    deadline = next_steps.registration_deadline(agreement)
    assert f"senest {_long(deadline)}" in registration
    assert _example(registration) <= deadline
    element = client.get(f"/employer/agreements/{agreement.id}/plan/elements/new").get_data(
        as_text=True)
    first, last = _example(_hint(element, "start")), _example(_hint(element, "end"))
    assert agreement.start_date <= first <= last <= agreement.end_date
