"""Rule sets: the versions of the IGU act as frozen data, and their selection.

A rule file is read once at start-up; a malformed file stops the app with a
message naming the file and the field.
"""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

# The vocabulary of target groups; which of them are eligible is rule data.
TARGET_GROUPS = (
    "refugee",
    "family_reunified_to_refugee",
    "family_reunified",
    "ukraine_special_act",
    "afghan_special_act",
    "other",
)
SCHOOLING_KINDS = ("amu", "fvu", "avu", "hf", "fgu", "danish")
BY_START_DATE = "by-start-date"
CLAIM_MILESTONES = ("employed_months", "completion")
BENEFICIARIES = ("company", "municipality")


class RuleSetError(ValueError):
    """A rule file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Window:
    applies_from: date
    applies_to: date | None
    last_start_date: date
    legal_reference: str

    def governs(self, start: date) -> bool:
        last = self.last_start_date
        if self.applies_to is not None:
            last = min(last, self.applies_to)
        return self.applies_from <= start <= last


@dataclass(frozen=True)
class AgeRule:
    min_years: int
    max_years_exclusive: int
    legal_reference: str


@dataclass(frozen=True)
class ResidenceRule:
    max_years: int
    legal_reference: str


@dataclass(frozen=True)
class TargetGroupRule:
    eligible: frozenset[str]
    legal_reference: str


@dataclass(frozen=True)
class PreviousIguRule:
    legal_reference: str


@dataclass(frozen=True)
class RecentEmploymentRule:
    months: int
    legal_reference: str


@dataclass(frozen=True)
class CourseRule:
    duration_months: int
    min_average_workplace_hours: int
    max_average_total_hours: int
    guidance_min_weekly_hours: int
    legal_reference: str


@dataclass(frozen=True)
class SchoolingRule:
    weeks: int
    hours_per_week: int
    allowed_kinds: frozenset[str]
    required_kinds: frozenset[str]
    double_counted_kinds: frozenset[str]
    min_amu_weeks_after_danish_test: int
    danish_allowed_after_danish_test: bool
    legal_reference: str


@dataclass(frozen=True)
class ClaimType:
    code: str
    beneficiary: str
    amount: Decimal
    milestone: str
    months: int
    deadline_months_after: int | None
    private_employers_only: bool
    legal_reference: str


@dataclass(frozen=True)
class RuleSet:
    code: str
    title_da: str
    title_en: str
    source: str
    window: Window
    age: AgeRule
    residence: ResidenceRule
    target_group: TargetGroupRule
    previous_igu: PreviousIguRule
    recent_employment: RecentEmploymentRule
    course: CourseRule
    schooling: SchoolingRule
    claims: tuple[ClaimType, ...]

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" else self.title_da


@dataclass(frozen=True)
class Selection:
    """The rule set chosen for a start date. `in_window` is None when a fixed
    set was chosen (it applies to any start date), else whether the start
    date falls in a set's window."""

    ruleset: RuleSet
    in_window: bool | None


class RuleCatalogue:
    """All rule sets, selectable by code or by start date."""

    def __init__(self, rulesets: list[RuleSet]) -> None:
        ordered = sorted(rulesets, key=lambda r: r.window.applies_from)
        for earlier, later in itertools.pairwise(ordered):
            # by-start-date must find at most one set for a start date.
            if earlier.window.applies_to is None or earlier.window.applies_to >= later.window.applies_from:
                raise RuleSetError(f"{earlier.code}.toml: field 'window.applies_to': must end "
                                   f"before {later.code} applies ({later.window.applies_from})")
        self._sets = {rs.code: rs for rs in ordered}

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._sets)

    @property
    def modes(self) -> tuple[str, ...]:
        return (*self._sets, BY_START_DATE)

    def start_date_range(self) -> tuple[date, date]:
        """The first and last start date any rule set accepts."""
        ordered = list(self._sets.values())
        return ordered[0].window.applies_from, max(rs.window.last_start_date for rs in ordered)

    def get(self, code: str) -> RuleSet:
        return self._sets[code]

    def select(self, mode: str, start: date) -> Selection:
        if mode != BY_START_DATE:
            return Selection(self._sets[mode], None)
        ordered = list(self._sets.values())
        for ruleset in ordered:
            if ruleset.window.governs(start):
                return Selection(ruleset, True)
        # Outside every window: explain with the nearest set.
        nearest = ordered[0] if start < ordered[0].window.applies_from else ordered[-1]
        return Selection(nearest, False)


class _Reader:
    """Typed access to a parsed TOML table, with errors naming file and field."""

    def __init__(self, file: str, data: dict[str, Any], prefix: str = "",
                 family: list[_Reader] | None = None) -> None:
        self.file, self.data, self.prefix = file, data, prefix
        self.used: set[str] = set()
        # Every reader of one file, so unknown (e.g. misspelt) keys are found.
        self.family = family if family is not None else []
        self.family.append(self)

    def reject_unknown_keys(self) -> None:
        for reader in self.family:
            unknown = sorted(set(reader.data) - reader.used)
            if unknown:
                raise reader.fail(unknown[0], "unknown field (misspelt?)")

    def fail(self, key: str, problem: str) -> RuleSetError:
        return RuleSetError(f"{self.file}: field '{self.prefix}{key}': {problem}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "missing")
            return default
        value = self.data[key]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(key, "must not be true/false")
        if not isinstance(value, kind):
            raise self.fail(key, f"expected {getattr(kind, '__name__', kind)}")
        return value

    def table(self, key: str) -> _Reader:
        return _Reader(self.file, self.get(key, dict), f"{self.prefix}{key}.", self.family)

    def text(self, key: str) -> str:
        value = self.get(key, str)
        if not value.strip():
            raise self.fail(key, "must not be empty")
        return value

    def count(self, key: str, minimum: int = 0) -> int:
        value = self.get(key, int)
        if value < minimum:
            raise self.fail(key, f"must be at least {minimum}")
        return value

    def day(self, key: str) -> date:
        value = self.optional_day(key)
        if value is None:
            raise self.fail(key, "missing")
        return value

    def optional_day(self, key: str) -> date | None:
        value = self.get(key, date, None)
        # TOML datetimes are dates too (a subclass), but compare with neither.
        if value is not None and type(value) is not date:
            raise self.fail(key, "expected a date (YYYY-MM-DD), not a date and time")
        return value

    def codes(self, key: str, vocabulary: tuple[str, ...]) -> frozenset[str]:
        values = self.get(key, list)
        unknown = [v for v in values if v not in vocabulary]
        if unknown or not all(isinstance(v, str) for v in values):
            raise self.fail(key, f"unknown values {unknown}; allowed: {', '.join(vocabulary)}")
        return frozenset(values)

    def amount(self, key: str) -> Decimal:
        raw = self.get(key, str)
        try:
            value = Decimal(raw)
        except InvalidOperation as exc:
            raise self.fail(key, "expected an amount as a string, e.g. \"20000.00\"") from exc
        if not value.is_finite():
            raise self.fail(key, "must be a finite amount")
        if value < 0:
            raise self.fail(key, "must not be negative")
        return value


def parse_ruleset(file: str, data: dict[str, Any]) -> RuleSet:
    top = _Reader(file, data)
    w, age, res = top.table("window"), top.table("age"), top.table("residence")
    tg, prev, rec = top.table("target_group"), top.table("previous_igu"), top.table("recent_employment")
    course, school = top.table("course"), top.table("schooling")
    window = Window(w.day("applies_from"), w.optional_day("applies_to"),
                    w.day("last_start_date"), w.text("legal_reference"))
    if window.last_start_date < window.applies_from:
        raise w.fail("last_start_date", "is before applies_from")
    age_rule = AgeRule(age.count("min_years"), age.count("max_years_exclusive"),
                       age.text("legal_reference"))
    if age_rule.max_years_exclusive <= age_rule.min_years:
        raise age.fail("max_years_exclusive", "must be above min_years")
    claims = []
    for i, item in enumerate(top.get("claims", list, [])):
        if not isinstance(item, dict):
            raise top.fail(f"claims[{i}]", "expected a table")
        claims.append(_parse_claim(_Reader(file, item, f"claims[{i}].", top.family)))
    ruleset = RuleSet(
        code=top.text("code"),
        title_da=top.text("title_da"),
        title_en=top.text("title_en"),
        source=top.text("source"),
        window=window,
        age=age_rule,
        residence=ResidenceRule(res.count("max_years", 1), res.text("legal_reference")),
        target_group=TargetGroupRule(tg.codes("eligible", TARGET_GROUPS), tg.text("legal_reference")),
        previous_igu=PreviousIguRule(prev.text("legal_reference")),
        recent_employment=RecentEmploymentRule(rec.count("months", 1), rec.text("legal_reference")),
        course=CourseRule(
            course.count("duration_months", 1), course.count("min_average_workplace_hours", 1),
            course.count("max_average_total_hours", 1), course.count("guidance_min_weekly_hours", 1),
            course.text("legal_reference"),
        ),
        schooling=SchoolingRule(
            school.count("weeks", 1), school.count("hours_per_week", 1),
            school.codes("allowed_kinds", SCHOOLING_KINDS),
            school.codes("required_kinds", SCHOOLING_KINDS),
            school.codes("double_counted_kinds", SCHOOLING_KINDS),
            school.count("min_amu_weeks_after_danish_test"),
            school.get("danish_allowed_after_danish_test", bool),
            school.text("legal_reference"),
        ),
        claims=tuple(claims),
    )
    top.reject_unknown_keys()
    return ruleset


def _parse_claim(r: _Reader) -> ClaimType:
    beneficiary = r.text("beneficiary")
    if beneficiary not in BENEFICIARIES:
        raise r.fail("beneficiary", f"must be one of {', '.join(BENEFICIARIES)}")
    milestone = r.text("milestone")
    if milestone not in CLAIM_MILESTONES:
        raise r.fail("milestone", f"must be one of {', '.join(CLAIM_MILESTONES)}")
    deadline = r.get("deadline_months_after", int, None)
    return ClaimType(r.text("code"), beneficiary, r.amount("amount"), milestone,
                     r.count("months", 1), deadline, r.get("private_employers_only", bool, False),
                     r.text("legal_reference"))


def load_file(path: Path) -> RuleSet:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(f"{path.name}: not valid TOML: {exc}") from exc
    ruleset = parse_ruleset(path.name, data)
    if ruleset.code != path.stem:
        raise RuleSetError(f"{path.name}: field 'code': {ruleset.code!r} does not match the file name")
    return ruleset


def load_catalogue(directory: Path) -> RuleCatalogue:
    files = sorted(directory.glob("igu-*.toml"))
    if not files:
        raise RuleSetError(f"{directory}: no rule files (igu-*.toml)")
    return RuleCatalogue([load_file(f) for f in files])
