"""The municipality's overview (/overview): its figures for a period, three
charts of the last eight quarters with their tables, the forecast of its
claims, and the benchmark between the municipalities; each table also as a
CSV file (/overview/<table>.csv, with the same query).

Caseworkers and finance officers see their own municipality (another one
asked for in the address is not found: the service says so); administrators
choose one, or all. Employers are refused by the area's policy. No person is
named anywhere: these are aggregates, and a count of 1-4 is shown as "<5".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from flask import abort, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from forms.overview import OverviewForm
from igu_admin.core import clock
from igu_admin.core.municipalities import all_municipalities
from igu_admin.documents import overview_charts, overview_tables
from igu_admin.documents.overview_tables import Table
from igu_admin.domain.overview import Benchmark, Overview, QuarterFigures
from igu_admin.domain.overview_periods import default_period, period_choices
from igu_admin.models import Role
from igu_admin.services import overview as overview_service
from igu_admin.web.downloads import attachment
from igu_admin.web.pages.overview import tables
from igu_admin.web.pages.overview.blueprint import bp
from igu_admin.wording import overview as wording

ALL = "all"


@dataclass(frozen=True)
class Asked:
    """What the address asks for, once read and checked."""

    municipality: str
    from_: date
    to: date


def _form() -> tuple[OverviewForm, Asked | None]:
    """The form read from the address; the period and municipality asked
    for, or None while a field is wrong (each says why)."""
    args = request.args.to_dict()
    if not args.get("from") and not args.get("to"):
        period = default_period(clock.today())
        args |= {"from": period.from_.strftime("%d.%m.%Y"), "to": period.to.strftime("%d.%m.%Y")}
    form = OverviewForm(formdata=MultiDict(args))
    if current_user.role == Role.ADMIN:
        form.municipality.choices = [(ALL, wording.instance_name())] + [
            (m.code, m.name) for m in overview_service.municipalities_for(current_user)]
        if not args.get("municipality"):
            form.municipality.data = ALL
        code = form.municipality.data or ALL
    else:
        del form.municipality
        # Another municipality asked for in the address: the service answers
        # "not found", as everywhere across the tenancy.
        code = args.get("municipality") or current_user.municipality_code or ""
    if not form.validate() or form.from_.data is None or form.to.data is None:
        return form, None
    return form, Asked(code, form.from_.data, form.to.data)


class Found:
    """The figures asked for, each read when first needed (a CSV file needs
    one of them)."""

    def __init__(self, asked: Asked) -> None:
        self.asked = asked

    @cached_property
    def overview(self) -> Overview:
        asked = self.asked
        return overview_service.overview(current_user, asked.municipality, asked.from_,
                                         asked.to)

    @cached_property
    def benchmark(self) -> Benchmark:
        return overview_service.benchmark(current_user, self.asked.from_, self.asked.to)

    @cached_property
    def quarters(self) -> tuple[QuarterFigures, ...]:
        return overview_service.quarters(current_user, self.asked.municipality, self.asked.to,
                                         period=(self.asked.from_, self.asked.to))


def _names() -> dict[str, str]:
    return {m.code: m.name for m in all_municipalities()}


def _own(asked: Asked) -> str | None:
    """The row the benchmark marks: the municipality shown."""
    return None if asked.municipality == ALL else asked.municipality


# In the page's order; the first reads the overview, which refuses a
# municipality outside the user's (404) before anything else is read.
TABLES: dict[str, Callable[[Found, Asked], Table]] = {
    "figures": lambda found, _asked: tables.figures(found.overview),
    "target-groups": lambda found, _asked: tables.target_groups(found.overview),
    "age-bands": lambda found, _asked: tables.age_bands(found.overview),
    "sexes": lambda found, _asked: tables.sexes(found.overview),
    "claims": lambda found, _asked: tables.claims(found.overview),
    "forecast": lambda found, _asked: tables.forecast(found.overview),
    "quarters": lambda found, _asked: tables.quarters(found.quarters),
    "benchmark": lambda found, asked: tables.benchmark(found.benchmark, _names(), _own(asked)),
}


def _query(asked: Asked) -> dict[str, str]:
    """The query that gives the same page (and the CSV files)."""
    query = {"from": asked.from_.isoformat(), "to": asked.to.isoformat()}
    if current_user.role == Role.ADMIN:
        query["municipality"] = asked.municipality
    return query


@dataclass(frozen=True)
class PeriodLink:
    key: str
    label: str
    url: str


def _period_links(form: OverviewForm) -> list[PeriodLink]:
    """The periods offered beside the fields: the year so far, last year and
    the last four quarters (for an administrator, of the municipality chosen)."""
    keep: dict[str, Any] = {}
    if current_user.role == Role.ADMIN and form.municipality.data:
        keep["municipality"] = form.municipality.data
    links = []
    for choice in period_choices(clock.today()):
        if choice.key == "year":
            label = _("This year so far")
        elif choice.key == "last-year":
            label = _("Last year (%(year)s)", year=choice.from_.year)
        else:
            label = tables.quarter_label(choice.key)
        query = keep | {"from": choice.from_.isoformat(), "to": choice.to.isoformat()}
        links.append(PeriodLink(choice.key, label, url_for("overview.page", **query)))
    return links


@bp.route("/overview")
def page() -> str:
    form, asked = _form()
    context: dict[str, Any] = {"filter_form": form, "form": form if form.errors else None,
                               "period_links": _period_links(form),
                               "is_admin": current_user.role == Role.ADMIN}
    if asked is not None:
        found = Found(asked)
        locale = str(get_locale())
        built = {name: build(found, asked) for name, build in TABLES.items()}
        share = found.overview.forecast.early_end_share_used
        context |= {
            "asked": asked, "found": found, "tables": built, "query": _query(asked),
            "locale": locale,
            "shown": lambda table: overview_tables.cells_shown(table, locale),
            "charts": [(chart.title, overview_charts.bar_chart(chart, locale))
                       for chart in tables.charts(found.quarters)],
            "instance_days": overview_tables.shown(
                found.benchmark.instance_median_days_submitted_to_decided, "days", locale),
            "forecast_method": wording.forecast_method(found.overview.forecast.basis, share),
            "municipality_name": wording.instance_name() if asked.municipality == ALL
            else _names().get(asked.municipality, asked.municipality),
        }
    return render_template("overview/overview.html", **context)


@bp.route("/overview/<name>.csv")
def table_csv(name: str) -> Response:
    if name not in TABLES:
        abort(404)
    _form_read, asked = _form()
    if asked is None:
        # A period typed wrong: the page says why, at the field.
        abort(400)
    table = TABLES[name](Found(asked), asked)
    return attachment(overview_tables.csv_bytes(table), "text/csv; charset=utf-8",
                      overview_tables.csv_filename(table, asked.municipality, asked.from_,
                                                   asked.to))
