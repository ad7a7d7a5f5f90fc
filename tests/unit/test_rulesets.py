import re
import tomllib
from datetime import date, datetime
from pathlib import Path

import pytest

from igu_admin.domain.rulesets import (
    BY_START_DATE,
    RuleSetError,
    load_catalogue,
    load_file,
    parse_ruleset,
)
from igu_admin.paths import RULES_DIR

CATALOGUE = load_catalogue(RULES_DIR)


def test_the_three_versions_of_the_act_ship_as_data() -> None:
    assert CATALOGUE.codes == ("igu-2016", "igu-2021", "igu-2024")
    assert CATALOGUE.modes[-1] == BY_START_DATE


@pytest.mark.parametrize(("code", "age_max", "residence", "weeks", "groups"), [
    ("igu-2016", 40, 5, 20, {"refugee", "family_reunified_to_refugee"}),
    ("igu-2021", 40, 10, 23, {"refugee", "family_reunified_to_refugee", "ukraine_special_act",
                              "afghan_special_act"}),
    ("igu-2024", 50, 20, 23, {"refugee", "family_reunified_to_refugee", "family_reunified",
                              "ukraine_special_act", "afghan_special_act"}),
])
def test_rule_values_match_the_domain_brief(code: str, age_max: int, residence: int, weeks: int,
                                            groups: set[str]) -> None:
    rs = CATALOGUE.get(code)
    assert rs.age.min_years == 18
    assert rs.age.max_years_exclusive == age_max
    assert rs.residence.max_years == residence
    assert rs.schooling.weeks == weeks
    assert rs.schooling.hours_per_week == 37
    assert rs.target_group.eligible == groups
    assert [c.code for c in rs.claims] == ["company_bonus_6_months", "company_bonus_completion",
                                           "municipality_result_grant"]


@pytest.mark.parametrize(("start", "expected"), [
    (date(2016, 6, 30), None), (date(2016, 7, 1), "igu-2016"), (date(2021, 4, 30), "igu-2016"),
    (date(2021, 5, 1), "igu-2021"), (date(2023, 12, 31), "igu-2021"),
    (date(2024, 1, 1), "igu-2024"), (date(2027, 12, 31), "igu-2024"), (date(2028, 1, 1), None),
])
def test_by_start_date_picks_the_set_in_force(start: date, expected: str | None) -> None:
    selection = CATALOGUE.select(BY_START_DATE, start)
    assert selection.in_window is (expected is not None)
    if expected:
        assert selection.ruleset.code == expected


def test_a_fixed_set_applies_to_any_start_date() -> None:
    selection = CATALOGUE.select("igu-2016", date(2030, 1, 1))
    assert selection.ruleset.code == "igu-2016"
    assert selection.in_window is None


def _data() -> dict:
    return tomllib.loads((RULES_DIR / "igu-2016.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda d: d["age"].pop("min_years"), "age.min_years"),
    (lambda d: d["age"].update(max_years_exclusive="forty"), "age.max_years_exclusive"),
    (lambda d: d["age"].update(max_years_exclusive=10), "age.max_years_exclusive"),
    (lambda d: d["target_group"].update(eligible=["refugee", "tourist"]), "target_group.eligible"),
    (lambda d: d["window"].update(applies_from="soon"), "window.applies_from"),
    (lambda d: d["claims"][0]["rates"][0].update(amount="lots"), "claims[0].rates[0].amount"),
    (lambda d: d["claims"][1].update(beneficiary="state"), "claims[1].beneficiary"),
    (lambda d: d.pop("residence"), "residence"),
    (lambda d: d["window"].update(applies_from=datetime(2016, 7, 1)), "window.applies_from"),
    (lambda d: d["claims"][0]["rates"][0].update(amount="NaN"), "claims[0].rates[0].amount"),
    (lambda d: d["claims"][0]["rates"][0].update(amount="Infinity"),
     "claims[0].rates[0].amount"),
    # Claim types and their rates.
    (lambda d: d["claims"][0].update(amount="20000.00"), "claims[0].amount"),  # now a rate's
    (lambda d: d["claims"][1].update(months=24), "claims[1].months"),
    (lambda d: d["claims"][0].pop("months"), "claims[0].months"),
    (lambda d: d["claims"][0].update(months=0), "claims[0].months"),
    (lambda d: d["claims"][1].update(deadline_months_after=0), "claims[1].deadline_months_after"),
    (lambda d: d["claims"][0].update(evidence=["payslips"]), "claims[0].evidence"),
    (lambda d: d["claims"][0].update(evidence=["employment_period", "employment_period"]),
     "claims[0].evidence"),
    (lambda d: d["claims"][0].update(enabled="yes"), "claims[0].enabled"),
    (lambda d: d["claims"][1].update(code="company_bonus_6_months"), "claims[1].code"),
    (lambda d: d["claims"][0].pop("rates"), "claims[0].rates"),
    (lambda d: d["claims"][0].update(rates=[]), "claims[0].rates"),
    (lambda d: d["claims"][0]["rates"][0].pop("sureness"), "claims[0].rates[0].sureness"),
    (lambda d: d["claims"][0]["rates"][0].pop("valid_from"), "claims[0].rates[0].valid_from"),
    (lambda d: d["claims"][0]["rates"][0].update(until=date(2030, 1, 1)),
     "claims[0].rates[0].until"),
    (lambda d: d["claims"][2]["rates"][2].update(valid_from=date(2017, 1, 1)),
     "claims[2].rates[2].valid_from"),
    (lambda d: d["claims"][2]["rates"][1].update(programme_years=[3, 5]),
     "claims[2].rates[1].programme_years"),
    (lambda d: d["claims"][2]["rates"][1].update(programme_years=[5, 4]),
     "claims[2].rates[1].programme_years"),
    (lambda d: d["claims"][2]["rates"][1].update(programme_years=[0, 3]),
     "claims[2].rates[1].programme_years"),
    (lambda d: d["claims"][2]["rates"][1].pop("programme_years"),
     "claims[2].rates[1].programme_years"),
    (lambda d: d["claims"][2].pop("programme_year_day"), "claims[2].programme_year_day"),
    (lambda d: d["claims"][2].update(programme_year_day="payday"),
     "claims[2].programme_year_day"),
    (lambda d: d["claims"][0].update(programme_year_day="due_date"),
     "claims[0].programme_year_day"),
    (lambda d: d["claims"][2]["sources"].update(amount={"legal_reference": "x",
                                                        "sureness": "guidance"}),
     "claims[2].sources.amount"),
    (lambda d: d["age"].update(max_years=45), "age.max_years"),  # unknown (misspelt) key
    # Every criterion, claim type and extension rule names its legal source.
    (lambda d: d["age"].pop("legal_reference"), "age.legal_reference"),
    (lambda d: d["previous_igu"].pop("legal_reference"), "previous_igu.legal_reference"),
    (lambda d: d["claims"][0].pop("legal_reference"), "claims[0].legal_reference"),
    (lambda d: d["extension"]["grounds"][1].pop("legal_reference"),
     "extension.grounds[1].legal_reference"),
    (lambda d: d["extension"].pop("legal_reference"), "extension.legal_reference"),
    (lambda d: d["recent_employment"]["changes"][0].pop("legal_reference"),
     "recent_employment.changes[0].legal_reference"),
    (lambda d: d["previous_igu"].pop("sureness"), "previous_igu.sureness"),
    (lambda d: d["age"].update(sureness="probably"), "age.sureness"),
    (lambda d: d["course"]["sources"]["guidance_min_weekly_hours"].update(sureness="sure"),
     "course.sources.guidance_min_weekly_hours.sureness"),
    # The strictness holds for the new tables too.
    (lambda d: d["recent_employment"]["changes"][0].update(colour="red"),
     "recent_employment.changes[0].colour"),
    (lambda d: d["course"]["sources"]["guidance_min_weekly_hours"].update(verified=False),
     "course.sources.guidance_min_weekly_hours.verified"),
    (lambda d: d["course"]["sources"].update(hours={"legal_reference": "x", "sureness": "guidance"}),
     "course.sources.hours"),
    (lambda d: d["age"].update(effective_from=date(2020, 1, 1)), "age.effective_from"),
    (lambda d: d["extension"].pop("date_sureness"), "extension.date_sureness"),
    (lambda d: d["extension"]["grounds"].append(dict(d["extension"]["grounds"][0])),
     "extension.grounds[3].code"),
    (lambda d: d["extension"]["grounds"][0].update(code="holiday"), "extension.grounds[0].code"),
    (lambda d: d["target_group"].update(dated={"ukraine_special_act": {}}),
     "target_group.dated.ukraine_special_act"),
    (lambda d: d["recent_employment"].update(months=3), "recent_employment.months"),
    (lambda d: d["target_group"].update(changes=[{
        "effective_from": date(2020, 1, 1), "date_sureness": "verified", "sureness": "verified",
        "legal_reference": "x", "dated": {}}]), "target_group.changes[0].dated"),
    (lambda d: d["recent_employment"]["changes"][0].pop("months"),
     "recent_employment.changes[0].months"),
    (lambda d: d["recent_employment"]["changes"].append(
        {**d["recent_employment"]["changes"][0], "effective_from": date(2018, 1, 1)}),
     "recent_employment.changes[1].effective_from"),
    (lambda d: d["recent_employment"]["changes"][0].pop("date_sureness"),
     "recent_employment.changes[0].date_sureness"),
])
def test_a_malformed_rule_file_names_the_file_and_the_field(mutate, field: str) -> None:
    data = _data()
    mutate(data)
    with pytest.raises(RuleSetError) as exc:
        parse_ruleset("igu-2016.toml", data)
    assert str(exc.value).startswith(f"igu-2016.toml: field '{field}'")


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "igu-2099.toml"
    bad.write_text("code = \n")
    with pytest.raises(RuleSetError, match=r"igu-2099\.toml"):
        load_file(bad)


def test_overlapping_windows_are_refused() -> None:
    from dataclasses import replace

    from igu_admin.domain.rulesets import RuleCatalogue

    first, second = CATALOGUE.get("igu-2016"), CATALOGUE.get("igu-2021")
    overlapping = replace(first, window=replace(first.window, applies_to=date(2021, 5, 1)))
    with pytest.raises(RuleSetError, match=re.escape("igu-2016.toml: field 'window.applies_to'")):
        RuleCatalogue([overlapping, second])
