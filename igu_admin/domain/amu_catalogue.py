"""The shipped catalogue of common AMU courses and providers (schools and
language centres), read strictly from data/amu-courses.toml: a malformed
file stops the app with a message naming the file and the field.

The catalogue is for quick picking in the schooling plan; free entry is
always possible. A course is `verified` only when its number, title and
length were all read in the source it names; otherwise its source says what
was not read, and a number that was not found is empty, never guessed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from igu_admin.domain.table_reader import RuleSetError, TableReader

PROVIDER_KINDS = ("school", "language_centre")
# AMU course numbers are five digits ("42994").
AMU_NUMBER = re.compile(r"^[0-9]{5}$")
UNVERIFIED_PREFIX = "Ikke verificeret"
_ADDRESS = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class AmuCourse:
    number: str  # "" when not found
    title: str
    days: int | None  # None when not found
    verified: bool
    source: str
    note: str | None = None


@dataclass(frozen=True)
class Provider:
    name: str
    kind: str
    city: str
    source: str


@dataclass(frozen=True)
class AmuCatalogue:
    courses: tuple[AmuCourse, ...]
    providers: tuple[Provider, ...]

    def course(self, number: str) -> AmuCourse | None:
        return next((c for c in self.courses if number and c.number == number), None)


def parse_amu_catalogue(file: str, data: dict[str, object]) -> AmuCatalogue:
    top = TableReader(file, dict(data))
    courses: list[AmuCourse] = []
    for i, item in enumerate(top.get("courses", list)):
        if not isinstance(item, dict):
            raise top.fail(f"courses[{i}]", "expected a table")
        course = _course(TableReader(file, item, f"courses[{i}].", top.family))
        if course.number and any(other.number == course.number for other in courses):
            raise top.fail(f"courses[{i}].number", f"{course.number!r} is listed twice")
        courses.append(course)
    providers: list[Provider] = []
    for i, item in enumerate(top.get("providers", list)):
        if not isinstance(item, dict):
            raise top.fail(f"providers[{i}]", "expected a table")
        r = TableReader(file, item, f"providers[{i}].", top.family)
        providers.append(Provider(name=r.text("name"), kind=r.choice("kind", PROVIDER_KINDS),
                                  city=r.text("city"), source=r.text("source")))
    if not courses:
        raise top.fail("courses", "must list at least one course")
    top.reject_unknown_keys()
    return AmuCatalogue(tuple(courses), tuple(providers))


def _course(r: TableReader) -> AmuCourse:
    number = r.get("number", str).strip()
    if number and not AMU_NUMBER.fullmatch(number):
        raise r.fail("number", "must be five digits, or \"\" when not found")
    days = r.get("days", int, None)
    if days is not None and days < 1:
        raise r.fail("days", "must be at least 1")
    verified = r.flag("verified")
    source = r.text("source")
    if verified:
        # Verified means read: the number, the length and the address read.
        if not number:
            raise r.fail("number", "a verified course needs its number")
        if days is None:
            raise r.fail("days", "a verified course needs its length")
        if not _ADDRESS.fullmatch(source):
            raise r.fail("source", "a verified course names the address it was read at")
    elif not source.startswith(UNVERIFIED_PREFIX):
        raise r.fail("source", f"an unverified course's source starts {UNVERIFIED_PREFIX!r} "
                               "and says what was not read")
    return AmuCourse(number=number, title=r.text("title"), days=days, verified=verified,
                     source=source, note=r.optional_text("note"))


def load_amu_catalogue(path: Path) -> AmuCatalogue:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(f"{path.name}: not valid TOML: {exc}") from exc
    return parse_amu_catalogue(path.name, data)
