"""De minimis (issue 19): the regime by the claim's due date, the claim in
EUR at the shipped rate, and the ceiling crossed or not. The ceilings and the
rate are read from the shipped file, so the tests follow a corrected value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from igu_admin.domain.de_minimis import assess, load_de_minimis, parse_de_minimis, to_eur
from igu_admin.domain.table_reader import RuleSetError
from igu_admin.paths import DE_MINIMIS_FILE, RULES_DIR

TABLE = load_de_minimis(RULES_DIR / DE_MINIMIS_FILE)


def test_the_shipped_regimes_have_their_dates_ceilings_and_windows() -> None:
    by_code = {r.code: r for r in TABLE.regimes}
    assert by_code["1407/2013"].effective_from == date(2023, 6, 1)
    assert by_code["1407/2013"].ceiling_eur == Decimal("200000")
    assert by_code["1407/2013"].window == "fiscal_years"
    assert by_code["2023/2831"].effective_from == date(2024, 1, 1)
    assert by_code["2023/2831"].ceiling_eur == Decimal("300000")
    assert by_code["2023/2831"].window == "rolling_years"
    # The rate was not looked up: the file says so.
    assert all(rate.sureness == "unverified" and rate.note for rate in TABLE.rates)


@pytest.mark.parametrize(("due", "regime"), [
    (date(2023, 5, 31), None),
    (date(2023, 6, 1), "1407/2013"),
    (date(2023, 12, 31), "1407/2013"),
    (date(2024, 1, 1), "2023/2831"),
    (date(2026, 12, 7), "2023/2831"),
])
def test_the_regime_follows_the_due_date(due: date, regime: str | None) -> None:
    found = TABLE.regime_on(due)
    assert (found.code if found else None) == regime
    assessed = assess(TABLE, Decimal("20000.00"), due, Decimal("0"))
    assert (assessed.regime.code if assessed else None) == regime


@pytest.mark.parametrize("due", [date(2023, 12, 31), date(2024, 1, 1)])
def test_just_under_and_just_over_the_ceiling(due: date) -> None:
    claim = Decimal("20000.00")
    regime, rate = TABLE.regime_on(due), TABLE.rate_on(due)
    assert regime is not None and rate is not None
    room = regime.ceiling_eur - to_eur(claim, rate)
    at_ceiling = assess(TABLE, claim, due, room)
    assert at_ceiling is not None and at_ceiling.total_eur == regime.ceiling_eur
    assert not at_ceiling.exceeds
    over = assess(TABLE, claim, due, room + Decimal("0.01"))
    assert over is not None and over.exceeds
    assert over.room_eur == regime.ceiling_eur - room - Decimal("0.01")


def test_the_same_other_aid_crosses_the_old_ceiling_but_not_the_new() -> None:
    other = Decimal("199000.00")
    before = assess(TABLE, Decimal("20000.00"), date(2023, 12, 31), other)
    after = assess(TABLE, Decimal("20000.00"), date(2024, 1, 1), other)
    assert before is not None and before.exceeds
    assert after is not None and not after.exceeds


def test_the_claim_is_converted_at_the_rate_and_rounded_to_cents() -> None:
    rate = TABLE.rate_on(date(2024, 6, 1))
    assert rate is not None
    assert to_eur(Decimal("20000.00"), rate) == (Decimal("20000.00") / rate.dkk_per_eur
                                                 ).quantize(Decimal("0.01"))


def _file(**changes: object) -> dict[str, object]:
    regime: dict[str, object] = {
        "code": "x", "title_da": "X", "title_en": "X", "effective_from": date(2024, 1, 1),
        "ceiling_eur": "300000", "window": "rolling_years", "legal_reference": "X",
        "sureness": "guidance"}
    rate: dict[str, object] = {"effective_from": date(2024, 1, 1), "dkk_per_eur": "7.46",
                               "source": "X", "sureness": "unverified"}
    regime.update({k[7:]: v for k, v in changes.items() if k.startswith("regime_")})
    rate.update({k[5:]: v for k, v in changes.items() if k.startswith("rate_")})
    return {"source": "X", "regimes": [regime], "rates": [rate]}


@pytest.mark.parametrize(("changes", "field"), [
    ({"regime_window": "calendar"}, "regimes[0].window"),
    ({"regime_ceiling_eur": "0"}, "regimes[0].ceiling_eur"),
    ({"regime_sureness": "sure"}, "regimes[0].sureness"),
    ({"regime_ceilng": "1"}, "regimes[0].ceilng"),
    ({"rate_dkk_per_eur": "-1"}, "rates[0].dkk_per_eur"),
    ({"rate_effective_from": date(2024, 2, 1)}, "'rates'"),
])
def test_a_malformed_file_names_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(RuleSetError, match=field.replace("[", r"\[").replace("]", r"\]")):
        parse_de_minimis("de-minimis.toml", _file(**changes))
