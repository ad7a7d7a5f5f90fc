"""The public page "Kan personen starte i IGU?" and the same answer at every door."""

import json
import re
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import csrf_token

FORM = {"start_date": "03.03.2025", "birth_date": "01.06.1995", "cpr": "",
        "registered_since": "10-01-2022", "target_group": "refugee", "previous_igu": "no",
        "recent_ordinary_employment": "no"}


def submit(client, data: dict, lang: str = "en"):
    token = csrf_token(client, "/eligibility")
    return client.post("/eligibility", data={**data, "csrf_token": token},
                       headers={"Accept-Language": lang})


def test_the_page_needs_no_login_and_is_in_danish(app, client) -> None:
    html = client.get("/eligibility").get_data(as_text=True)
    assert "Kan personen starte i IGU?" in html
    assert 'novalidate' in html


def test_an_eligible_person_gets_each_criterion_and_a_start_button(app, client) -> None:
    html = submit(client, FORM).get_data(as_text=True)
    assert "Yes, the person can start an IGU" in html
    for code in ("age", "residence", "target_group", "previous_igu", "recent_employment"):
        assert f'data-code="{code}"' in html
    assert "IGU-loven § 3, stk. 1" in html
    assert "Start an agreement" in html


def test_a_person_too_old_is_told_why_not(app, client) -> None:
    # 50 on the start date: too old under the act in force then (igu-2024).
    html = submit(client, {**FORM, "birth_date": "03.03.1975"}).get_data(as_text=True)
    assert "No, the person cannot start an IGU" in html
    assert re.search(r'igu-criterion--failed" data-code="age"', html)
    assert "Start an agreement" not in html


def test_iso_and_danish_date_formats_are_both_read(app, client) -> None:
    html = submit(client, {**FORM, "start_date": "2025-03-03", "birth_date": "1.6.1995"}
                  ).get_data(as_text=True)
    assert "Yes, the person can start an IGU" in html


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"start_date": ""}, "start_date", "Enter the expected start date."),
    ({"start_date": "31.02.2025"}, "start_date", "The date does not exist."),
    ({"start_date": "soon"}, "start_date", "Enter the date as day.month.year"),
    ({"birth_date": ""}, "birth_date", "Enter the CPR number or the birth date."),
    ({"cpr": "12345"}, "cpr", "Enter a CPR number of 10 digits"),
    ({"target_group": "tourist"}, "target_group", "Choose the group the person belongs to."),
    ({"previous_igu": "maybe"}, "previous_igu", "Answer whether the person has had an IGU"),
    ({"registered_since": "01.01.2026"}, "registered_since", "after the start date"),
    ({"birth_date": "01.01.2026"}, "start_date", "before the person's birth date"),
    ({"absences-0-start": "01.01.2023"}, "absences-0-end", "Enter both dates of the period"),
    ({"absences-0-start": "05.01.2023", "absences-0-end": "01.01.2023"}, "absences-0-end",
     "ends before it starts"),
])
def test_errors_are_shown_at_the_field_and_every_value_is_kept(app, client, changes: dict,
                                                               field: str, message: str) -> None:
    data = {**FORM, **changes}
    response = submit(client, data)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert message in html
    assert f'href="#{field}' in html  # linked from the error summary
    assert "<title>Error:" in html
    for name in ("start_date", "registered_since"):
        assert f'value="{data[name]}"' in html
    if data["target_group"] == "refugee":
        assert re.search(r'<input checked[^>]*value="refugee"', html)


def test_an_expired_csrf_token_keeps_the_answers(app, client) -> None:
    response = client.post("/eligibility", data={**FORM, "csrf_token": "stale"},
                           headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Your session expired for security reasons" in html
    assert 'value="03.03.2025"' in html


def test_the_cpr_never_reaches_the_url_or_the_result_page(app, client) -> None:
    response = submit(client, {**FORM, "birth_date": "", "cpr": "010695-1235"})
    assert response.status_code == 200
    assert "0106951235" not in response.get_data(as_text=True)
    assert "1235" not in response.request.url


PEOPLE = [
    {"start": "2025-03-03", "birth": "1995-06-01", "since": "2022-01-10", "group": "refugee"},
    {"start": "2025-03-03", "birth": "1985-03-03", "since": "2022-01-10", "group": "refugee"},
    {"start": "2025-03-03", "birth": "1985-03-04", "since": "2020-03-04", "group": "refugee"},
    {"start": "2025-03-03", "birth": "2007-03-03", "since": "2020-03-03", "group": "refugee"},
    {"start": "2025-03-03", "birth": "1995-06-01", "since": "2022-01-10", "group": "other"},
    {"start": "2025-03-03", "birth": "1995-06-01", "since": "2022-01-10",
     "group": "family_reunified"},
]


@pytest.mark.parametrize("person", PEOPLE)
def test_page_api_and_cli_give_the_same_answer(app, client, person: dict) -> None:
    def dmy(iso: str) -> str:
        y, m, d = iso.split("-")
        return f"{d}.{m}.{y}"

    page = submit(client, {**FORM, "start_date": dmy(person["start"]),
                           "birth_date": dmy(person["birth"]),
                           "registered_since": dmy(person["since"]),
                           "target_group": person["group"]}).get_data(as_text=True)
    page_verdicts = dict(re.findall(r'igu-criterion--(passed|failed)" data-code="(\w+)"', page))
    page_verdicts = {code: verdict == "passed" for verdict, code in
                     re.findall(r'igu-criterion--(passed|failed)" data-code="(\w+)"', page)}
    api = client.post("/api/v1/eligibility", json={
        "start_date": person["start"], "birth_date": person["birth"],
        "registered_since": person["since"], "target_group": person["group"]}).get_json()
    cli = app.test_cli_runner().invoke(args=[
        "eligibility", "check", "--start-date", person["start"], "--birth-date", person["birth"],
        "--registered-since", person["since"], "--target-group", person["group"], "--json"])
    cli_body = json.loads(cli.output)
    assert cli_body == api
    assert cli.exit_code == (0 if api["eligible"] else 1)
    assert page_verdicts == {c["code"]: c["passed"] for c in api["criteria"]}
    assert ("Yes, the person can start an IGU" in page) is api["eligible"]


TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)


FIELDS = [*sorted(FORM), "absences-0-start", "absences-0-end", "absences-7-end"]


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(FIELDS), TEXT))
def test_no_form_input_gives_a_server_error(app, client, changes: dict) -> None:
    response = submit(client, {**FORM, **changes})
    assert response.status_code == 200


def _page_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error"><span class="sr-only">[^<]*</span>([^<]*)</span>',
                      html)
    assert match, f"no error at {field_id}"
    return unescape(match.group(1))


API = {"start_date": "2025-03-03", "birth_date": "1995-06-01", "registered_since": "2022-01-10",
       "target_group": "refugee"}
SAME_MISTAKES = [
    ({"cpr": "12345"}, {"cpr": "12345"}, "cpr", "cpr"),
    ({"cpr": "310295-1234", "birth_date": ""}, {"cpr": "310295-1234", "birth_date": None},
     "cpr", "cpr"),
    ({"cpr": "010190-1234"}, {"cpr": "010190-1234"}, "birth_date", "birth_date"),
    ({"birth_date": ""}, {"birth_date": None}, "birth_date", "birth_date"),
    ({"birth_date": "31.02.1995"}, {"birth_date": "1995-02-31"}, "birth_date", "birth_date"),
    ({"birth_date": "01.01.1899"}, {"birth_date": "1899-01-01"}, "birth_date", "birth_date"),
    ({"birth_date": "01.01.2026"}, {"birth_date": "2026-01-01"}, "start_date", "start_date"),
    ({"registered_since": "01.01.2026"}, {"registered_since": "2026-01-01"},
     "registered_since", "registered_since"),
    ({"registered_since": "01.01.1990"}, {"registered_since": "1990-01-01"},
     "registered_since", "registered_since"),
    ({"absences-1-start": "05.01.2023", "absences-1-end": "01.01.2023"},
     {"absences": [{"from": "2023-01-05", "to": "2023-01-01"}]}, "absences-1-end",
     "absences.0.to"),
]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize(("form_changes", "api_changes", "field_id", "path"), SAME_MISTAKES)
def test_the_page_and_the_api_give_the_same_message_for_the_same_mistake(
        app, client, lang: str, form_changes: dict, api_changes: dict, field_id: str,
        path: str) -> None:
    html = submit(client, {**FORM, **form_changes}, lang).get_data(as_text=True)
    body = {k: v for k, v in {**API, **api_changes}.items() if v is not None}
    api = client.post("/api/v1/eligibility", json=body, headers={"Accept-Language": lang})
    assert api.status_code == 400
    assert _page_error(html, field_id) == api.get_json()["errors"][path][0]


def test_the_page_names_every_mistake_at_once(app, client) -> None:
    """The form's own checks and the shared parser's both speak in one answer."""
    html = submit(client, {**FORM, "start_date": "soon", "birth_date": "", "cpr": "310295-1234"}
                  ).get_data(as_text=True)
    assert "Enter the date as day.month.year" in _page_error(html, "start_date")
    assert _page_error(html, "cpr") == "The CPR number does not hold a valid birth date."
