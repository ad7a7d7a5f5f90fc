"""A schooling plan as the pages show it: each element with its counted weeks
and its own findings, the running total against the rule set's weeks, and
every finding worded. For the live plan (the builder) and for a submitted
version as it was sent (the caseworker's view).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from igu_admin.core import plan_snapshot, rules_in_force
from igu_admin.domain import agreement_rules
from igu_admin.domain.rule_parts import RuleSet, SchoolingRule
from igu_admin.domain.schooling import (
    PlanCheck,
    PlanContext,
    PlanElement,
    PlanFinding,
    check_plan,
    element_weeks,
)
from igu_admin.models import SchoolingPlan, SchoolingPlanItem, SchoolingPlanVersion
from igu_admin.services.plans import building as schooling_plans
from igu_admin.wording import plan as plan_messages
from igu_admin.wording.plan import WordedFinding


@dataclass(frozen=True)
class ElementRow:
    """One element of the plan, with what the rules say about it."""

    index: int  # from 0, as the rules and the API count
    kind: str
    title: str
    provider: str
    course_number: str
    start: date | None
    end: date | None
    hours: Decimal | None
    note: str
    counted_weeks: Decimal
    double_counted: bool
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def number(self) -> int:
        """As people count: from 1."""
        return self.index + 1

    @property
    def anchor(self) -> str:
        return f"element-{self.number}"

    @property
    def kind_label(self) -> str:
        return plan_messages.kind_label(self.kind)


@dataclass(frozen=True)
class PlanOverview:
    rows: tuple[ElementRow, ...]
    check: PlanCheck
    errors: tuple[WordedFinding, ...]  # every error, naming its element
    warnings: tuple[WordedFinding, ...]
    passed_danish_test: bool
    rule: SchoolingRule
    period_start: date | None
    period_end: date | None
    # The rule set that judges the plan, which the page names.
    ruleset: RuleSet | None = None

    @property
    def valid(self) -> bool:
        return self.check.valid

    @property
    def required_weeks(self) -> int:
        return self.check.required_weeks

    @property
    def counted_weeks(self) -> Decimal:
        return self.check.counted_weeks

    def anchor(self, finding: WordedFinding) -> str:
        """Where a finding is shown: its element, or the plan's total."""
        if finding.item is not None and 0 <= finding.item < len(self.rows):
            return self.rows[finding.item].anchor
        return "plan-total"


def of_plan(plan: SchoolingPlan) -> PlanOverview:
    """The live plan (stored, or the empty draft) held against its agreement."""
    ruleset = rules_in_force.in_force_for(plan.agreement)
    rule = ruleset.schooling
    check = schooling_plans.check(plan)
    agreement = plan.agreement
    period_end = None
    if agreement.start_date is not None:
        course = rules_in_force.in_force_for(agreement).course
        period_end = agreement_rules.end_date(agreement.start_date, course)
    rows = [_stored_row(index, item, rule) for index, item in enumerate(plan.items)]
    return _overview(rows, check, rule, bool(plan.passed_danish_test), agreement.start_date,
                     period_end, ruleset)


def of_version(version: SchoolingPlanVersion) -> PlanOverview:
    """A submitted version as it was sent: its stored items, period, weekly
    hours and Danish test, under the agreement's rule set."""
    data: Mapping[str, Any] = version.data
    ruleset = rules_in_force.in_force_for(version.plan.agreement)
    items: list[dict[str, Any]] = list(data.get("items") or [])
    elements = plan_snapshot.elements(items)
    period = data.get("period") or {}
    start, end = _day(period.get("start")), _day(period.get("end"))
    weekly = data.get("weekly_hours")
    passed = bool(data.get("passed_danish_test"))
    context = PlanContext(start, end, None if weekly in (None, "") else Decimal(str(weekly)),
                          passed)
    check = check_plan(elements, context, ruleset.schooling, ruleset.course)
    rows = [_data_row(index, item, element, ruleset.schooling)
            for index, (item, element) in enumerate(zip(items, elements, strict=True))]
    return _overview(rows, check, ruleset.schooling, passed, start, end, ruleset)


def _overview(rows: Sequence[ElementRow], check: PlanCheck, rule: SchoolingRule, passed: bool,
              start: date | None, end: date | None, ruleset: RuleSet) -> PlanOverview:
    worded = plan_messages.worded(check, rows)
    placed = [_with_findings(row, check.errors, check.warnings, rows) for row in rows]
    return PlanOverview(tuple(placed), check, worded.errors, worded.warnings, passed, rule,
                        start, end, ruleset)


def _with_findings(row: ElementRow, errors: Iterable[PlanFinding],
                   warnings: Iterable[PlanFinding], rows: Sequence[ElementRow]) -> ElementRow:
    """The row with the findings about it, worded without its name (the row
    shows that already)."""
    def about(found: Iterable[PlanFinding]) -> tuple[str, ...]:
        return tuple(plan_messages.finding_message(PlanFinding(f.code, None, f.params), rows)
                     for f in found if f.item == row.index)

    return replace(row, errors=about(errors), warnings=about(warnings))


def _stored_row(index: int, item: SchoolingPlanItem, rule: SchoolingRule) -> ElementRow:
    hours = None if item.hours is None else Decimal(item.hours)
    element = PlanElement(item.kind, item.start_date, item.end_date, hours)
    return ElementRow(index=index, kind=item.kind, title=item.title, provider=item.provider,
                      course_number=item.course_number, start=item.start_date,
                      end=item.end_date, hours=hours, note=item.note,
                      counted_weeks=element_weeks(element, rule),
                      double_counted=item.kind in rule.double_counted_kinds)


def _data_row(index: int, item: Mapping[str, Any], element: PlanElement,
              rule: SchoolingRule) -> ElementRow:
    return ElementRow(index=index, kind=element.kind, title=str(item.get("title") or ""),
                      provider=str(item.get("provider") or ""),
                      course_number=str(item.get("course_number") or ""),
                      start=element.start, end=element.end, hours=element.hours,
                      note=str(item.get("note") or ""), counted_weeks=element_weeks(element, rule),
                      double_counted=element.kind in rule.double_counted_kinds)


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None
