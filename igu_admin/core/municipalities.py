"""The 98 municipalities, shipped as data in igu_admin/data/municipalities.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from sqlalchemy import select

from igu_admin.core.unit_of_work import use_case
from igu_admin.extensions import db
from igu_admin.models import Municipality
from igu_admin.paths import DATA_DIR


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    name: str
    region: str


def read_municipality_file() -> list[MunicipalityRow]:
    with (DATA_DIR / "municipalities.csv").open(encoding="utf-8", newline="") as handle:
        return [MunicipalityRow(r["code"].zfill(3), r["name"], r["region"])
                for r in csv.DictReader(handle)]


@use_case
def sync_municipalities() -> int:
    """Insert or correct every municipality from the data file; returns the count."""
    rows = read_municipality_file()
    existing = {m.code: m for m in db.session.scalars(select(Municipality))}
    for row in rows:
        current = existing.get(row.code)
        if current is None:
            db.session.add(Municipality(code=row.code, name=row.name, region=row.region))
        else:
            current.name, current.region = row.name, row.region
    return len(rows)


def all_municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))
