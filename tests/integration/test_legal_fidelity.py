"""Dated rules, notices and sources at every door: API, CLI and page."""

import json
from html import unescape

import pytest

from tests.conftest import csrf_token

URL = "/api/v1/eligibility"
MODES = ["igu-2016", "igu-2021", "igu-2024", "by-start-date"]
ADMITS_SPECIAL_ACTS = {"igu-2016": False, "igu-2021": True, "igu-2024": True,
                       "by-start-date": True}
# (group, day before, first day, the date as the English and Danish answers name it)
SPECIAL_ACTS = [
    ("ukraine_special_act", "2022-03-16", "2022-03-17", "17 March 2022", "17. marts 2022"),
    ("afghan_special_act", "2022-06-30", "2022-07-01", "1 July 2022", "1. juli 2022"),
]


def person(start: str, **changes) -> dict:
    return {"start_date": start, "birth_date": "1995-06-01", "registered_since": "2018-01-10",
            "target_group": "refugee", **changes}


def api(client, body: dict, lang: str = "en") -> dict:
    response = client.post(URL, json=body, headers={"Accept-Language": lang})
    assert response.status_code == 200
    return response.get_json()


def criterion(body: dict, code: str) -> dict:
    return next(c for c in body["criteria"] if c["code"] == code)


def cli(app, body: dict, *extra: str):
    args = ["eligibility", "check", "--start-date", body["start_date"], "--birth-date",
            body["birth_date"], "--registered-since", body["registered_since"],
            "--target-group", body["target_group"], "--ruleset", body["ruleset"], *extra]
    if body.get("recent_ordinary_employment"):
        args.append("--recent-ordinary-employment")
    return app.test_cli_runner().invoke(args=args)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("group", "before", "first", "en_date", "da_date"), SPECIAL_ACTS)
def test_the_special_act_groups_follow_their_dates_in_the_api_and_the_cli(
        app, client, mode: str, group: str, before: str, first: str, en_date: str,
        da_date: str) -> None:
    refused = api(client, person(before, target_group=group, ruleset=mode))
    admitted = api(client, person(first, target_group=group, ruleset=mode))
    assert criterion(refused, "target_group")["passed"] is False
    assert criterion(admitted, "target_group")["passed"] is ADMITS_SPECIAL_ACTS[mode]
    if ADMITS_SPECIAL_ACTS[mode]:
        assert en_date in criterion(refused, "target_group")["message"]
        assert en_date in criterion(admitted, "target_group")["message"]
        danish = api(client, person(before, target_group=group, ruleset=mode), lang="da")
        assert da_date in criterion(danish, "target_group")["message"]
    for body, answer in ((person(before, target_group=group, ruleset=mode), refused),
                         (person(first, target_group=group, ruleset=mode), admitted)):
        result = cli(app, body, "--json", "--lang", "en")
        assert json.loads(result.output) == answer
        assert result.exit_code == (0 if answer["eligible"] else 1)


@pytest.mark.parametrize("mode", MODES)
def test_the_3_month_rule_follows_its_date_in_the_api_and_the_cli(app, client,
                                                                  mode: str) -> None:
    before = person("2019-06-30", ruleset=mode, recent_ordinary_employment=True)
    first = person("2019-07-01", ruleset=mode, recent_ordinary_employment=True)
    old_rule, new_rule = criterion(api(client, before), "recent_employment"), criterion(
        api(client, first), "recent_employment")
    assert old_rule["passed"] is new_rule["passed"] is False
    assert "direct continuation" in old_rule["message"]
    assert "1 July 2019" in old_rule["message"]
    assert "oprindelig affattelse" in old_rule["legal_reference"]
    assert "3 months before the start" in new_rule["message"]
    assert "1 July 2019" in new_rule["message"]
    assert "L 217 2018-19" in new_rule["legal_reference"]
    danish = criterion(api(client, before, lang="da"), "recent_employment")["message"]
    assert "1. juli 2019" in danish and "direkte forlængelse" in danish
    human = cli(app, before, "--lang", "en")
    assert human.exit_code == 1
    assert "[FAIL] recent_employment" in human.output and "1 July 2019" in human.output
    for body in (before, first):
        assert json.loads(cli(app, body, "--json", "--lang", "en").output) == api(client, body)


def test_the_answer_always_has_notices_and_keeps_its_other_keys(app, client) -> None:
    # 2022: the 2021 act, which has no notice.
    body = api(client, person("2022-03-03"))
    assert set(body) == {"eligible", "ruleset", "criteria", "notices", "in_force_on_start"}
    assert body["notices"] == []
    for c in body["criteria"]:
        assert set(c) == {"code", "passed", "value", "message", "legal_reference", "sureness",
                          "note"}


def test_the_2024_rules_show_the_yearly_cap_as_information(app, client) -> None:
    body = api(client, person("2025-03-03", ruleset="igu-2024"))
    assert body["eligible"] is True
    [cap] = body["notices"]
    assert cap["code"] == "yearly_cap"
    assert "1,500" in cap["message"] and "3 months" in cap["message"]
    assert cap["legal_reference"].startswith("IGU-loven § 3, stk. 3-4")
    assert "1.500" in api(client, person("2025-03-03", ruleset="igu-2024"),
                          lang="da")["notices"][0]["message"]
    # Named for a start before its window: no cap then, only the window said.
    assert [n["code"] for n in api(client, person("2023-03-03", ruleset="igu-2024"))[
        "notices"]] == ["outside_window"]
    human = cli(app, person("2025-03-03", ruleset="igu-2024"), "--lang", "en")
    assert human.exit_code == 0
    assert "[info] yearly_cap:" in human.output


def test_the_openapi_document_describes_the_notices(app, client) -> None:
    from openapi_spec_validator import validate

    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assessment = document["components"]["schemas"]["Assessment"]
    assert "notices" in assessment["required"]
    notice = assessment["properties"]["notices"]["items"]["$ref"].rsplit("/", 1)[-1]
    assert document["components"]["schemas"][notice]["required"] == [
        "code", "message", "legal_reference", "sureness", "note"]


PAGE_FORM = {"start_date": "03.03.2025", "birth_date": "01.06.1995", "cpr": "",
             "registered_since": "10.01.2022", "target_group": "refugee", "previous_igu": "no",
             "recent_ordinary_employment": "no"}


def submit(client, data: dict, lang: str = "en") -> str:
    token = csrf_token(client, "/eligibility")
    response = client.post("/eligibility", data={**data, "csrf_token": token},
                           headers={"Accept-Language": lang})
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def test_the_page_names_the_date_of_a_special_act_group(app, client, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "IGU_RULESET", "by-start-date")
    html = submit(client, {**PAGE_FORM, "start_date": "16.03.2022",
                           "registered_since": "01.03.2022",
                           "target_group": "ukraine_special_act"})
    assert "No, the person cannot start an IGU" in html
    assert "only for courses starting on or after 17 March 2022" in html
    html = submit(client, {**PAGE_FORM, "start_date": "17.03.2022",
                           "registered_since": "01.03.2022",
                           "target_group": "ukraine_special_act"})
    assert "Yes, the person can start an IGU" in html


def test_the_page_shows_the_cap_and_marks_guidance(app, client, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "IGU_RULESET", "igu-2024")
    html = submit(client, PAGE_FORM)
    assert 'data-notice="yearly_cap"' in html
    assert "IGU-loven § 3, stk. 3-4" in html
    # The one-IGU rule is guidance, and the page says so beside the reference.
    assert "(guidance, not a section of the act)" in html
    monkeypatch.setitem(app.config, "IGU_RULESET", "igu-2016")
    assert 'data-notice="yearly_cap"' not in submit(client, PAGE_FORM)


def test_the_form_explains_the_earlier_employment_rule(app, client) -> None:
    html = unescape(client.get("/eligibility", headers={"Accept-Language": "en"})
                    .get_data(as_text=True))
    assert "in the 3 months before the start?" in html
    assert "For a course starting before 1 July 2019: answer yes only if" in html


def test_the_receipt_can_show_the_same_cap_notice_as_the_eligibility_answer(app) -> None:
    from datetime import date

    from flask_babel import force_locale

    from igu_admin.wording.notices import notices_for

    with force_locale("en"):
        under_2024 = notices_for(date(2025, 3, 3), "igu-2024")
        before = notices_for(date(2020, 3, 3), "by-start-date")
    assert [n.code for n in under_2024] == ["yearly_cap"]
    assert "1,500" in under_2024[0].message or "1.500" in under_2024[0].message
    assert before == []


def test_an_unverified_date_is_said_to_be_unverified_where_it_decides(app) -> None:
    from datetime import date

    from flask_babel import force_locale

    from igu_admin.core.rules_in_force import catalogue
    from igu_admin.domain.eligibility import EligibilityInput, assess
    from igu_admin.wording.eligibility import criterion_note, explain

    ukrainian = EligibilityInput(start_date=date(2022, 3, 1), birth_date=date(1990, 1, 1),
                                 registered_since=date(2022, 2, 1),
                                 target_group="ukraine_special_act")
    assessment = assess(ukrainian, catalogue(), "by-start-date")
    with force_locale("en"):
        message = explain(assessment.criterion("target_group"), assessment.ruleset)
        note = criterion_note(assessment.criterion("target_group"))
    # Said in the note (administrators, the API), never in the message a
    # citizen's page or a document shows.
    assert note is not None and note.startswith("This date is not verified against a source.")
    assert "not verified" not in message
    refugee = EligibilityInput(start_date=date(2022, 3, 1), birth_date=date(1990, 1, 1),
                               registered_since=date(2022, 2, 1), target_group="refugee")
    plain = assess(refugee, catalogue(), "by-start-date")
    with force_locale("en"):
        assert "not verified" not in (criterion_note(plain.criterion("target_group")) or "")


def test_the_explanation_names_the_date_a_changed_value_applies_from(app) -> None:
    import tomllib
    from datetime import date

    from flask_babel import force_locale

    from igu_admin.domain.eligibility import assess
    from igu_admin.domain.rulesets import RuleCatalogue, parse_ruleset
    from igu_admin.paths import RULES_DIR
    from igu_admin.wording.eligibility import criterion_note, explain
    from tests.unit.test_dated_rules import CATALOGUE, person

    data = tomllib.loads((RULES_DIR / "igu-2024.toml").read_text(encoding="utf-8"))
    data["age"]["changes"] = [{"effective_from": date(2026, 1, 1), "date_sureness": "unverified",
                               "max_years_exclusive": 55, "sureness": "verified",
                               "legal_reference": "IGU-loven § 3, stk. 1, som ændret 2026"}]
    changed = RuleCatalogue([CATALOGUE.get("igu-2016"), CATALOGUE.get("igu-2021"),
                             parse_ruleset("igu-2024.toml", data)])
    result = assess(person(date(2026, 3, 2), birth_date=date(1973, 1, 1)), changed, "igu-2024")
    with force_locale("en"):
        message = explain(result.criterion("age"), result.ruleset)
    assert "courses starting on or after 1 January 2026" in message
    assert "not verified" not in message
    with force_locale("en"):
        assert "not verified against a source" in (criterion_note(result.criterion("age")) or "")
    unchanged = assess(person(date(2025, 3, 3)), CATALOGUE, "igu-2024")
    with force_locale("en"):
        assert "on or after" not in explain(unchanged.criterion("age"), unchanged.ruleset)
