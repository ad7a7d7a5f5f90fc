"""One declaration per API operation: route, checks, answers and document."""

import logging

import pytest
from openapi_spec_validator import validate
from pydantic import BaseModel, ConfigDict, Field

from igu_admin.extensions import csrf
from igu_admin.web.access import PUBLIC, set_policy
from igu_admin.web.api.openapi import openapi_document
from igu_admin.web.api.operations import ApiError, JsonApi
from tests.conftest import make_app


class ListQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(50, ge=1, le=500)


class Page(BaseModel):
    items: list[str]
    next: str | None


class Thing(BaseModel):
    id: int
    name: str


class NewThing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=20)


def _things_api() -> JsonApi:
    api = JsonApi("things", "/api/v1/test", title="Things", version="1")

    @api.operation("/things", "GET", operation_id="listThings", summary="Things", query=ListQuery,
                   bearer=True, responses={200: (Page, "A page of things.")})
    def things(query: ListQuery) -> Page:
        return Page(items=["a"] * min(query.limit, 3), next=None)

    @api.operation("/things/<int:thing_id>", "GET", operation_id="getThing", summary="A thing",
                   responses={200: (Thing, "The thing."), 404: "No such thing."})
    def thing(thing_id: int) -> Thing:
        if thing_id != 1:
            raise ApiError(404, {"id": ["No such thing."]})
        return Thing(id=1, name="one")

    @api.operation("/things", "POST", operation_id="addThing", summary="Add a thing",
                   body=NewThing, responses={201: (Thing, "The new thing.")})
    def add_thing(body: NewThing) -> tuple[Thing, int, dict[str, str]]:
        return Thing(id=2, name=body.name), 201, {"Location": "/api/v1/test/things/2"}

    @api.operation("/careless", "GET", operation_id="careless", summary="Answers off the list",
                   responses={200: (Thing, "Never.")})
    def careless() -> Thing:
        raise ApiError(409, {"status": ["Not declared."]})

    return api


@pytest.fixture
def things(database_url):
    api = _things_api()
    app = make_app(database_url)
    set_policy(app, api.name, PUBLIC)
    app.register_blueprint(api.blueprint)
    csrf.exempt(api.blueprint)
    with app.test_request_context():
        document = openapi_document(api)
    return api, app.test_client(), document


def test_the_document_comes_from_the_declarations(things) -> None:
    _api, _client, document = things
    validate(document)
    listing = document["paths"]["/api/v1/test/things"]["get"]
    assert listing["security"] == [{"bearerAuth": []}]
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        **document["components"]["securitySchemes"]["bearerAuth"], "type": "http",
        "scheme": "bearer"}
    assert sorted(listing["responses"]) == ["200", "400", "401", "403"]
    limit = next(p for p in listing["parameters"] if p["name"] == "limit")
    assert limit["in"] == "query" and limit["schema"]["maximum"] == 500
    one = document["paths"]["/api/v1/test/things/{thing_id}"]["get"]
    assert one["parameters"][0] == {"name": "thing_id", "in": "path", "required": True,
                                    "schema": {"type": "integer", "minimum": 0}}
    assert sorted(one["responses"]) == ["200", "404"]
    adding = document["paths"]["/api/v1/test/things"]["post"]
    assert sorted(adding["responses"]) == ["201", "400", "413", "415"]
    assert "security" not in adding


def test_a_bearer_operation_refuses_everyone_until_a_check_is_installed(things) -> None:
    api, client, _document = things
    refused = client.get("/api/v1/test/things", headers={"Accept-Language": "en"})
    assert refused.status_code == 401
    assert list(refused.get_json()["errors"]) == ["auth"]
    api.authenticate = lambda roles: None
    assert client.get("/api/v1/test/things?limit=2").get_json() == {"items": ["a", "a"],
                                                                    "next": None}

    def forbid(roles) -> None:
        raise ApiError(403, {"auth": ["Not for your role."]})

    api.authenticate = forbid
    assert client.get("/api/v1/test/things").status_code == 403


def test_the_query_is_checked_with_translated_messages(things) -> None:
    api, client, _document = things
    api.authenticate = lambda roles: None
    too_many = client.get("/api/v1/test/things?limit=501", headers={"Accept-Language": "en"})
    assert too_many.status_code == 400
    assert too_many.get_json() == {"errors": {"limit": ["Must be at most 500."]}}
    unknown = client.get("/api/v1/test/things?colour=red", headers={"Accept-Language": "da"})
    assert unknown.get_json() == {"errors": {"colour": [
        "Feltet kendes ikke her. Tjek stavemåden, eller udelad feltet."]}}


def test_a_new_record_answers_201_with_its_location(things) -> None:
    _api, client, _document = things
    made = client.post("/api/v1/test/things", json={"name": "two"})
    assert made.status_code == 201
    assert made.headers["Location"] == "/api/v1/test/things/2"
    assert made.get_json() == {"id": 2, "name": "two"}
    too_long = client.post("/api/v1/test/things", json={"name": "x" * 21},
                           headers={"Accept-Language": "en"})
    assert too_long.get_json() == {"errors": {"name": ["Use at most 20 characters."]}}


def test_path_arguments_and_refusals_follow_the_declaration(things) -> None:
    _api, client, _document = things
    assert client.get("/api/v1/test/things/1").get_json() == {"id": 1, "name": "one"}
    missing = client.get("/api/v1/test/things/7")
    assert missing.status_code == 404 and missing.get_json() == {"errors": {"id": ["No such thing."]}}
    assert client.get("/api/v1/test/things/x").status_code == 404


def test_an_answer_the_operation_does_not_declare_is_a_programming_error(things, caplog) -> None:
    _api, client, _document = things
    with caplog.at_level(logging.ERROR):
        response = client.get("/api/v1/test/careless")
    assert response.status_code == 500
    assert "unhandled LookupError" in caplog.text


def test_the_services_refusals_become_the_declared_statuses() -> None:
    """A stale lock_version or a refused status change is 409 and a missing
    record 404, in the API's error shape, without the view catching them."""
    from igu_admin.core.errors import ConflictError, NotFound

    app = make_app("sqlite://")
    api = JsonApi("refusing", "/api/v1/refusing", title="Refusals", version="1")
    api.refusals[ConflictError] = lambda error: (409, {error.field: ["conflict"]})
    api.refusals[NotFound] = lambda error: (404, {"id": ["missing"]})

    @api.operation("/stale", "POST", operation_id="stale", summary="Stale",
                   responses={200: (Thing, "Never."), 409: "Stale."})
    def stale() -> Thing:
        raise ConflictError("stale")

    @api.operation("/gone", "GET", operation_id="gone", summary="Gone",
                   responses={200: (Thing, "Never."), 404: "Gone."})
    def gone() -> Thing:
        raise NotFound("1")

    set_policy(app, "refusing", PUBLIC)
    csrf.exempt(api.blueprint)
    app.register_blueprint(api.blueprint)
    client = app.test_client()
    assert client.post("/api/v1/refusing/stale").get_json() == {
        "errors": {"lock_version": ["conflict"]}}
    assert client.post("/api/v1/refusing/stale").status_code == 409
    response = client.get("/api/v1/refusing/gone")
    assert (response.status_code, response.get_json()) == (404, {"errors": {"id": ["missing"]}})
