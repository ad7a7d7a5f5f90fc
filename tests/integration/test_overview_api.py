"""The overview and the benchmark over HTTP (issue 20): a dataset built
through the API and the import gives exactly the figures; tenancy answers
404, employers 403; bad periods 400 at their fields; the keys of item 5."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from igu_admin.domain.lifecycle import ClaimStatus
from igu_admin.extensions import db
from igu_admin.models import Agreement, BonusClaim, Role
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import START, complete_agreement
from igu_admin.testing.course_imports import course_row, csv_file

FROM = date(2025, 7, 1)
TO = START + timedelta(days=60)
OVERVIEW_KEYS = {"municipality", "from", "to", "started", "active_on_to", "completed",
                 "ended_early", "early_end_share", "continued",
                 "median_days_submitted_to_decided", "median_days_registered_to_start",
                 "by_target_group", "by_age_band", "by_sex", "company_bonus", "result_grant",
                 "forecast", "suppressed"}


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": "en"}


def ok(answer: Any) -> dict[str, Any]:
    assert answer.status_code in (200, 201), answer.get_data(as_text=True)
    return answer.get_json()


def api_course(client, employer, caseworker, cpr: str, decision: str = "approve") -> int:
    """An agreement made, sent and decided through the API."""
    made = ok(client.post("/api/v1/agreements", headers=bearer(employer), json=complete_agreement(
        trainee={**complete_agreement()["trainee"], "cpr": cpr})))
    sent = ok(client.post(f"/api/v1/agreements/{made['id']}/submit", headers=bearer(employer),
                          json={"lock_version": made["lock_version"]}))
    ok(client.post(f"/api/v1/agreements/{made['id']}/decision", headers=bearer(caseworker),
                   json={"decision": decision, "reason": "" if decision == "approve" else "Nej",
                         "lock_version": sent["lock_version"]}))
    return made["id"]


@pytest.fixture
def world(app, client):
    company = make_company("101")
    employer = make_user(Role.EMPLOYER, company=company)
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    # Six women born 15 May 1995 (31 at the start), approved; a seventh rejected.
    ids = [api_course(client, employer, caseworker, f"150595{1000 + 2 * n:04d}")
           for n in range(6)]
    api_course(client, employer, caseworker, "1505951100", decision="reject")
    agreement = ok(client.get(f"/api/v1/agreements/{ids[0]}", headers=bearer(employer)))
    # One ends early a month after its start (recorded now, for that day).
    ok(client.post(f"/api/v1/agreements/{ids[0]}/termination", headers=bearer(employer),
                   json={"date": (START + timedelta(days=30)).isoformat(),
                         "reason": "dismissal", "lock_version": agreement["lock_version"]}))
    # The import: 5 running since 1 September 2025 (born 1990-94: two men),
    # 4 completed on 28 February 2026, 2 ended early on 31 March 2026 and
    # one ended early then and continued by another company.
    rows = [course_row(n) for n in range(10, 15)]
    rows += [course_row(n, status="completed", start_date=date(2024, 3, 1),
                        end_date=date(2026, 2, 28), ended_on=date(2026, 2, 28),
                        end_date_given=True) for n in range(20, 24)]
    rows += [course_row(n, status="terminated", start_date=date(2025, 3, 3),
                        end_date=date(2027, 3, 2), ended_on=date(2026, 3, 31),
                        termination_reason="dismissal",
                        continued_by_cvr=make_company("101").cvr if n == 32 else None)
             for n in range(30, 33)]
    answer = client.post("/api/v1/imports/courses?municipality=101", data=csv_file(rows),
                         headers={**bearer(caseworker), "Content-Type": "text/csv"})
    assert ok(answer)["created"] == 12
    # The sex was stored as each number was saved: through the API and the import.
    assert sorted(db.session.scalars(select(Agreement.trainee_sex))) == ["female"] * 14 + [
        "male"] * 5
    return {"caseworker": caseworker, "employer": employer,
            "finance": make_user(Role.FINANCE, municipality="101"),
            "admin": make_user(Role.ADMIN), "far": make_user(Role.CASEWORKER, municipality="751")}


def get_overview(client, user, query: str) -> Any:
    return client.get(f"/api/v1/overview?{query}", headers=bearer(user))


def period(code: str = "101") -> str:
    return f"municipality={code}&from={FROM.isoformat()}&to={TO.isoformat()}"


def claims_oracle(beneficiary: str) -> dict[str, Any]:
    """The claim figures counted one by one (the service sums in SQL)."""
    claims = db.session.scalars(select(BonusClaim).where(
        BonusClaim.municipality_code == "101", BonusClaim.beneficiary == beneficiary)).all()
    due = [c for c in claims if FROM <= c.due_date <= TO and c.status != "cancelled"]
    paid = [c for c in claims if c.paid_on and FROM <= c.paid_on <= TO
            and c.status == ClaimStatus.PAID.value]

    def shown(items: list[BonusClaim], amount: Any) -> tuple[int | None, str | None]:
        if 0 < len(items) < 5:
            return None, None
        return len(items), f"{sum((amount(c) for c in items), Decimal(0)):.2f}"

    due_n, due_sum = shown(due, lambda c: c.amount)
    paid_n, paid_sum = shown(paid, lambda c: c.paid_amount or c.amount)
    return {"due": due_n, "due_amount": due_sum, "paid": paid_n, "paid_amount": paid_sum}


def test_a_dataset_built_through_the_api_and_the_import_gives_exactly_the_figures(
        client, world) -> None:
    figures = ok(get_overview(client, world["caseworker"], period()))
    assert set(figures) == OVERVIEW_KEYS
    assert figures["municipality"]["code"] == "101" and figures["municipality"]["name"]
    assert (figures["from"], figures["to"]) == (FROM.isoformat(), TO.isoformat())
    assert figures["started"] == 11
    assert figures["active_on_to"] == 10
    assert figures["completed"] == 4 or figures["completed"] is None
    assert figures["completed"] is None and figures["ended_early"] is None  # 4 and 3
    assert figures["early_end_share"] == "0.43"  # 3 of 7, half up from 0.428...
    assert figures["continued"] is None
    assert figures["median_days_submitted_to_decided"] == 0  # 7 decided the day they came
    assert figures["by_target_group"] == {"refugee": 11}
    assert figures["by_age_band"] == {"18-24": 0, "25-29": 0, "30-39": 11, "40-49": 0}
    # Nine women and two men: the men are "<5", the women go with them.
    assert figures["by_sex"] == {"female": None, "male": None}
    assert {"completed", "ended_early", "continued", "by_sex.male",
            "by_sex.female"} <= set(figures["suppressed"])
    registered = sorted([(START - date(START.year - 2, 2, 1)).days] * 6
                        + [(date(2025, 9, 1) - date(2023, 5, 1)).days] * 5)
    assert figures["median_days_registered_to_start"] == registered[5]
    assert figures["company_bonus"] == claims_oracle("company")
    assert figures["result_grant"] == claims_oracle("municipality")
    forecast = figures["forecast"]
    assert set(forecast) == {"months", "early_end_share_used", "method"}
    assert forecast["early_end_share_used"] == "0.43" and "0.43" not in forecast["method"]
    assert len(forecast["months"]) == 12
    for month in forecast["months"]:
        assert set(month) == {"month", "scheduled_amount", "expected_amount"}
        assert Decimal(month["expected_amount"]) == (
            Decimal(month["scheduled_amount"]) * Decimal("0.57")).quantize(Decimal("0.01"))
    # No count from 1 to 4 anywhere.
    for value in [figures[k] for k in ("started", "active_on_to", "completed", "ended_early",
                                      "continued")] + [
            *figures["by_sex"].values(), *figures["by_age_band"].values(),
            figures["company_bonus"]["due"], figures["company_bonus"]["paid"],
            figures["result_grant"]["due"], figures["result_grant"]["paid"]]:
        assert value is None or value == 0 or value >= 5


def test_the_benchmark_all_and_tenancy_on_the_same_dataset(client, world) -> None:
    """(One test: the dataset is made through the API, which takes a while.)"""
    answer = ok(client.get(f"/api/v1/benchmark?from={FROM}&to={TO}",
                           headers=bearer(world["finance"])))
    assert set(answer) == {"items", "instance_median_days_submitted_to_decided"}
    assert answer["items"] == [{
        "municipality": {"code": "101", "name": answer["items"][0]["municipality"]["name"]},
        "ended": 7, "early_end_share": "0.43", "expected_early_end_share": "0.43",
        "difference": "0.00", "group": 1, "median_days_submitted_to_decided": 0}]
    assert answer["instance_median_days_submitted_to_decided"] == 0
    # An administrator sees the instance's totals and any municipality.
    figures = ok(get_overview(client, world["admin"], period("all")))
    assert figures["municipality"]["code"] == "all"
    assert figures["started"] == 11
    assert ok(get_overview(client, world["admin"], period("101")))["started"] == 11
    assert get_overview(client, world["admin"], period("999")).status_code == 404
    # Tenancy: another municipality or "all" is 404 for a caseworker; employers 403.
    assert get_overview(client, world["far"], period("101")).status_code == 404
    assert get_overview(client, world["caseworker"], period("all")).status_code == 404
    assert get_overview(client, world["finance"], period("101")).status_code == 200
    assert get_overview(client, world["employer"], period("101")).status_code == 403
    assert client.get(f"/api/v1/benchmark?from={FROM}&to={TO}",
                      headers=bearer(world["employer"])).status_code == 403
    assert client.get(f"/api/v1/overview?{period()}").status_code == 401


@pytest.mark.parametrize(("query", "field"), [
    ("municipality=101&from=2026-01-01", "to"),
    ("municipality=101&to=2026-01-01", "from"),
    ("from=2026-01-01&to=2026-02-01", "municipality"),
    ("municipality=101&from=2026-02-30&to=2026-03-01", "from"),
    ("municipality=101&from=01-01-2026&to=2026-03-01", "from"),
    ("municipality=101&from=2026-03-01&to=2026-02-01", "to"),
    ("municipality=Aarhus&from=2026-01-01&to=2026-02-01", "municipality"),
    ("municipality=101&from=2026-01-01&to=2026-02-01&x=1", "x"),
])
def test_bad_queries_answer_400_at_their_field(client, app, query: str, field: str) -> None:
    answer = get_overview(client, make_user(Role.CASEWORKER, municipality="101"), query)
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert field in answer.get_json()["errors"]


def test_a_reversed_benchmark_period_is_400(client, app) -> None:
    answer = client.get("/api/v1/benchmark?from=2026-03-01&to=2026-02-01",
                        headers=bearer(make_user(Role.FINANCE, municipality="101")))
    assert answer.status_code == 400 and "to" in answer.get_json()["errors"]


def test_both_operations_are_in_the_openapi_document(client, app) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    got = document["paths"]["/api/v1/overview"]["get"]
    assert got["operationId"] == "getOverview"
    assert {p["name"] for p in got["parameters"] if p["in"] == "query"} == {
        "municipality", "from", "to"}
    assert {"200", "400", "401", "403", "404"} <= set(got["responses"])
    bench = document["paths"]["/api/v1/benchmark"]["get"]
    assert bench["operationId"] == "getBenchmark"
    assert {p["name"] for p in bench["parameters"] if p["in"] == "query"} == {"from", "to"}
