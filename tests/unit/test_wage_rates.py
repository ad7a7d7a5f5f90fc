"""The wage-rate table is data, read strictly: a mistake stops the app with
the file and the field named."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from igu_admin.domain.table_reader import RuleSetError
from igu_admin.domain.wage_rates import load_wage_table, parse_wage_table
from igu_admin.paths import RULES_DIR, WAGE_RATES_FILE

SHIPPED = RULES_DIR / WAGE_RATES_FILE


def test_the_shipped_table_holds_the_domain_files_examples_with_source_and_validity() -> None:
    table = load_wage_table(SHIPPED)
    retail, industry = table.get("hk-detail"), table.get("di-industri")
    assert retail is not None and industry is not None
    assert (retail.basis, retail.year1, retail.year2) == ("monthly", Decimal("12132.00"),
                                                          Decimal("13429.00"))
    assert retail.valid_to == date(2022, 3, 31)
    assert (industry.basis, industry.year1, industry.year2) == ("hourly", Decimal("72.50"),
                                                                Decimal("82.25"))
    assert all(rate.source and "cabiweb.dk" in rate.source for rate in table.rates)
    assert table.absurd_factor == 10


def shipped() -> dict[str, Any]:
    return tomllib.loads(SHIPPED.read_text(encoding="utf-8"))


def first_rate(**changes: Any) -> dict[str, Any]:
    data = shipped()
    data["rates"][0].update(changes)
    return data


@pytest.mark.parametrize(("data", "field"), [
    ({**shipped(), "colour": "red"}, "colour"),
    (first_rate(colour="red"), "rates[0].colour"),
    (first_rate(basis="weekly"), "rates[0].basis"),
    (first_rate(year1="-1.00"), "rates[0].year1"),
    (first_rate(year1="0"), "rates[0].year1"),
    (first_rate(year2=13429), "rates[0].year2"),
    (first_rate(code="other"), "rates[0].code"),
    (first_rate(code="di-industri"), "rates[1].code"),
    (first_rate(valid_from=date(2023, 1, 1)), "rates[0].valid_to"),
    (first_rate(source=""), "rates[0].source"),
    ({**shipped(), "absurd_factor": "1"}, "absurd_factor"),
    ({**shipped(), "rates": []}, "rates"),
    ({k: v for k, v in shipped().items() if k != "source"}, "source"),
])
def test_a_mistake_in_the_table_names_its_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(RuleSetError, match=re.escape(f"wage-rates.toml: field '{field}'")):
        parse_wage_table("wage-rates.toml", data)


def test_a_file_that_is_not_toml_is_refused(tmp_path) -> None:
    broken = tmp_path / "wage-rates.toml"
    broken.write_text("rates = [", encoding="utf-8")
    with pytest.raises(RuleSetError, match="not valid TOML"):
        load_wage_table(broken)


def test_only_a_rate_whose_source_states_a_period_holding_the_day_is_current() -> None:
    table = load_wage_table(SHIPPED)
    retail, industry = table.get("hk-detail"), table.get("di-industri")
    assert retail is not None and industry is not None
    # Past its validity: not current, though it once was.
    assert retail.current_on(date(2022, 3, 31)) and not retail.current_on(date(2022, 4, 1))
    # The source states no period: never taken for current, so never filled in.
    assert industry.valid_to is None and not industry.current_on(date(2027, 1, 4))
    assert table.current("di-industri", date(2027, 1, 4)) is None
    assert table.current("hk-detail", date(2022, 3, 1)) is retail


def test_a_rate_is_not_current_before_its_valid_from() -> None:
    data = shipped()
    data["rates"][0].update(valid_from=date(2026, 3, 1), valid_to=date(2028, 2, 29))
    rate = parse_wage_table("wage-rates.toml", data).get("hk-detail")
    assert rate is not None
    assert not rate.current_on(date(2026, 2, 28))
    assert rate.current_on(date(2026, 3, 1)) and rate.current_on(date(2028, 2, 29))
    assert not rate.current_on(date(2028, 3, 1))
