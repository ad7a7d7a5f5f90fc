"""The one answer to "which rule set applies": to a start date, to an
agreement as it stands, to a version as it was sent.

Every rule set is loaded once at start-up (the catalogue); the server's
setting IGU_RULESET names one set or `by-start-date`. An agreement the
employer may still change is judged under the set it would be submitted
under now; after that, under the set it was submitted under; a continuation
of a course after its early end stays under the set the course began under.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import current_app

from igu_admin.core.clock import today
from igu_admin.domain.lifecycle import EDITABLE
from igu_admin.domain.rulesets import RuleCatalogue, RuleSet
from igu_admin.models import Agreement


def catalogue() -> RuleCatalogue:
    """Every rule set, as loaded at start-up."""
    return current_app.extensions["igu_rules"]


def default_mode() -> str:
    """The server's choice: a rule set's code, or `by-start-date`."""
    return current_app.config["IGU_RULESET"]


def for_start(start: date, mode: str | None = None) -> RuleSet:
    """The rule set `mode` (else the server's choice) gives a course starting on `start`."""
    return catalogue().select(mode or default_mode(), start).ruleset


def for_record(status: str, ruleset_code: str | None, start: date | None) -> RuleSet:
    """The rule set of an agreement in `status`: while the employer may still
    change it, the one it would be submitted under now (for its start, or
    today without one); after that, the one it was submitted under."""
    if status not in EDITABLE and ruleset_code:
        return catalogue().get(ruleset_code)
    return for_start(start or today())


def for_agreement(agreement: Agreement, start: date | None = None) -> RuleSet:
    """As `for_record` for the agreement (with `start` in place of its own
    start date, for a change not saved yet); a continuation keeps the rule
    set its course began under (copied to it when it was made)."""
    if agreement.continues_agreement_id is not None and agreement.ruleset_code:
        return catalogue().get(agreement.ruleset_code)
    return for_record(agreement.status, agreement.ruleset_code,
                      agreement.start_date if start is None else start)


def in_force_for(agreement: Agreement) -> RuleSet:
    """The parts of the agreement's rule set in force for its start date
    (today while it has none): what judges its plan and its documents."""
    return for_agreement(agreement).as_of(agreement.start_date or today())


def of_version(ruleset_code: str, start: date | None) -> RuleSet:
    """The rule set a version was sent under, as in force for its start."""
    ruleset = catalogue().get(ruleset_code)
    return ruleset.as_of(start) if start is not None else ruleset


def of_plan_version(data: Mapping[str, Any], agreement: Agreement) -> RuleSet:
    """The rule set a plan version was judged under, as stored with it (a
    plan sent before its agreement had one: as the agreement is judged)."""
    code = data.get("ruleset")
    if not code:
        return in_force_for(agreement)
    start = (data.get("period") or {}).get("start")
    return of_version(code, date.fromisoformat(start) if isinstance(start, str) else start)
