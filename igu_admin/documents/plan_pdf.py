"""The schooling plan as a PDF: the live plan's preview marked UDKAST, and the
PDF of a submitted plan version (services/documents renders it once, when the
version is made, and serves it from storage, checked against its SHA-256).

A version's PDF is made from the version's stored data (the plan as sent,
with the period, weekly hours and rule set it was judged against) plus the
agreement's company and trainee, never from the live plan, so a later
adjustment cannot change what was submitted. The same timeline as the
builder page's is in it (documents/timeline.py), its grid drawn as one
picture (documents/timeline_drawing.py), which renders far faster than the
pages' table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import flask_babel
from babel.dates import format_date
from babel.numbers import format_decimal
from flask_babel import gettext

from igu_admin.core import clock, plan_snapshot, rules_in_force
from igu_admin.core.cpr_vault import vault
from igu_admin.documents.agreement_pdf import (
    Approval,
    ApprovalBlock,
    CompanyBlock,
    TraineeBlock,
    _address,
    _legal,
    _lines,
    _local,
    agreement_number,
)
from igu_admin.documents.render import DocumentInfo, html_to_pdf, render_html
from igu_admin.documents.timeline import (
    NUMBER_LOCALES,
    KindKey,
    TimelineView,
    kind_key,
    timeline_view,
)
from igu_admin.documents.timeline_drawing import TimelineDrawing, timeline_drawing
from igu_admin.domain.identifiers import format_cpr
from igu_admin.domain.rule_parts import SCHOOLING_KINDS, Part, SchoolingRule
from igu_admin.domain.rulesets import RuleSet
from igu_admin.domain.schooling import PlanContext, PlanElement, check_plan, element_weeks
from igu_admin.extensions import db
from igu_admin.models import Agreement, Municipality, SchoolingPlan, SchoolingPlanVersion
from igu_admin.models.base import utcnow
from igu_admin.wording.dates import date_pattern
from igu_admin.wording.plan import WordedFinding, worded
from igu_admin.wording.rule_labels import row_label, row_value
from igu_admin.wording.rule_sources import RuleRow

__all__ = ["Approval", "preview_pdf", "render_version", "version_html"]

TEMPLATE = "schooling_plan.html"
DANISH = "da"
_TENTH = Decimal("0.1")
# The rule-set values the plan is judged by, listed with their sources.
SCHOOLING_VALUES = ("weeks", "hours_per_week", "allowed_kinds", "required_kinds",
                    "double_counted_kinds", "min_amu_weeks_after_danish_test",
                    "danish_allowed_after_danish_test")
COURSE_VALUES = ("min_average_workplace_hours",)


@dataclass(frozen=True)
class ItemRow:
    number: int
    kind: KindKey
    title: str
    provider: str
    course_number: str
    note: str
    start: str | None
    end: str | None
    hours: str | None
    counted_weeks: str | None
    counts_double: bool


@dataclass(frozen=True)
class ItemName:
    """An element as the findings name it ("Element 2 (AMU: Svejsning)")."""

    kind: str
    title: str


@dataclass(frozen=True)
class ReferenceLine:
    label: str
    value: str
    reference: str


@dataclass(frozen=True)
class PlanDocument:
    """What schooling_plan.html shows: display strings in the document's
    language, None where a draft has nothing yet."""

    agreement_number: str
    version: int | None
    draft: bool
    issued_on: str
    submitted_on: str | None
    company: CompanyBlock
    trainee: TraineeBlock
    start: str | None
    end: str | None
    weekly_hours: str | None
    passed_danish_test: str
    items: tuple[ItemRow, ...]
    total_hours: str
    counted_weeks: str
    required_weeks: str
    double_counted: str | None  # the kinds whose hours count double, worded
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    timeline: TimelineView | None
    timeline_drawing: TimelineDrawing | None  # the timeline's grid as a picture
    ruleset_title: str
    ruleset_source: str
    schooling_weeks: str
    schooling_hours_per_week: str
    schooling_total_hours: str
    schooling_reference: str
    references: tuple[ReferenceLine, ...]
    approval: ApprovalBlock | None


# --- the use cases ----------------------------------------------------------

def preview_pdf(plan: SchoolingPlan, lang: str | None = None) -> bytes:
    """The plan as it stands, marked UDKAST on every page. Rendered on each
    call: a draft changes, and a preview is never stored."""
    agreement = plan.agreement
    return html_to_pdf(_html(plan_snapshot.snapshot(plan), agreement,
                             rules_in_force.in_force_for(agreement),
                             lang=lang or _language(), version=None, created=utcnow(),
                             today=clock.today(),
                             approval=None))


def render_version(version: SchoolingPlanVersion, lang: str = DANISH,
                   approval: Approval | None = None) -> bytes:
    """A version rendered from its stored data and the agreement's company and
    trainee: for its stored PDF and (issue 9) the approved copy, stamped with
    `approval`."""
    return html_to_pdf(version_html(version, lang, approval))


def version_html(version: SchoolingPlanVersion, lang: str = DANISH,
                 approval: Approval | None = None) -> str:
    """The HTML a version's PDF is made of (the benchmark renders it too)."""
    data = version.data
    agreement = db.session.get(Agreement, data["agreement_id"])
    assert agreement is not None, "a plan version always belongs to an agreement"
    created = version.submitted_at or utcnow()
    return _html(data, agreement, rules_in_force.of_plan_version(data, agreement), lang=lang,
                 version=version.number, created=created, today=_local(created).date(),
                 approval=approval)


# --- the document -----------------------------------------------------------

def _html(data: Mapping[str, Any], agreement: Agreement, ruleset: RuleSet, *, lang: str,
          version: int | None, created: datetime, today: date,
          approval: Approval | None) -> str:
    with flask_babel.force_locale(lang):
        doc = _document(data, agreement, ruleset, lang=lang, version=version, created=created,
                        today=today, approval=approval)
        title = _title(doc)
    info = DocumentInfo(title=title, lang=lang, author=doc.company.name, created=_local(created),
                        draft=doc.draft)
    return render_html(TEMPLATE, {"doc": doc}, info)


def _document(data: Mapping[str, Any], agreement: Agreement, ruleset: RuleSet, *, lang: str,
              version: int | None, created: datetime, today: date,
              approval: Approval | None) -> PlanDocument:
    numbers = NUMBER_LOCALES.get(lang, NUMBER_LOCALES[DANISH])

    def day(value: date | None, width: str = "long") -> str | None:
        return format_date(value, date_pattern(width, numbers), locale=numbers) if value else None

    def number(value: Decimal | int) -> str:
        return format_decimal(value, locale=numbers)

    def weeks(value: Decimal) -> str:
        return format_decimal(value, format="#,##0.0", locale=numbers)

    schooling, course = ruleset.schooling, ruleset.course
    items: list[dict[str, Any]] = list(data.get("items") or [])
    elements = plan_snapshot.elements(items)
    period = data.get("period") or {}
    start, end = _day(period.get("start")), _day(period.get("end"))
    weekly = _amount(data.get("weekly_hours"))
    passed = bool(data.get("passed_danish_test"))
    # Without a start date the check says so (period_unknown) in place of the period's rules.
    check = check_plan(elements, PlanContext(start, end, weekly, passed), schooling, course)
    findings = worded(check, [ItemName(str(i.get("kind") or ""), str(i.get("title") or ""))
                              for i in items])
    company = agreement.company
    municipality = (db.session.get(Municipality, agreement.municipality_code)
                    if agreement.municipality_code else None)
    timeline = timeline_view(data, lang=lang, today=today, week_limit=schooling.hours_per_week)
    return PlanDocument(
        agreement_number=agreement_number(agreement.id), version=version, draft=version is None,
        issued_on=str(day(_local(created).date())),
        submitted_on=None if version is None else day(_local(created).date()),
        company=CompanyBlock(
            name=company.name, cvr=company.cvr,
            address_lines=_address(company.address, company.postal_code, company.city),
            contact_person=agreement.contact_person or ""),
        trainee=TraineeBlock(
            name=agreement.trainee_name or None,
            cpr=(format_cpr(vault().decrypt(agreement.trainee_cpr_encrypted))
                 if agreement.trainee_cpr_encrypted else None),
            address_lines=_lines(agreement.trainee_address or ""),
            municipality=municipality.name if municipality else None),
        start=day(start), end=day(end),
        weekly_hours=None if weekly is None else number(weekly),
        passed_danish_test=gettext("Yes") if passed else gettext("No"),
        items=tuple(_item_row(n, item, element, schooling, day, number, weeks)
                    for n, (item, element) in enumerate(zip(items, elements, strict=True))),
        total_hours=number(sum((e.hours for e in elements if e.hours is not None and e.hours > 0),
                               Decimal(0))),
        counted_weeks=weeks(check.counted_weeks),
        required_weeks=number(schooling.weeks),
        double_counted=(_joined([kind_key(k).label for k in _in_order(schooling.double_counted_kinds)])
                        if schooling.double_counted_kinds else None),
        errors=_messages(findings.errors),
        warnings=_messages(findings.warnings),
        timeline=timeline,
        timeline_drawing=None if timeline is None else timeline_drawing(timeline),
        ruleset_title=ruleset.title(lang), ruleset_source=ruleset.source,
        schooling_weeks=number(schooling.weeks),
        schooling_hours_per_week=number(schooling.hours_per_week),
        schooling_total_hours=number(schooling.weeks * schooling.hours_per_week),
        schooling_reference=_legal(schooling.legal_reference),
        references=_references(schooling, course),
        approval=None if approval is None else ApprovalBlock(
            municipality=approval.municipality, approved_on=str(day(approval.approved_on)),
            caseworker=approval.caseworker))


def _item_row(index: int, item: Mapping[str, Any], element: PlanElement, rule: SchoolingRule,
              day: Any, number: Any, weeks: Any) -> ItemRow:
    valid_hours = element.hours is not None and element.hours > 0
    return ItemRow(
        number=index + 1, kind=kind_key(element.kind), title=str(item.get("title") or ""),
        provider=str(item.get("provider") or ""),
        course_number=str(item.get("course_number") or ""), note=str(item.get("note") or ""),
        start=day(element.start, "short"), end=day(element.end, "short"),
        hours=None if element.hours is None else number(element.hours),
        counted_weeks=(weeks(element_weeks(element, rule)) if valid_hours
                       else None),
        counts_double=element.kind in rule.double_counted_kinds)


def _messages(found: Sequence[WordedFinding]) -> tuple[str, ...]:
    return tuple(finding.message for finding in found)


def _references(schooling: SchoolingRule, course: Part) -> tuple[ReferenceLine, ...]:
    rows = [RuleRow("schooling", name, getattr(schooling, name), schooling.source_of(name))
            for name in SCHOOLING_VALUES]
    rows += [RuleRow("course", name, getattr(course, name), course.source_of(name))
             for name in COURSE_VALUES]
    return tuple(ReferenceLine(row_label(row), row_value(row), _legal(row.source.legal_reference))
                 for row in rows)


def _title(doc: PlanDocument) -> str:
    if doc.draft:
        return gettext("Schooling plan for integration basic education (IGU), agreement no. "
                       "%(number)s, draft", number=doc.agreement_number)
    return gettext("Schooling plan for integration basic education (IGU), agreement no. "
                   "%(number)s, version %(version)s", number=doc.agreement_number,
                   version=doc.version)


def _in_order(kinds: frozenset[str]) -> list[str]:
    return [k for k in SCHOOLING_KINDS if k in kinds] + sorted(kinds - set(SCHOOLING_KINDS))


def _joined(labels: list[str]) -> str:
    if len(labels) < 2:
        return "".join(labels)
    return gettext("%(first)s and %(last)s", first=", ".join(labels[:-1]), last=labels[-1])


def _language() -> str:
    return str(flask_babel.get_locale() or DANISH)


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None


def _amount(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))
