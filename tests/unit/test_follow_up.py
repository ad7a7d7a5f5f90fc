"""The follow-up's rules at every boundary: the schedule, the next check-in,
30 and 31 days overdue, each risk reason and the list's order."""

from datetime import date, timedelta

import pytest

from igu_admin.domain import follow_up as fu
from igu_admin.domain.follow_up import LastCheckIn, PlanFacts, RiskFacts

DEFAULT = (1, 3, 6, 9, 12, 15, 18, 21)
START = date(2026, 1, 31)


def test_schedule_counts_months_from_the_start_to_the_month_end() -> None:
    days = fu.schedule(START, DEFAULT)
    assert days[:3] == [date(2026, 2, 28), date(2026, 4, 30), date(2026, 7, 31)]
    assert days[-1] == date(2027, 10, 31)
    assert len(days) == 8


def test_schedule_stops_at_the_course_end() -> None:
    assert fu.schedule(START, DEFAULT, end=date(2026, 5, 1)) == [date(2026, 2, 28),
                                                                  date(2026, 4, 30)]


def test_next_check_in_is_the_first_planned_before_any_and_then_as_agreed() -> None:
    assert fu.next_check_in(START, DEFAULT, None) == date(2026, 2, 28)
    last = LastCheckIn(date(2026, 3, 2), date(2026, 5, 15), False)
    assert fu.next_check_in(START, DEFAULT, last) == date(2026, 5, 15)
    assert fu.planned_after(START, DEFAULT, date(2026, 3, 2)) == date(2026, 4, 30)
    assert fu.planned_after(START, DEFAULT, date(2026, 4, 30)) == date(2026, 7, 31)


@pytest.mark.parametrize("days, overdue_flag", [(0, False), (30, False), (31, True)],
                         ids=["due-today", "30-days", "31-days"])
def test_a_check_in_more_than_30_days_overdue_is_at_risk(days: int, overdue_flag: bool) -> None:
    due = date(2026, 3, 1)
    today = due + timedelta(days=days)
    risk = fu.assess(RiskFacts(today=today, last_check_in=None, next_check_in=due))
    assert risk.overdue_days == days
    assert (risk.risk == "at_risk") is overdue_flag
    if overdue_flag:
        assert risk.reasons == (fu.Reason("check_in_overdue", due, 31),)


def test_overdue_days_is_never_negative() -> None:
    assert fu.overdue_days(date(2026, 3, 1), date(2026, 2, 1)) == 0
    assert fu.overdue_days(None, date(2026, 2, 1)) == 0


def test_the_last_check_in_marked_at_risk() -> None:
    last = LastCheckIn(date(2026, 3, 2), date(2026, 5, 1), True)
    risk = fu.assess(RiskFacts(date(2026, 3, 10), last, last.next_on))
    assert [(r.code, r.since) for r in risk.reasons] == [("check_in_at_risk", date(2026, 3, 2))]


@pytest.mark.parametrize("age, flagged", [(90, True), (91, False)], ids=["90-days", "91-days"])
def test_a_sickness_extension_asked_for_in_the_last_90_days(age: int, flagged: bool) -> None:
    today = date(2026, 6, 1)
    asked = today - timedelta(days=age)
    risk = fu.assess(RiskFacts(today, None, None, sickness_requested_on=(asked,)))
    assert [r.code for r in risk.reasons] == (["sickness_extension"] if flagged else [])


def test_a_missing_plan_only_after_its_deadline() -> None:
    plan = PlanFacts(deadline=date(2026, 2, 28))
    on_deadline = fu.assess(RiskFacts(date(2026, 2, 28), None, None, plan=plan))
    after = fu.assess(RiskFacts(date(2026, 3, 1), None, None, plan=plan))
    assert on_deadline.risk == "ok"
    assert [(r.code, r.since) for r in after.reasons] == [("plan_missing", date(2026, 2, 28))]


def test_an_imported_course_with_its_plan_elsewhere_is_not_flagged() -> None:
    plan = PlanFacts(deadline=date(2026, 2, 28), outside=True)
    assert fu.assess(RiskFacts(date(2026, 6, 1), None, None, plan=plan)).risk == "ok"


def test_a_plan_sent_back_past_its_deadline() -> None:
    plan = PlanFacts(deadline=date(2026, 2, 28), submitted=True, sent_back=True,
                     sent_back_on=date(2026, 3, 5))
    risk = fu.assess(RiskFacts(date(2026, 3, 6), None, None, plan=plan))
    assert [(r.code, r.since) for r in risk.reasons] == [("plan_sent_back", date(2026, 3, 5))]
    approved = PlanFacts(deadline=date(2026, 2, 28), submitted=True)
    assert fu.assess(RiskFacts(date(2026, 3, 6), None, None, plan=approved)).risk == "ok"


def test_a_rejected_claim() -> None:
    risk = fu.assess(RiskFacts(date(2026, 6, 1), None, None,
                               claims_rejected_on=(date(2026, 5, 1), date(2026, 5, 20))))
    assert [(r.code, r.since) for r in risk.reasons] == [("claim_rejected", date(2026, 5, 20))]


def test_every_reason_at_once_in_order() -> None:
    today = date(2026, 9, 1)
    risk = fu.assess(RiskFacts(
        today, LastCheckIn(date(2026, 3, 1), date(2026, 5, 1), True), date(2026, 5, 1),
        sickness_requested_on=(date(2026, 8, 1),), plan=PlanFacts(deadline=date(2026, 2, 28)),
        claims_rejected_on=(date(2026, 7, 1),)))
    assert [r.code for r in risk.reasons] == [
        "check_in_at_risk", "check_in_overdue", "sickness_extension", "plan_missing",
        "claim_rejected"]


def test_the_list_puts_at_risk_first_then_the_most_overdue() -> None:
    rows = [("a", "ok", 50), ("b", "at_risk", 3), ("c", "at_risk", 40), ("d", "ok", 0)]
    ordered = sorted(rows, key=lambda r: fu.list_order(r[1], r[2]))
    assert [r[0] for r in ordered] == ["c", "b", "a", "d"]


@pytest.mark.parametrize("text", ["", "3,1", "0,1", "1,1", "x"], ids=str)
def test_months_setting_refuses_what_is_no_schedule(text: str) -> None:
    with pytest.raises(ValueError):
        fu.parse_months(text)


def test_months_setting() -> None:
    assert fu.parse_months("1, 3,6") == (1, 3, 6)


@pytest.mark.parametrize(("start", "last_day", "months"), [
    (date(2026, 1, 15), date(2026, 2, 13), 0),
    (date(2026, 1, 15), date(2026, 2, 14), 1),
    (date(2026, 1, 31), date(2026, 2, 26), 0),
    (date(2026, 1, 31), date(2026, 2, 28), 1),
    (date(2025, 3, 1), date(2026, 2, 28), 12),
])
def test_months_served_counts_whole_months_to_the_last_day(start, last_day, months) -> None:
    assert fu.months_served(start, last_day) == months


def test_the_early_ended_list_starts_24_months_back() -> None:
    assert fu.early_ended_since(date(2026, 12, 7)) == date(2024, 12, 7)
