"""The municipality's overview (its figures over a period, and per quarter)
and the benchmark between municipalities: aggregates only, counts from 1
to 4 never shown (domain.overview)."""

from igu_admin.services.overview import figures, sexes
from igu_admin.services.overview.figures import (
    benchmark,
    municipalities_for,
    municipality_named,
    overview,
    quarters,
)
from igu_admin.services.overview.sexes import backfill_sex

__all__ = [
    "backfill_sex",
    "benchmark",
    "figures",
    "municipalities_for",
    "municipality_named",
    "overview",
    "quarters",
    "sexes",
]
