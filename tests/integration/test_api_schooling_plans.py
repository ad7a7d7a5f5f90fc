"""The schooling-plan API over HTTP: the public check with its boundaries and
malformed input, an agreement's plan read, replaced and submitted with
lock_version, tenancy and roles, versions, audit, and the AMU catalogue."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from igu_admin.core import rules_in_force
from igu_admin.extensions import db
from igu_admin.models import AgreementStatus, AuditEvent, Role
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import START, complete_agreement
from igu_admin.testing.plans import week_item, weeks_plan

VALIDATE = "/api/v1/schooling-plans/validate"
AGREEMENTS = "/api/v1/agreements"


def bearer(user, lang: str = "en") -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": lang}


def required_weeks() -> int:
    selection = rules_in_force.catalogue().select(rules_in_force.default_mode(), START)
    return selection.ruleset.as_of(START).schooling.weeks


def body(items: list[dict[str, Any]] | None = None, **fields: Any) -> dict[str, Any]:
    return {"start_date": START.isoformat(), "passed_danish_test": False, "weekly_hours": 37,
            "items": weeks_plan(required_weeks()) if items is None else items, **fields}


def validate(client, payload: Any, lang: str = "en"):
    return client.post(VALIDATE, json=payload, headers={"Accept-Language": lang})


class TestValidate:
    def test_a_valid_plan_answers_its_weeks_and_no_findings(self, app, client) -> None:
        response = validate(client, body())
        assert response.status_code == 200, response.get_json()
        weeks = required_weeks()
        assert response.get_json() == {"valid": True, "required_weeks": weeks,
                                       "counted_weeks": f"{weeks}.0", "errors": [],
                                       "warnings": []}

    def test_exactly_the_required_weeks_pass_and_a_tenth_of_a_week_less_fails(
            self, app, client) -> None:
        weeks = required_weeks()
        exact = validate(client, body(weeks_plan(weeks))).get_json()
        assert exact["valid"] is True and exact["counted_weeks"] == f"{weeks}.0"
        # 0.1 week is 3.7 hours.
        short = validate(client, body(weeks_plan(weeks, last_hours="33.3"))).get_json()
        assert short["valid"] is False and short["counted_weeks"] == f"{weeks - 1}.9"
        assert short["errors"] == [{"code": "weeks_short", "item": None, "message": (
            f"The plan counts {weeks - 1}.9 of the {weeks} weeks of schooling: 3.7 hours are "
            "missing.")}]

    def test_hours_as_integer_decimal_number_or_decimal_string_count_the_same(
            self, app, client) -> None:
        answers = []
        for hours in (37, 37.0, "37", "37.00"):
            items = weeks_plan(required_weeks())
            items[0]["hours"] = hours
            answers.append(validate(client, body(items)).get_json())
        assert all(a == answers[0] for a in answers) and answers[0]["valid"] is True

    def test_findings_name_their_element_in_the_readers_language(self, app, client) -> None:
        items = weeks_plan(required_weeks())
        items[2] = week_item(START - timedelta(days=14 + START.weekday()), title="Truckcertifikat")
        english = validate(client, body(items)).get_json()
        danish = validate(client, body(items), "da").get_json()
        outside = [e for e in english["errors"] if e["code"] == "outside_period"]
        assert outside[0]["item"] == 2
        assert outside[0]["message"].startswith("Element 3 (AMU: Truckcertifikat): The course "
                                                "must lie within the employment, from ")
        danish_outside = [e for e in danish["errors"] if e["code"] == "outside_period"]
        assert danish_outside[0]["message"].startswith(
            "Element 3 (AMU: Truckcertifikat): Kurset skal ligge inden for ansættelsen, fra ")
        assert START.strftime("%Y") in danish_outside[0]["message"]

    def test_two_elements_in_one_week_over_37_hours_are_an_error(self, app, client) -> None:
        items = weeks_plan(required_weeks())
        items.append({**items[0], "title": "Dansk", "kind": "danish", "hours": "0.5",
                      "course_number": ""})
        found = validate(client, body(items)).get_json()
        assert [(e["code"], e["item"]) for e in found["errors"]] == [("week_over_limit", 0)]
        assert "(elements 1, " in found["errors"][0]["message"]

    def test_an_amu_number_left_out_is_not_judged_and_an_empty_one_is(self, app, client) -> None:
        items = weeks_plan(required_weeks())
        del items[0]["course_number"]
        assert validate(client, body(items)).get_json()["valid"] is True
        items[0]["course_number"] = ""
        found = validate(client, body(items)).get_json()
        assert [(e["code"], e["item"]) for e in found["errors"]] == [("course_number_missing", 0)]

    def test_weekly_hours_left_out_leave_the_workplaces_share_unjudged(self, app, client) -> None:
        low = validate(client, body(weekly_hours="26")).get_json()
        assert [e["code"] for e in low["errors"]] == ["workplace_share_low"]
        payload = body()
        del payload["weekly_hours"]
        assert validate(client, payload).get_json()["valid"] is True

    def test_a_rule_set_can_be_asked_for(self, app, client) -> None:
        assert validate(client, body(ruleset="igu-2024")).get_json()["required_weeks"] == 23
        assert validate(client, body(ruleset="igu-2016")).get_json()["required_weeks"] == 20

    @pytest.mark.parametrize(("change", "path", "message"), [
        ({"items": "none"}, "items", "Must be a list."),
        ({"start_date": "2027-02-30"}, "start_date",
         "The date does not exist. Check day and month."),
        ({"ruleset": "igu-1999"}, "ruleset", None),
        ({"weekly_hours": None}, "weekly_hours", "Must not be null."),
        ({"colour": "blue"}, "colour",
         "This field is not known here. Check the spelling, or leave it out."),
        ({"passed_danish_test": "no"}, "passed_danish_test", "Must be true or false."),
    ])
    def test_malformed_input_answers_400_at_its_path(self, app, client, change, path,
                                                      message) -> None:
        response = validate(client, {**body(), **change})
        assert response.status_code == 400
        errors = response.get_json()["errors"]
        assert list(errors) == [path]
        if message is not None:
            assert errors[path] == [message]

    @pytest.mark.parametrize(("field", "value", "message"), [
        ("hours", "74,5", "Enter a number with at most 2 decimals, with a point, for example "
                          "74.5."),
        ("hours", "abc", None),
        ("hours", -5, "Must be more than 0."),
        ("hours", 0, "Must be more than 0."),
        ("hours", "74.555", None),
        ("hours", 10000, "Must be at most 9999.99."),
        ("hours", True, None),
        ("kind", "cooking", "Unknown kind of schooling. Use one of: amu, fvu, avu, hf, fgu, "
                            "danish."),
        ("end", "2027-13-01", None),
        ("start", "1.3.2027", "Enter the date as YYYY-MM-DD, for example 2024-03-01."),
        ("title", "   ", "This field is required."),
        ("title", "x" * 201, "Use at most 200 characters."),
        ("course_number", "4299", "Enter the AMU course number as 5 digits, for example 42994."),
    ])
    def test_a_malformed_element_answers_400_at_its_field(self, app, client, field, value,
                                                          message) -> None:
        items = weeks_plan(required_weeks())
        items[1][field] = value
        response = validate(client, body(items))
        assert response.status_code == 400
        errors = response.get_json()["errors"]
        assert list(errors) == [f"items.1.{field}"]
        if message is not None:
            assert errors[f"items.1.{field}"] == [message]

    def test_every_missing_field_is_named_at_once(self, app, client) -> None:
        response = validate(client, {"items": [{"kind": "amu"}]}, "da")
        assert response.status_code == 400
        assert set(response.get_json()["errors"]) == {
            "start_date", "items.0.title", "items.0.start", "items.0.end", "items.0.hours"}
        assert response.get_json()["errors"]["start_date"] == ["Feltet skal udfyldes."]

    def test_elements_a_century_long_are_refused_as_outside_the_period(
            self, app, client) -> None:
        # The most the body allows: their hours are not spread over two centuries.
        items = [week_item(START, hours="9999.99", start="1900-01-01", end="2100-12-31")
                 for _ in range(200)]
        found = validate(client, body(items)).get_json()
        outside = [e["item"] for e in found["errors"] if e["code"] == "outside_period"]
        assert outside == list(range(200))
        assert found["warnings"] == [{"code": "weeks_over_required", "item": None,
                                      "message": found["warnings"][0]["message"]}]

    def test_more_than_200_elements_are_refused(self, app, client) -> None:
        response = validate(client, body(weeks_plan(1) * 201))
        assert response.status_code == 400
        assert response.get_json()["errors"] == {"items": ["List at most 200 elements."]}


@pytest.fixture
def world(app, client):
    mine, theirs = make_company(municipality="101"), make_company(municipality="751")
    employer = make_user(Role.EMPLOYER, company=mine)
    headers = bearer(employer)
    created = client.post(AGREEMENTS, json=complete_agreement(), headers=headers)
    assert created.status_code == 201, created.get_json()
    agreement = created.get_json()
    return {"headers": headers, "agreement": agreement,
            "url": f"{AGREEMENTS}/{agreement['id']}/schooling-plan",
            "stranger": bearer(make_user(Role.EMPLOYER, company=theirs)),
            "caseworker": bearer(make_user(Role.CASEWORKER, municipality="101")),
            "far_caseworker": bearer(make_user(Role.CASEWORKER, municipality="751")),
            "finance": bearer(make_user(Role.FINANCE, municipality="101"))}


def put(client, world, items=None, lock_version: int = 0, headers=None, **fields: Any):
    payload = {"items": weeks_plan(required_weeks()) if items is None else items,
               "lock_version": lock_version, **fields}
    return client.put(world["url"], json=payload, headers=headers or world["headers"])


def submit_agreement(client, world) -> dict[str, Any]:
    current = client.get(f"{AGREEMENTS}/{world['agreement']['id']}",
                         headers=world["headers"]).get_json()
    response = client.post(f"{AGREEMENTS}/{current['id']}/submit",
                           json={"lock_version": current["lock_version"]},
                           headers=world["headers"])
    assert response.status_code == 200, response.get_json()
    return response.get_json()


class TestThePlan:
    def test_an_agreement_without_a_plan_answers_its_empty_draft(self, client, world) -> None:
        response = client.get(world["url"], headers=world["headers"])
        assert response.status_code == 200
        found = response.get_json()
        assert {k: found[k] for k in ("agreement_id", "status", "items", "lock_version",
                                      "versions", "valid", "passed_danish_test")} == {
            "agreement_id": world["agreement"]["id"], "status": "draft", "items": [],
            "lock_version": 0, "versions": [], "valid": False, "passed_danish_test": False}
        assert found["deadline"] == START.replace(month=4, day=1).isoformat()
        assert {e["code"] for e in found["errors"]} == {"required_kind_missing", "weeks_short"}

    def test_put_then_get_round_trips_the_plan_with_its_lock_version(self, client,
                                                                      world) -> None:
        items = weeks_plan(required_weeks())
        items[0].update(provider="AMU Fyn", note="Med tolk", hours="37.5", end=items[0]["end"])
        items[1]["hours"] = 36.5
        created = put(client, world, items, passed_danish_test=False)
        assert created.status_code == 201, created.get_json()
        assert created.headers["Location"] == world["url"]
        record = created.get_json()
        assert record == client.get(world["url"], headers=world["headers"]).get_json()
        assert record["lock_version"] == 1 and record["status"] == "draft"
        first = record["items"][0]
        assert first == {"kind": "amu", "title": items[0]["title"], "provider": "AMU Fyn",
                         "course_number": "42994", "start": items[0]["start"],
                         "end": items[0]["end"], "hours": "37.50", "note": "Med tolk"}
        assert record["items"][1]["hours"] == "36.50"
        assert record["valid"] is False  # 37.5 hours in one week
        changed = put(client, world, weeks_plan(required_weeks()), lock_version=1)
        assert changed.status_code == 200
        assert (changed.get_json()["lock_version"], changed.get_json()["valid"]) == (2, True)

    def test_a_stale_lock_version_answers_409_and_changes_nothing(self, client, world) -> None:
        put(client, world)
        put(client, world, weeks_plan(2), lock_version=1)
        stale = put(client, world, weeks_plan(1), lock_version=1)
        assert stale.status_code == 409
        assert list(stale.get_json()["errors"]) == ["lock_version"]
        assert len(client.get(world["url"], headers=world["headers"]).get_json()["items"]) == 2
        again = put(client, world, weeks_plan(1), lock_version=0)
        assert again.status_code == 409

    def test_a_malformed_put_answers_400_at_its_path(self, client, world) -> None:
        items = weeks_plan(2)
        items[1]["end"] = "2027-02-30"
        response = put(client, world, items)
        assert response.status_code == 400
        assert list(response.get_json()["errors"]) == ["items.1.end"]
        missing = client.put(world["url"], json={"items": []}, headers=world["headers"])
        assert list(missing.get_json()["errors"]) == ["lock_version"]

    def test_saves_are_audited_as_coming_through_the_api(self, client, world) -> None:
        put(client, world)
        events = list(db.session.scalars(select(AuditEvent).where(
            AuditEvent.entity_type == "plan")))
        assert [(e.action, e.channel) for e in events] == [("created", "api")]

    def test_the_plan_is_made_while_the_agreement_awaits_the_municipality(self, client,
                                                                            world) -> None:
        put(client, world, weeks_plan(2))
        submit_agreement(client, world)
        assert put(client, world, weeks_plan(3), lock_version=1).status_code == 200

    def test_no_change_once_the_agreement_has_ended(self, client, world) -> None:
        put(client, world, weeks_plan(2))
        submit_agreement(client, world)
        db_agreement_status(world, AgreementStatus.WITHDRAWN)
        response = put(client, world, weeks_plan(3), lock_version=1)
        assert response.status_code == 409
        assert response.get_json()["errors"] == {"status": [
            "This is not possible while the status is \u201cWithdrawn\u201d."]}


class TestTenancy:
    def test_another_company_finds_no_plan(self, client, world) -> None:
        put(client, world)
        assert client.get(world["url"], headers=world["stranger"]).status_code == 404
        assert put(client, world, headers=world["stranger"]).status_code == 404
        assert client.get(f"{AGREEMENTS}/2147483647/schooling-plan",
                          headers=world["headers"]).status_code == 404

    def test_the_municipality_reads_the_plan_once_the_agreement_is_submitted(
            self, client, world) -> None:
        put(client, world)
        assert client.get(world["url"], headers=world["caseworker"]).status_code == 404
        submit_agreement(client, world)
        found = client.get(world["url"], headers=world["caseworker"])
        assert found.status_code == 200 and len(found.get_json()["items"]) == required_weeks()
        assert client.get(world["url"], headers=world["far_caseworker"]).status_code == 404

    def test_roles_that_never_change_a_plan_answer_403(self, client, world) -> None:
        put(client, world)
        submit_agreement(client, world)
        response = put(client, world, lock_version=1, headers=world["caseworker"])
        assert response.status_code == 403
        assert list(response.get_json()["errors"]) == ["auth"]
        submit = client.post(world["url"] + "/submit", json={"lock_version": 1},
                             headers=world["caseworker"])
        assert submit.status_code == 403
        assert client.get(world["url"], headers=world["finance"]).status_code == 403

    def test_without_a_token_answers_401_but_the_check_and_catalogue_are_public(
            self, client, world) -> None:
        assert client.get(world["url"]).status_code == 401
        assert validate(client, body()).status_code == 200
        assert client.get("/api/v1/amu-courses").status_code == 200


class TestSubmission:
    def test_a_plan_waits_for_the_agreement_409(self, client, world) -> None:
        put(client, world)
        response = client.post(world["url"] + "/submit", json={"lock_version": 1},
                               headers=world["headers"])
        assert response.status_code == 409
        assert list(response.get_json()["errors"]) == ["status"]

    def test_a_plan_with_errors_answers_422_with_each_error_at_its_element(
            self, client, world) -> None:
        items = weeks_plan(required_weeks(), last_hours="30")
        items[0]["course_number"] = ""
        put(client, world, items)
        submit_agreement(client, world)  # the plan has errors: it stays a draft
        response = client.post(world["url"] + "/submit", json={"lock_version": 1},
                               headers=world["headers"])
        assert response.status_code == 422
        errors = response.get_json()["errors"]
        assert set(errors) == {"items", "items.0"}
        assert errors["items.0"] == [
            "Element 1 (AMU: " + items[0]["title"] + "): Enter the AMU course number "
            "(5 digits). You find it on the course's page at efteruddannelse.dk."]

    def test_submitting_makes_version_1_and_changes_make_version_2(self, client, world) -> None:
        items = weeks_plan(required_weeks())
        items[0]["course_number"] = ""
        put(client, world, items)
        submit_agreement(client, world)
        db_agreement_status(world, AgreementStatus.APPROVED)
        fixed = put(client, world, lock_version=1).get_json()
        submitted = client.post(world["url"] + "/submit",
                                json={"lock_version": fixed["lock_version"]},
                                headers=world["headers"])
        assert submitted.status_code == 200, submitted.get_json()
        answer = submitted.get_json()
        assert (answer["status"], answer["version"]["number"]) == ("submitted", 1)
        assert [v["number"] for v in answer["versions"]] == [1]
        again = client.post(world["url"] + "/submit",
                            json={"lock_version": answer["lock_version"]},
                            headers=world["headers"])
        assert again.status_code == 409
        events = {(e.entity_type, e.action, e.channel) for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type.in_(("plan", "plan_version"))))}
        assert {("plan", "submit", "api"), ("plan_version", "created", "api")} <= events

    def test_a_ready_plan_goes_with_the_agreement(self, client, world) -> None:
        put(client, world)
        submit_agreement(client, world)
        found = client.get(world["url"], headers=world["headers"]).get_json()
        assert found["status"] == "submitted"
        assert [v["number"] for v in found["versions"]] == [1]


def db_agreement_status(world, status: AgreementStatus) -> None:
    from igu_admin.models import Agreement

    agreement = db.session.get(Agreement, world["agreement"]["id"])
    agreement.status = status
    db.session.commit()


def test_the_amu_catalogue_lists_courses_with_their_sources(app, client) -> None:
    response = client.get("/api/v1/amu-courses", headers={"Accept-Language": "da"})
    assert response.status_code == 200
    found = response.get_json()
    assert found["next"] is None
    cleaning = next(c for c in found["items"] if c["number"] == "42994")
    assert cleaning == {"number": "42994", "title": "Rengøring og rengøringskontrol",
                        "days": 2, "verified": True, "source": cleaning["source"],
                        "note": cleaning["note"]}
    assert cleaning["source"].startswith("https://www.ug.dk/")
    assert all(c["verified"] or c["source"].startswith("Ikke verificeret")
               for c in found["items"])
    assert {p["kind"] for p in found["providers"]} == {"school", "language_centre"}
