"""The AMU catalogue is data, read strictly: a mistake stops the app with the
file and the field named, and nothing in it claims more than was read."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import pytest

from igu_admin.domain.amu_catalogue import (
    AMU_NUMBER,
    UNVERIFIED_PREFIX,
    load_amu_catalogue,
    parse_amu_catalogue,
)
from igu_admin.domain.table_reader import RuleSetError
from igu_admin.paths import AMU_COURSES_FILE, DATA_DIR

SHIPPED = DATA_DIR / AMU_COURSES_FILE


def test_the_shipped_catalogue_holds_verified_courses_with_their_addresses() -> None:
    catalogue = load_amu_catalogue(SHIPPED)
    verified = [c for c in catalogue.courses if c.verified]
    assert {(c.number, c.title, c.days) for c in verified} >= {
        ("42994", "Rengøring og rengøringskontrol", 2),
        ("40531", "Personbefordring med bus", 30),
        ("48400", "Personbefordring med lille bus", 30)}
    assert all(c.source.startswith(("https://", "http://")) for c in verified)
    assert catalogue.course("42994") is verified[0]
    assert catalogue.course("") is None


def test_an_unverified_course_says_so_and_guesses_no_number() -> None:
    catalogue = load_amu_catalogue(SHIPPED)
    for course in catalogue.courses:
        assert course.number == "" or AMU_NUMBER.fullmatch(course.number)
        if not course.verified:
            assert course.source.startswith(UNVERIFIED_PREFIX)
            assert course.number == "", course.title
    assert {p.kind for p in catalogue.providers} == {"school", "language_centre"}


def shipped() -> dict[str, Any]:
    return tomllib.loads(SHIPPED.read_text(encoding="utf-8"))


def first_course(**changes: Any) -> dict[str, Any]:
    data = shipped()
    data["courses"][0].update(changes)
    return data


def without(key: str) -> dict[str, Any]:
    data = shipped()
    del data["courses"][0][key]
    return data


@pytest.mark.parametrize(("data", "field"), [
    ({**shipped(), "colour": "red"}, "colour"),
    (first_course(colour="red"), "courses[0].colour"),
    (first_course(number="4299"), "courses[0].number"),
    (first_course(number=42994), "courses[0].number"),
    (first_course(number=""), "courses[0].number"),
    (first_course(number="40531"), "courses[1].number"),
    (first_course(days=0), "courses[0].days"),
    (without("days"), "courses[0].days"),
    (first_course(source="amu-fyn.dk"), "courses[0].source"),
    (first_course(verified=False), "courses[0].source"),
    (first_course(verified="yes"), "courses[0].verified"),
    (first_course(title=""), "courses[0].title"),
    (without("title"), "courses[0].title"),
    ({**shipped(), "courses": []}, "courses"),
    ({**shipped(), "providers": [{"name": "X", "kind": "university", "city": "Y",
                                  "source": "Z"}]}, "providers[0].kind"),
])
def test_a_mistake_in_the_catalogue_names_its_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(RuleSetError, match=re.escape(f"amu-courses.toml: field '{field}'")):
        parse_amu_catalogue("amu-courses.toml", data)


def test_a_file_that_is_not_toml_is_refused(tmp_path) -> None:
    broken = tmp_path / "amu-courses.toml"
    broken.write_text("courses = [", encoding="utf-8")
    with pytest.raises(RuleSetError, match="not valid TOML"):
        load_amu_catalogue(broken)
