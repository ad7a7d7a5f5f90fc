"""The employer's steps after the municipality's approval: the parties sign
the agreement before the course starts, and the employer registers it in
VITAS within the rule set's months of the start.

Dates are judged against the course, never against today: a signing or a
registration can be recorded on any day, also ahead of time. A registration
after the deadline is recorded as it happened; the deadline is reported,
not enforced (the law's deadline is the employer's to keep).

Pure: dates in, problems (field path, stable code, values) out; the
services word them.
"""

from __future__ import annotations

from datetime import date, timedelta

from igu_admin.domain.agreement_rules import Problem
from igu_admin.domain.dates import add_months
from igu_admin.domain.rule_parts import CourseRule

SIGNED_ON, REGISTERED_ON = "signed_on", "registered_on"


def registration_deadline(start: date, course: CourseRule) -> date:
    """The last day to register the agreement in VITAS: the end of the rule
    set's months from the start (start 2 March -> 1 April; 31 January ->
    27 or 28 February), counted as the plan's deadline is."""
    return add_months(start, course.registration_deadline_months) - timedelta(days=1)


def check_signing(signed_on: date, start: date, registered_on: date | None) -> list[Problem]:
    """A signing date the rules refuse: after the course's first day (the
    agreement is made before the course starts), or after a registration
    already recorded (a registered agreement was signed first)."""
    problems = []
    if signed_on > start:
        problems.append(Problem(SIGNED_ON, "signed_after_start", {"start": start}))
    if registered_on is not None and signed_on > registered_on:
        problems.append(Problem(SIGNED_ON, "signed_after_registration",
                                {"registered_on": registered_on}))
    return problems


def check_registration(registered_on: date, signed_on: date | None) -> list[Problem]:
    """A registration date the rules refuse: before the signing is recorded,
    or before the day it was signed. A date after the deadline is accepted."""
    if signed_on is None:
        return [Problem(REGISTERED_ON, "signing_not_recorded")]
    if registered_on < signed_on:
        return [Problem(REGISTERED_ON, "registered_before_signing", {"signed_on": signed_on})]
    return []


def registered_late(registered_on: date, deadline: date) -> bool:
    return registered_on > deadline
