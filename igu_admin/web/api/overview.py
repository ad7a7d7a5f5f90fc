"""The municipality's overview and the benchmark between municipalities in
the JSON API: aggregates only (counts from 1 to 4 are null and listed in
`suppressed`). Thin: every operation is one service call."""

from __future__ import annotations

from decimal import Decimal

from flask_login import current_user
from pydantic import BaseModel, Field

from igu_admin.domain import overview as ov
from igu_admin.inputs.overview import OverviewQuery, PeriodQuery
from igu_admin.models import Municipality, Role
from igu_admin.services import overview
from igu_admin.web.api.blueprint import api
from igu_admin.wording.overview import forecast_method, instance_name

VIEWERS = (Role.CASEWORKER, Role.FINANCE, Role.ADMIN)
COUNT = "A count; null when from 1 to 4 (listed in `suppressed`)."
SHARE = ("A decimal string with two decimals, rounded half up (\"0.25\"); null when built on "
         "fewer than 5 courses.")
MEDIAN = "Whole days (a median of an even number may end in .5); null when built on fewer " \
         "than 5 courses."
MONEY = "DKK as a string, \"20000.00\"; null when its count is suppressed."
NOT_FOUND = ("No such municipality, another municipality than a caseworker's or finance "
             "officer's own, or `all` asked for by one of them (only administrators see the "
             "instance's totals).")


class MunicipalityRef(BaseModel):
    code: str = Field(description="The municipality's code, or all.")
    name: str


class ClaimFiguresOut(BaseModel):
    due: int | None = Field(description="Claims that fell due in the period (not cancelled). "
                                        + COUNT)
    due_amount: str | None = Field(description=MONEY)
    paid: int | None = Field(description="Claims paid in the period. " + COUNT)
    paid_amount: str | None = Field(description=MONEY)


class ForecastMonthOut(BaseModel):
    month: str = Field(description="YYYY-MM.")
    scheduled_amount: str = Field(description="The claims not yet paid that fall due in the "
                                              "month, DKK.")
    expected_amount: str = Field(description="scheduled_amount * (1 - early_end_share_used), "
                                             "rounded half up to the øre, DKK.")


class ForecastOut(BaseModel):
    months: list[ForecastMonthOut] = Field(description="The 12 months after the month of `to`.")
    early_end_share_used: str | None = Field(
        description="The municipality's early-end share, or the instance's when the "
                    "municipality's is not shown; null: no discount.")
    method: str = Field(description="A sentence saying how the forecast was made, in the "
                                    "language of Accept-Language.")


class OverviewOut(BaseModel):
    municipality: MunicipalityRef
    from_: str = Field(alias="from", description="YYYY-MM-DD.")
    to: str = Field(description="YYYY-MM-DD.")
    started: int | None = Field(description="Courses whose first day is in the period, "
                                            "approved. " + COUNT)
    active_on_to: int | None = Field(description="Courses active on `to`. " + COUNT)
    completed: int | None = Field(description=COUNT)
    ended_early: int | None = Field(description="Not counting an early end another employer "
                                                "continued. " + COUNT)
    early_end_share: str | None = Field(description="ended_early / (completed + ended_early). "
                                                    + SHARE)
    continued: int | None = Field(description="Courses ended early in the period and "
                                              "continued by another employer. " + COUNT)
    median_days_submitted_to_decided: int | float | None = Field(
        description="From the first submission to the approval or rejection, of decisions "
                    "made in the period. " + MEDIAN)
    median_days_registered_to_start: int | float | None = Field(
        description="From the trainee's registered address date to the first day, of "
                    "courses started in the period. " + MEDIAN)
    by_target_group: dict[str, int | None] = Field(description="Courses started, by target "
                                                               "group code. " + COUNT)
    by_age_band: dict[str, int | None] = Field(description="18-24, 25-29, 30-39, 40-49 at the "
                                                           "start. " + COUNT)
    by_sex: dict[str, int | None] = Field(description="female, male. " + COUNT)
    company_bonus: ClaimFiguresOut
    result_grant: ClaimFiguresOut
    forecast: ForecastOut
    suppressed: list[str] = Field(description="The dotted paths of the figures not shown: "
                                              "counts from 1 to 4, a second cell of a "
                                              "breakdown, shares and medians on fewer than 5 "
                                              "courses, and amounts with their counts.")


class BenchmarkItem(BaseModel):
    municipality: MunicipalityRef
    ended: int | None = Field(description="Courses completed or ended early in the period. "
                                          + COUNT)
    early_end_share: str | None = Field(description=SHARE + " Null below 5 ended courses.")
    expected_early_end_share: str | None = Field(
        description="The mean, over the municipality's ended courses, of their target group's "
                    "early-end share across the instance.")
    difference: str | None = Field(description="early_end_share - expected, two decimals, "
                                               "may be negative.")
    group: int | None = Field(description="1-5 (1: the fewest early ends against expected); "
                                          "null below 5 ended courses.")
    median_days_submitted_to_decided: int | float | None = Field(description=MEDIAN)


class BenchmarkOut(BaseModel):
    items: list[BenchmarkItem] = Field(description="Every municipality with courses, by code.")
    instance_median_days_submitted_to_decided: int | float | None = Field(description=MEDIAN)


def share_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def money_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def days_number(value: Decimal | None) -> int | float | None:
    """12 or 12.5: a JSON number."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def municipality_ref(code: str, names: dict[str, str]) -> MunicipalityRef:
    return MunicipalityRef(code=code, name=instance_name() if code == ov.ALL
                           else names.get(code, code))


def _claims_out(figures: ov.ClaimFigures) -> ClaimFiguresOut:
    return ClaimFiguresOut(due=figures.due, due_amount=money_text(figures.due_amount),
                           paid=figures.paid, paid_amount=money_text(figures.paid_amount))


def overview_out(shown: ov.Overview, municipality: Municipality | None) -> OverviewOut:
    names = {municipality.code: municipality.name} if municipality else {}
    forecast = shown.forecast
    return OverviewOut.model_validate({
        "municipality": municipality_ref(shown.municipality_code, names),
        "from": shown.from_.isoformat(), "to": shown.to.isoformat(),
        "started": shown.started, "active_on_to": shown.active_on_to,
        "completed": shown.completed, "ended_early": shown.ended_early,
        "early_end_share": share_text(shown.early_end_share), "continued": shown.continued,
        "median_days_submitted_to_decided": days_number(shown.median_days_submitted_to_decided),
        "median_days_registered_to_start": days_number(shown.median_days_registered_to_start),
        "by_target_group": shown.by_target_group, "by_age_band": shown.by_age_band,
        "by_sex": shown.by_sex, "company_bonus": _claims_out(shown.company_bonus),
        "result_grant": _claims_out(shown.result_grant),
        "forecast": ForecastOut(
            months=[ForecastMonthOut(month=m.month, scheduled_amount=f"{m.scheduled_amount:.2f}",
                                     expected_amount=f"{m.expected_amount:.2f}")
                    for m in forecast.months],
            early_end_share_used=share_text(forecast.early_end_share_used),
            method=forecast_method(forecast.basis, forecast.early_end_share_used)),
        "suppressed": list(shown.suppressed)})


@api.operation(
    "/overview", "GET", operation_id="getOverview", tags=("overview",), bearer=True,
    roles=VIEWERS, query=OverviewQuery,
    summary="A municipality's figures over a period (aggregates, small counts suppressed)",
    description="Caseworkers and finance officers: their own municipality; administrators: "
                "any, or `all` for the instance's totals. [from, to], both days included. "
                "A count from 1 to 4 is null and its dotted path listed in `suppressed`; "
                "within a breakdown, one suppressed cell takes the smallest other non-zero "
                "cell with it.",
    responses={200: (OverviewOut, "The figures."), 404: NOT_FOUND})
def get_overview(query: OverviewQuery) -> OverviewOut:
    found = overview.municipality_named(current_user, query.municipality)
    return overview_out(overview.overview(current_user, query.municipality, query.from_,
                                          query.to), found)


@api.operation(
    "/benchmark", "GET", operation_id="getBenchmark", tags=("overview",), bearer=True,
    roles=VIEWERS, query=PeriodQuery,
    summary="Every municipality's early-end share against its expected value, in five groups",
    description="Indirect standardisation, after KORA's benchmark: the expected share is the "
                "mean, over the municipality's ended courses, of their target group's share "
                "across the instance. The municipalities with 5 or more ended courses are "
                "sorted by the unrounded difference, then by code; the i-th of N (from 0) is "
                "in group ⌊5·i/N⌋ + 1. Aggregates only: every row for caseworkers, finance "
                "officers and administrators.",
    responses={200: (BenchmarkOut, "The rows, by municipality code.")})
def get_benchmark(query: PeriodQuery) -> BenchmarkOut:
    made = overview.benchmark(current_user, query.from_, query.to)
    names = overview.municipality_names()
    return BenchmarkOut(
        items=[BenchmarkItem(
            municipality=municipality_ref(row.municipality_code, names), ended=row.ended,
            early_end_share=share_text(row.early_end_share),
            expected_early_end_share=share_text(row.expected_early_end_share),
            difference=share_text(row.difference), group=row.group,
            median_days_submitted_to_decided=days_number(row.median_days_submitted_to_decided))
            for row in made.rows],
        instance_median_days_submitted_to_decided=days_number(
            made.instance_median_days_submitted_to_decided))
