"""De minimis: the company bonus is de minimis aid, under the regime in
force on the claim's due date, read strictly from rules/de-minimis.toml (a
malformed file stops the app, naming file and field).

The employer declares the other de minimis aid received in the regime's
window, in EUR. `assess` adds the claim, converted at the rate in force on
the due date, and says whether the sum is above the ceiling: a warning for
the one who prepares the claim, never a refusal (the company answers for the
ceiling, and SIRI decides).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from igu_admin.domain.rule_parts import SURENESS
from igu_admin.domain.table_reader import RuleSetError, TableReader

# The three years the ceiling counts: the current and two previous fiscal
# years (1407/2013), or any three years back from the grant (2023/2831).
WINDOWS = ("fiscal_years", "rolling_years")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Regime:
    code: str
    title_da: str
    title_en: str
    effective_from: date
    ceiling_eur: Decimal
    window: str
    legal_reference: str
    sureness: str
    note: str | None = None

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" else self.title_da


@dataclass(frozen=True)
class ExchangeRate:
    effective_from: date
    dkk_per_eur: Decimal
    source: str
    sureness: str
    note: str | None = None


@dataclass(frozen=True)
class DeMinimisTable:
    regimes: tuple[Regime, ...]
    rates: tuple[ExchangeRate, ...]
    source: str

    def regime_on(self, day: date) -> Regime | None:
        """The regime in force on `day` (None before the first: the bonus was
        not de minimis aid then)."""
        found = [r for r in self.regimes if r.effective_from <= day]
        return max(found, key=lambda r: r.effective_from) if found else None

    def rate_on(self, day: date) -> ExchangeRate | None:
        found = [r for r in self.rates if r.effective_from <= day]
        return max(found, key=lambda r: r.effective_from) if found else None


@dataclass(frozen=True)
class Declaration:
    """What the employer declares: the other de minimis aid the company
    received in the regime's three years (EUR), who granted it, and that it
    declares it (`declared` must be true to count)."""

    other_aid_eur: Decimal
    grantors: tuple[str, ...]
    declared: bool


@dataclass(frozen=True)
class Assessment:
    """The figures of the check, for the message and the summary."""

    regime: Regime
    rate: ExchangeRate
    claim_dkk: Decimal
    claim_eur: Decimal
    other_aid_eur: Decimal
    total_eur: Decimal

    @property
    def exceeds(self) -> bool:
        return self.total_eur > self.regime.ceiling_eur

    @property
    def room_eur(self) -> Decimal:
        """What is left under the ceiling before this claim (negative when the
        other aid alone is above it)."""
        return self.regime.ceiling_eur - self.other_aid_eur


def to_eur(dkk: Decimal, rate: ExchangeRate) -> Decimal:
    return (dkk / rate.dkk_per_eur).quantize(CENT, rounding=ROUND_HALF_UP)


def assess(table: DeMinimisTable, claim_dkk: Decimal, due: date,
           other_aid_eur: Decimal) -> Assessment | None:
    """The check of a company claim due on `due` of `claim_dkk`, with the
    declared other aid; None when no regime (or no rate) applies on `due`."""
    regime, rate = table.regime_on(due), table.rate_on(due)
    if regime is None or rate is None:
        return None
    claim_eur = to_eur(claim_dkk, rate)
    return Assessment(regime, rate, claim_dkk, claim_eur, other_aid_eur,
                      claim_eur + other_aid_eur)


def parse_de_minimis(file: str, data: dict[str, object]) -> DeMinimisTable:
    top = TableReader(file, dict(data))
    regimes: list[Regime] = []
    for i, item in enumerate(top.get("regimes", list)):
        if not isinstance(item, dict):
            raise top.fail(f"regimes[{i}]", "expected a table")
        r = TableReader(file, item, f"regimes[{i}].", top.family)
        regime = Regime(
            code=r.text("code"), title_da=r.text("title_da"), title_en=r.text("title_en"),
            effective_from=r.day("effective_from"), ceiling_eur=r.amount("ceiling_eur"),
            window=r.choice("window", WINDOWS), legal_reference=r.text("legal_reference"),
            sureness=r.choice("sureness", SURENESS), note=r.optional_text("note"))
        if regime.ceiling_eur <= 0:
            raise r.fail("ceiling_eur", "must be above 0")
        if any(o.code == regime.code or o.effective_from == regime.effective_from
               for o in regimes):
            raise r.fail("code", "a regime's code and date must each be listed once")
        regimes.append(regime)
    rates: list[ExchangeRate] = []
    for i, item in enumerate(top.get("rates", list)):
        if not isinstance(item, dict):
            raise top.fail(f"rates[{i}]", "expected a table")
        r = TableReader(file, item, f"rates[{i}].", top.family)
        rate = ExchangeRate(
            effective_from=r.day("effective_from"), dkk_per_eur=r.amount("dkk_per_eur"),
            source=r.text("source"), sureness=r.choice("sureness", SURENESS),
            note=r.optional_text("note"))
        if rate.dkk_per_eur <= 0:
            raise r.fail("dkk_per_eur", "must be above 0")
        if any(o.effective_from == rate.effective_from for o in rates):
            raise r.fail("effective_from", "listed twice")
        rates.append(rate)
    if not regimes:
        raise top.fail("regimes", "must list at least one regime")
    first = min(r.effective_from for r in regimes)
    if not rates or min(r.effective_from for r in rates) > first:
        raise top.fail("rates", "a rate must be in force from the first regime's date")
    table = DeMinimisTable(tuple(regimes), tuple(rates), top.text("source"))
    top.reject_unknown_keys()
    return table


def load_de_minimis(path: Path) -> DeMinimisTable:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(f"{path.name}: not valid TOML: {exc}") from exc
    return parse_de_minimis(path.name, data)
