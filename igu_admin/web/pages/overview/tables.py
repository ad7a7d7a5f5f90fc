"""The overview's figures as the page's tables and charts, in the reader's
language. A figure not shown is a Hidden cell: "<5" for a count of 1-4
(`Overview.small`), an en dash for anything else held back (a share or a
median on fewer than 5 courses, the second cell of a breakdown, an amount
whose count is held back), each explained under the figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from igu_admin.documents.overview_charts import BarChart, Series, Value
from igu_admin.documents.overview_tables import (
    HIDDEN_OTHER,
    HIDDEN_SMALL,
    Cell,
    Column,
    Hidden,
    Kind,
    Table,
    Typed,
)
from igu_admin.domain.overview import AGE_BANDS, Benchmark, Overview, QuarterFigures
from igu_admin.wording.eligibility import target_group_label

SEX_LABELS = {"female": _l("Women"), "male": _l("Men")}
CLAIM_LABELS = {"company_bonus": _l("Company bonus"), "result_grant": _l("Result grant")}


def quarter_label(quarter: str) -> str:
    """"2026-Q3" as the reader says it: "3. kvt. 2026"."""
    year, _sep, number = quarter.partition("-Q")
    return _("Q%(quarter)s %(year)s", quarter=number, year=year)


def _cell(found: Overview, path: str, value: int | Decimal | None) -> int | Decimal | Hidden:
    if path in found.suppressed or value is None:
        return Hidden(HIDDEN_SMALL if path in found.small else HIDDEN_OTHER)
    return value


def figures(found: Overview) -> Table:
    rows: list[tuple[str, str]] = [
        ("started", _("Courses started")),
        ("active_on_to", _("Courses active on the last day")),
        ("completed", _("Courses completed")),
        ("ended_early", _("Courses ended early")),
        ("early_end_share", _("Share ended early")),
        ("continued", _("Ended early and continued with another employer")),
        ("median_days_submitted_to_decided", _("Median days from submission to decision")),
        ("median_days_registered_to_start", _("Median days from registered address to start")),
    ]
    kinds: dict[str, Kind] = {"early_end_share": "share", "median_days_submitted_to_decided": "days",
             "median_days_registered_to_start": "days"}
    return Table("figures", _("Figures for the period"),
                 (Column(_("Figure"), "text"), Column(_("Value"), "count")),
                 tuple((label, Typed(_cell(found, key, getattr(found, key)),
                                     kinds.get(key, "count")))
                       for key, label in rows))


def _breakdown(found: Overview, name: str, caption: str, heading: str,
               counts: dict[str, int | None], labels: dict[str, str]) -> Table:
    return Table(name, caption, (Column(heading, "text"), Column(_("Courses started"), "count")),
                 tuple((labels.get(key, key), _cell(found, f"{field_of(name)}.{key}", count))
                       for key, count in counts.items()))


def field_of(table_name: str) -> str:
    return {"target-groups": "by_target_group", "age-bands": "by_age_band",
            "sexes": "by_sex"}[table_name]


def target_groups(found: Overview) -> Table:
    return _breakdown(found, "target-groups", _("Courses started, by target group"),
                      _("Target group"), found.by_target_group,
                      {code: target_group_label(code) for code in found.by_target_group})


def age_bands(found: Overview) -> Table:
    ordered = {band: found.by_age_band.get(band) for band in AGE_BANDS}
    return _breakdown(found, "age-bands", _("Courses started, by age at the start"),
                      _("Age"), ordered, {band: _("%(band)s years", band=band)
                                          for band in AGE_BANDS})


def sexes(found: Overview) -> Table:
    return _breakdown(found, "sexes", _("Courses started, by sex"), _("Sex"), found.by_sex,
                      {key: str(label) for key, label in SEX_LABELS.items()})


def claims(found: Overview) -> Table:
    rows = []
    for key, label in CLAIM_LABELS.items():
        money = getattr(found, key)
        rows.append((str(label), *(_cell(found, f"{key}.{part}", getattr(money, part))
                                   for part in ("due", "due_amount", "paid", "paid_amount"))))
    return Table("claims", _("Bonus claims that fell due or were paid in the period"),
                 (Column(_("Claim"), "text"), Column(_("Fell due"), "count"),
                  Column(_("Amount due (DKK)"), "amount"), Column(_("Paid"), "count"),
                  Column(_("Amount paid (DKK)"), "amount")), tuple(rows))


def forecast(found: Overview) -> Table:
    return Table("forecast", _("Forecast of the claims in the next twelve months"),
                 (Column(_("Month"), "text"), Column(_("Scheduled (DKK)"), "amount"),
                  Column(_("Expected (DKK)"), "amount")),
                 tuple((month_label(month.month), month.scheduled_amount,
                        month.expected_amount) for month in found.forecast.months))


def month_label(month: str) -> str:
    """"2027-01" as the reader says it: "januar 2027"."""
    year, number = month.split("-")
    return format_date(date(int(year), int(number), 1), "MMMM yyyy")


def _quarter_cell(q: QuarterFigures, key: str) -> Cell:
    value = getattr(q, key)
    if key in q.suppressed or value is None:
        return Hidden(HIDDEN_SMALL if key in q.small else HIDDEN_OTHER)
    return value


QUARTER_FIGURES = ("started", "ended", "median_days_submitted_to_decided", "due_amount",
                   "paid_amount")


def quarters(rows: tuple[QuarterFigures, ...]) -> Table:
    return Table("quarters", _("The last eight quarters"),
                 (Column(_("Quarter"), "text"), Column(_("From"), "date"),
                  Column(_("To"), "date"), Column(_("Started"), "count"),
                  Column(_("Ended"), "count"),
                  Column(_("Median days from submission to decision"), "days"),
                  Column(_("Amount due (DKK)"), "amount"),
                  Column(_("Amount paid (DKK)"), "amount")),
                 tuple((quarter_label(q.quarter), q.from_, q.to,
                        *(_quarter_cell(q, key) for key in QUARTER_FIGURES)) for q in rows))


def benchmark(found: Benchmark, names: dict[str, str], own: str | None) -> Table:
    def hidden(value: Decimal | None) -> Cell:
        return Hidden(HIDDEN_OTHER) if value is None else value

    rows, marked = [], set()
    for index, row in enumerate(found.rows):
        if row.municipality_code == own:
            marked.add(index)
        ended: Cell = Hidden(HIDDEN_SMALL) if row.ended is None else row.ended
        rows.append((names.get(row.municipality_code, row.municipality_code), ended,
                     hidden(row.early_end_share), hidden(row.expected_early_end_share),
                     hidden(row.difference),
                     Hidden(HIDDEN_OTHER) if row.group is None else row.group,
                     hidden(row.median_days_submitted_to_decided)))
    return Table("benchmark", _("Benchmark between the municipalities"),
                 (Column(_("Municipality"), "text"), Column(_("Courses ended"), "count"),
                  Column(_("Share ended early (%)"), "share"),
                  Column(_("Expected share (%)"), "share"),
                  Column(_("Difference (percentage points)"), "points"),
                  Column(_("Group (1 best, 5 last)"), "count"),
                  Column(_("Median days to decision"), "days")),
                 tuple(rows), frozenset(marked))


def _value(q: QuarterFigures, key: str) -> Value:
    cell = _quarter_cell(q, key)
    return Value(None, cell.mark) if isinstance(cell, Hidden) else Value(getattr(q, key))


def charts(rows: tuple[QuarterFigures, ...]) -> tuple[BarChart, ...]:
    """The three charts of the last eight quarters."""
    labels = tuple(quarter_label(q.quarter) for q in rows)
    note = _("The same figures are in the table below the charts. \"<5\" marks 1-4 courses, "
             "\"\N{EN DASH}\" a figure not shown.")
    return (
        BarChart("chart-courses", _("Courses started and ended per quarter"),
                 _("Bars per quarter: started solid, ended with diagonal lines, each with its "
                   "number above it.") + " " + note, labels,
                 (Series(_("Started"), tuple(_value(q, "started") for q in rows)),
                  Series(_("Ended"), tuple(_value(q, "ended") for q in rows)))),
        BarChart("chart-days", _("Median days from submission to decision per quarter"),
                 _("A bar per quarter with the median number of days above it.") + " " + note,
                 labels, (Series(_("Median days"), tuple(
                     _value(q, "median_days_submitted_to_decided") for q in rows)),),
                 decimals=1),
        BarChart("chart-money", _("Claims due and paid per quarter"),
                 _("Bars per quarter in thousands of kroner: due solid, paid with diagonal "
                   "lines, each with its amount above it.") + " " + note, labels,
                 (Series(_("Due"), tuple(_value(q, "due_amount") for q in rows)),
                  Series(_("Paid"), tuple(_value(q, "paid_amount") for q in rows))),
                 unit=_("Thousands of kroner"), scale=1000, decimals=1),
    )
