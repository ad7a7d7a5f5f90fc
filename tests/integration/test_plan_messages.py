"""Every finding code of the plan's rules has its wording, in Danish and English."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale

from igu_admin.domain.schooling import ERROR_CODES, WARNING_CODES, PlanFinding
from igu_admin.services.plan_messages import finding_message

# Every value any finding's wording takes (the domain's params, by name).
PARAMS = {"kind": "danish", "period_start": date(2026, 1, 5), "period_end": date(2028, 1, 4),
          "week": 14, "year": 2026, "monday": date(2026, 3, 30), "hours": Decimal("37.50"),
          "limit": 37, "items": (0, 1), "min_weeks": 8, "amu_weeks": Decimal("7.9"),
          "required_weeks": 20, "counted_weeks": Decimal("19.9"), "missing_hours": Decimal("3.70"),
          "average": Decimal("24.50"), "minimum": 25, "weekly_hours": Decimal("30"),
          "working_days": 9, "hours_per_day": Decimal("7.4"), "max_hours": Decimal("66.6")}


@pytest.mark.parametrize("code", ERROR_CODES + WARNING_CODES)
def test_each_code_is_worded_in_danish_and_english_with_its_numbers(app, code: str) -> None:
    finding = PlanFinding(code, 0, PARAMS)
    with force_locale("da"):
        danish = finding_message(finding, "da_DK")
    with force_locale("en"):
        english = finding_message(finding, "en_DK")
    assert danish and english and danish != english
    assert "%(" not in danish and "%(" not in english


def test_numbers_and_dates_follow_the_locale_given(app) -> None:
    week = PlanFinding("week_over_limit", 0, PARAMS)
    period = PlanFinding("outside_period", 0, PARAMS)
    with force_locale("da"):
        assert finding_message(week, "da_DK") == ("Uge 14 2026 har 37,5 skoletimer; en uge kan "
                                                  "højst have 37.")
        assert "5. januar 2026 til 4. januar 2028" in finding_message(period, "da_DK")
    with force_locale("en"):
        assert "37.5 school hours" in finding_message(week)
        assert "5 January 2026 to 4 January 2028" in finding_message(period, "en_DK")


def test_an_unknown_code_is_a_programming_error(app) -> None:
    with pytest.raises(KeyError):
        finding_message(PlanFinding("no_such_code", None))
