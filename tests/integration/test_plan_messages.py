"""Every finding of the plan's rules is worded, in Danish and English, naming
its element, with dates and hours as the reader's locale writes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale

from igu_admin.domain.schooling import ERROR_CODES, WARNING_CODES, PlanFinding
from igu_admin.wording import plan as plan_messages


@dataclass
class Item:
    kind: str
    title: str


ITEMS = [Item("amu", "Gaffeltruckførercertifikat B"), Item("danish", "Danskuddannelse 2"),
         Item("hf", "Matematik C")]

# Parameters as the domain gives them, one finding per code.
FINDINGS = {
    "period_unknown": PlanFinding("period_unknown", None),
    "kind_not_allowed": PlanFinding("kind_not_allowed", 2, {"kind": "hf"}),
    "course_number_missing": PlanFinding("course_number_missing", 0),
    "dates_missing": PlanFinding("dates_missing", 1),
    "dates_reversed": PlanFinding("dates_reversed", 1),
    "hours_missing": PlanFinding("hours_missing", 1),
    "hours_not_positive": PlanFinding("hours_not_positive", 1),
    "outside_period": PlanFinding("outside_period", 0, {
        "period_start": date(2027, 3, 2), "period_end": date(2029, 3, 1)}),
    "week_over_limit": PlanFinding("week_over_limit", 0, {
        "week": 11, "year": 2027, "monday": date(2027, 3, 15), "hours": Decimal("40.50"),
        "limit": 37, "items": (0, 1)}),
    "danish_not_allowed_after_danish_test": PlanFinding(
        "danish_not_allowed_after_danish_test", 1),
    "required_kind_missing": PlanFinding("required_kind_missing", None, {"kind": "amu"}),
    "amu_below_minimum_after_danish_test": PlanFinding(
        "amu_below_minimum_after_danish_test", None, {"min_weeks": 8,
                                                      "amu_weeks": Decimal("7.9")}),
    "weeks_short": PlanFinding("weeks_short", None, {
        "required_weeks": 20, "counted_weeks": Decimal("19.9"),
        "missing_hours": Decimal("3.7")}),
    "workplace_share_low": PlanFinding("workplace_share_low", None, {
        "average": Decimal("24.95"), "minimum": 25, "weekly_hours": Decimal("32.5")}),
    "hours_exceed_working_days": PlanFinding("hours_exceed_working_days", 0, {
        "working_days": 4, "hours_per_day": Decimal("7.4"), "max_hours": Decimal("29.6")}),
    "weeks_over_required": PlanFinding("weeks_over_required", None, {
        "required_weeks": 20, "counted_weeks": Decimal("21.0")}),
}


def test_every_code_of_the_rules_has_its_wording() -> None:
    assert set(FINDINGS) == set(ERROR_CODES) | set(WARNING_CODES)
    assert set(plan_messages._WORDING) == set(ERROR_CODES) | set(WARNING_CODES)


@pytest.mark.parametrize("code", sorted(FINDINGS))
@pytest.mark.parametrize("lang", ["da", "en"])
def test_each_finding_is_worded_and_names_its_element(app, code: str, lang: str) -> None:
    finding = FINDINGS[code]
    with app.test_request_context(), force_locale(lang):
        message = plan_messages.finding_message(finding, ITEMS)
    assert message and "%(" not in message
    if finding.item is not None:
        assert message.startswith(f"Element {finding.item + 1} (")
        assert ITEMS[finding.item].title in message
    else:
        assert not message.startswith("Element")


@pytest.mark.parametrize(("lang", "expected"), [
    ("da", "Element 1 (AMU: Gaffeltruckførercertifikat B): Kurset skal ligge inden for "
           "ansættelsen, fra 2. marts 2027 til 1. marts 2029."),
    ("en", "Element 1 (AMU: Gaffeltruckførercertifikat B): The course must lie within the "
           "employment, from 2 March 2027 to 1 March 2029."),
])
def test_dates_are_written_for_the_readers_locale(app, lang: str, expected: str) -> None:
    with app.test_request_context(), force_locale(lang):
        assert plan_messages.finding_message(FINDINGS["outside_period"], ITEMS) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("da", "Planen tæller 19,9 af de 20 ugers skoleundervisning: der mangler 3,7 timer."),
    ("en", "The plan counts 19.9 of the 20 weeks of schooling: 3.7 hours are missing."),
])
def test_weeks_and_hours_are_written_for_the_readers_locale(app, lang: str,
                                                            expected: str) -> None:
    with app.test_request_context(), force_locale(lang):
        assert plan_messages.finding_message(FINDINGS["weeks_short"], ITEMS) == expected


def test_the_week_over_limit_names_every_element_in_that_week(app) -> None:
    with app.test_request_context(), force_locale("da"):
        message = plan_messages.finding_message(FINDINGS["week_over_limit"], ITEMS)
    assert message == ("Element 1 (AMU: Gaffeltruckførercertifikat B): Uge 11 i 2027 har 40,5 "
                       "undervisningstimer i alt (element 1, 2). En uge må højst have 37 "
                       "undervisningstimer.")


def test_an_element_the_list_does_not_hold_is_named_by_its_number(app) -> None:
    with app.test_request_context(), force_locale("en"):
        assert plan_messages.element_name(7, ITEMS) == "Element 8"
