"""Every value of a rule set with its legal source, for the administrators'
overview: what the product applies, where it comes from and how sure that is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from igu_admin.domain.rule_parts import (
    DATED_PARTS,
    ClaimType,
    Dating,
    ExtensionRule,
    Part,
    RuleSet,
    Source,
    TargetGroupRule,
)


@dataclass(frozen=True)
class RuleRow:
    """One value. `part`: the part's code (age, claims, ...); `name`: the value's
    field, or for a row about a whole item the item's code (a dated target
    group, an extension ground, a claim type); `since`: the first start date
    the row applies to when later than the set's."""

    part: str
    name: str
    value: Any
    source: Source
    since: Dating | None = None


@dataclass(frozen=True)
class RuleSetSources:
    ruleset: RuleSet
    rows: tuple[RuleRow, ...]

    @property
    def unverified(self) -> int:
        return sum(1 for r in self.rows if r.source.sureness == "unverified"
                   or (r.since is not None and r.since.sureness == "unverified"))


def _value_rows(name: str, part: Part) -> list[RuleRow]:
    rows = [RuleRow(name, value, getattr(part, value), part.source_of(value), part.since)
            for value in part.value_names() if getattr(part, value) is not None]
    if isinstance(part, TargetGroupRule):
        rows += [RuleRow(name, f"dated.{group}", group, dated.source, dated.since)
                 for group, dated in sorted(part.dated.items())]
    if isinstance(part, ExtensionRule):
        rows += [RuleRow(name, f"grounds.{g.code}", g, g.source, part.since)
                 for g in part.grounds]
    # A part without values (one IGU per person) still shows its source.
    return rows or [RuleRow(name, name, None, part.source, part.since)]


# The values of a claim type the overview shows, in this order; then its rates.
CLAIM_VALUES = ("enabled", "months", "private_employers_only", "programme_year_day",
                "evidence", "deadline_months_after")


def _claim_rows(claim: ClaimType) -> list[RuleRow]:
    rows = [RuleRow("claims", f"{claim.code}.{value}", getattr(claim, value),
                    claim.source_of(value))
            for value in CLAIM_VALUES if getattr(claim, value) is not None]
    rows += [RuleRow("claims", f"{claim.code}.rates.{i}", rate, rate.source)
             for i, rate in enumerate(claim.rates)]
    return rows


def ruleset_sources(ruleset: RuleSet) -> RuleSetSources:
    rows = _value_rows("window", ruleset.window)
    for name in DATED_PARTS:
        for part in ruleset.versions(name):
            rows += _value_rows(name, part)
    for claim in ruleset.claims:
        rows += _claim_rows(claim)
    return RuleSetSources(ruleset, tuple(rows))
