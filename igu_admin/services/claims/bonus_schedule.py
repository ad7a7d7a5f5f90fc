"""The bonus schedule of a course: one service behind the API (and, later,
the CLI and the pages). The rule set is chosen as for the eligibility check."""

from __future__ import annotations

from flask_babel import format_date, gettext

from igu_admin.core import rules_in_force
from igu_admin.core.errors import SubmissionRefused
from igu_admin.domain import milestones
from igu_admin.domain.agreement_rules import Problem
from igu_admin.domain.rule_parts import RuleSet
from igu_admin.inputs.bonus_schedule import ScheduleRequest


def ruleset_for(request: ScheduleRequest) -> RuleSet:
    """The rule set asked for, else the server's (IGU_RULESET; by-start-date:
    the one governing the start date)."""
    return rules_in_force.for_start(request.facts.start_date, request.ruleset)


def schedule(request: ScheduleRequest) -> milestones.Schedule:
    """The claims of the course; raises SubmissionRefused (422) for an
    extension the rule set does not allow."""
    ruleset = ruleset_for(request)
    start = request.facts.start_date
    problems = milestones.extension_problems(start, request.facts.extensions,
                                             ruleset.as_of(start).extension)
    if problems:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(problem.path, []).append(problem_message(problem))
        raise SubmissionRefused(errors)
    return milestones.schedule(ruleset, request.facts)


def problem_message(problem: Problem) -> str:
    if problem.code == "absence_too_short":
        return gettext("An extension for this reason needs a continuous absence of more than "
                       "%(weeks)s weeks.", weeks=problem.params["weeks"])
    return gettext("The rules for a course starting on %(date)s have no extension for this "
                   "reason.", date=format_date(problem.params["start"], "long"))
