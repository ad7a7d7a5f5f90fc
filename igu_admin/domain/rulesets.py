"""Rule sets: the versions of the IGU act as frozen data, and their selection.

A rule file is read once at start-up; a malformed file stops the app with a
message naming the file and the field (see rule_files).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from igu_admin.domain.rule_files import load_file, parse_ruleset
from igu_admin.domain.rule_parts import (
    BENEFICIARIES,
    CLAIM_MILESTONES,
    SCHOOLING_KINDS,
    SURENESS,
    TARGET_GROUPS,
    RuleSet,
)
from igu_admin.domain.table_reader import RuleSetError

__all__ = ["BENEFICIARIES", "BY_START_DATE", "CLAIM_MILESTONES", "SCHOOLING_KINDS", "SURENESS",
           "TARGET_GROUPS", "RuleCatalogue", "RuleSet", "RuleSetError", "Selection",
           "load_catalogue", "load_file", "parse_ruleset"]

BY_START_DATE = "by-start-date"


@dataclass(frozen=True)
class Selection:
    """The rule set chosen for a start date. `in_window` is None when a fixed
    set was chosen (it applies to any start date), else whether the start
    date falls in a set's window."""

    ruleset: RuleSet
    in_window: bool | None


class RuleCatalogue:
    """All rule sets, selectable by code or by start date."""

    def __init__(self, rulesets: list[RuleSet]) -> None:
        ordered = sorted(rulesets, key=lambda r: r.window.applies_from)
        for earlier, later in itertools.pairwise(ordered):
            # by-start-date must find at most one set for a start date.
            if earlier.window.applies_to is None or earlier.window.applies_to >= later.window.applies_from:
                raise RuleSetError(f"{earlier.code}.toml: field 'window.applies_to': must end "
                                   f"before {later.code} applies ({later.window.applies_from})")
        self._sets = {rs.code: rs for rs in ordered}

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._sets)

    @property
    def modes(self) -> tuple[str, ...]:
        return (*self._sets, BY_START_DATE)

    def start_date_range(self) -> tuple[date, date]:
        """The first and last start date any rule set accepts."""
        ordered = list(self._sets.values())
        return ordered[0].window.applies_from, max(rs.window.last_start_date for rs in ordered)

    def get(self, code: str) -> RuleSet:
        return self._sets[code]

    def governing(self, start: date) -> RuleSet | None:
        """The rule set whose window holds `start` (the act in force on that
        start date), or None when no window holds it."""
        return next((rs for rs in self._sets.values() if rs.window.governs(start)), None)

    def select(self, mode: str, start: date) -> Selection:
        if mode != BY_START_DATE:
            return Selection(self._sets[mode], None)
        governing = self.governing(start)
        if governing is not None:
            return Selection(governing, True)
        # Outside every window: explain with the nearest set.
        ordered = list(self._sets.values())
        nearest = ordered[0] if start < ordered[0].window.applies_from else ordered[-1]
        return Selection(nearest, False)


def load_catalogue(directory: Path) -> RuleCatalogue:
    files = sorted(directory.glob("igu-*.toml"))
    if not files:
        raise RuleSetError(f"{directory}: no rule files (igu-*.toml)")
    return RuleCatalogue([load_file(f) for f in files])
