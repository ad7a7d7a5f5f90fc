"""Notices that go with an answer under a rule set (e.g. the yearly cap), for
any place that shows them besides the eligibility answer: the agreement's
receipt will call notices_for with the course's start date."""

from __future__ import annotations

from datetime import date

from igu_admin.core import rules_in_force
from igu_admin.domain.eligibility import notices
from igu_admin.wording.eligibility_answer import Notice, notice_out


def notices_for(start: date, mode: str | None = None) -> list[Notice]:
    """The notices for a course starting on `start` under the rule set `mode`
    (default: the installation's), worded in the current locale."""
    ruleset = rules_in_force.for_start(start, mode)
    return [notice_out(n) for n in notices(ruleset.as_of(start))]
