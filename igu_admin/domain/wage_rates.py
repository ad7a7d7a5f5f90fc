"""The wage-rate table: EGU or apprentice (elev) rates of common collective
agreements, each with its source and validity, read strictly from
rules/wage-rates.toml (a malformed file stops the app, naming file and field).

The IGU wage is the EGU rate of the company's collective agreement, or where
it has none its apprentice rates for year 1 and year 2. The table fills in
the rates when an employer picks an agreement, but only a rate current on
the start date: an expired rate, or one whose source states no period, is
never filled in, and the employer is asked for the agreed rate. A manual
rate is always allowed (the rules warn when it is below the table's).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from igu_admin.domain.table_reader import RuleSetError, TableReader

WAGE_BASES = ("hourly", "monthly")
# The code that stands for an agreement the table does not hold.
OTHER_AGREEMENT = "other"


@dataclass(frozen=True)
class WageRate:
    code: str
    title_da: str
    title_en: str
    basis: str
    year1: Decimal
    year2: Decimal
    valid_from: date | None
    valid_to: date | None
    source: str
    note: str | None = None

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" else self.title_da

    def rate(self, year: int) -> Decimal:
        return self.year1 if year == 1 else self.year2

    def expired_on(self, day: date) -> bool:
        return self.valid_to is not None and self.valid_to < day

    def current_on(self, day: date) -> bool:
        """Whether the source says the rate applies on `day`: a rate whose
        source states no end is never taken for current (it is not known to
        be), so it is never filled in; the employer types the agreed rate."""
        return (self.valid_to is not None and day <= self.valid_to
                and (self.valid_from is None or self.valid_from <= day))


@dataclass(frozen=True)
class WageTable:
    rates: tuple[WageRate, ...]
    # A wage above this many times the reference rate is taken for a typing mistake.
    absurd_factor: Decimal
    source: str

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(rate.code for rate in self.rates)

    def get(self, code: str | None) -> WageRate | None:
        return next((rate for rate in self.rates if rate.code == code), None)

    def current(self, code: str | None, day: date) -> WageRate | None:
        """The agreement's rate if it is current on `day` (WageRate.current_on)."""
        rate = self.get(code)
        return rate if rate is not None and rate.current_on(day) else None

    def highest(self, basis: str, year: int) -> Decimal | None:
        """The highest rate of that basis in the table, for a sanity limit
        where no agreement of the same basis is chosen."""
        found = [rate.rate(year) for rate in self.rates if rate.basis == basis]
        return max(found) if found else None


def parse_wage_table(file: str, data: dict[str, object]) -> WageTable:
    top = TableReader(file, dict(data))
    factor = top.amount("absurd_factor")
    if factor <= 1:
        raise top.fail("absurd_factor", "must be above 1")
    rates: list[WageRate] = []
    items = top.get("rates", list)
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise top.fail(f"rates[{i}]", "expected a table")
        r = TableReader(file, item, f"rates[{i}].", top.family)
        code = r.text("code")
        if code == OTHER_AGREEMENT or any(other.code == code for other in rates):
            raise r.fail("code", f"{code!r} is reserved or listed twice")
        rate = WageRate(
            code=code, title_da=r.text("title_da"), title_en=r.text("title_en"),
            basis=r.choice("basis", WAGE_BASES), year1=r.amount("year1"), year2=r.amount("year2"),
            valid_from=r.optional_day("valid_from"), valid_to=r.optional_day("valid_to"),
            source=r.text("source"), note=r.optional_text("note"))
        if rate.year1 <= 0 or rate.year2 <= 0:
            raise r.fail("year1", "rates must be above 0")
        if rate.valid_from and rate.valid_to and rate.valid_to < rate.valid_from:
            raise r.fail("valid_to", "is before valid_from")
        rates.append(rate)
    if not rates:
        raise top.fail("rates", "must list at least one rate")
    table = WageTable(tuple(rates), factor, top.text("source"))
    top.reject_unknown_keys()
    return table


def load_wage_table(path: Path) -> WageTable:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(f"{path.name}: not valid TOML: {exc}") from exc
    return parse_wage_table(path.name, data)
