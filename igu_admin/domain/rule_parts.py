"""The parts a rule set is made of, each with its legal source.

Every part names where it comes from (`source`) and how sure that is. A part
can also carry its own start (`since`): a later version of a criterion, or a
part that only began after the rule set's first start date. Parts are judged
against the course's start date, never against today.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal

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
# What makes a claim fall due: months of employment after the start (the
# claim's `months`), or the completed course (its end after extensions).
CLAIM_MILESTONES = ("employed_months", "completion")
BENEFICIARIES = ("company", "municipality")
# What a claim must be sent with; services/rule_labels words each code.
CLAIM_EVIDENCE = (
    "vitas_registration",
    "employment_period",
    "completion_certificate",
    "workplace_hours",
    "language_centre_transcript",
    "amu_certificates",
    "other_schooling_certificates",
    "continuous_employment",
)
# The day whose year of the person's integration programme picks a rate:
# the course's start (the day the employment began) or the claim's due date.
PROGRAMME_YEAR_DAYS = ("course_start", "due_date")
# How sure a reference or a date is, from most to least.
SURENESS = ("verified", "amending_bill", "guidance", "unverified")
# Fields that are not single values with a source: the meta fields every part
# has, and the items that carry their own source (dated groups, grounds).
_NOT_VALUES = frozenset({"source", "since", "value_sources", "dated", "grounds", "rates"})


@dataclass(frozen=True)
class Source:
    """Where a rule comes from. `sureness`: verified (the text was read in the
    act or order), amending_bill (read in the bill that made the change),
    guidance (the ministry's guidance, no section found) or unverified."""

    legal_reference: str
    sureness: str
    note: str | None = None


@dataclass(frozen=True)
class Dating:
    """The first start date a part applies to, and how sure that date is."""

    effective_from: date
    sureness: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Part:
    source: Source
    since: Dating | None = None
    # Values whose source differs from the part's own (by field name).
    value_sources: Mapping[str, Source] = field(default_factory=dict, compare=False)

    @property
    def legal_reference(self) -> str:
        return self.source.legal_reference

    def in_force_for(self, start: date) -> bool:
        return self.since is None or self.since.effective_from <= start

    def source_of(self, value_name: str) -> Source:
        return self.value_sources.get(value_name, self.source)

    @classmethod
    def value_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls) if f.name not in _NOT_VALUES)


@dataclass(frozen=True, kw_only=True)
class Window(Part):
    applies_from: date
    applies_to: date | None
    last_start_date: date

    def governs(self, start: date) -> bool:
        last = self.last_start_date
        if self.applies_to is not None:
            last = min(last, self.applies_to)
        return self.applies_from <= start <= last


@dataclass(frozen=True, kw_only=True)
class AgeRule(Part):
    min_years: int
    max_years_exclusive: int


@dataclass(frozen=True, kw_only=True)
class ResidenceRule(Part):
    max_years: int


@dataclass(frozen=True)
class DatedGroup:
    """A target group that joined after the rule set's first start date."""

    since: Dating
    source: Source


@dataclass(frozen=True, kw_only=True)
class TargetGroupRule(Part):
    eligible: frozenset[str]
    dated: Mapping[str, DatedGroup] = field(default_factory=dict, compare=False)

    def eligible_on(self, start: date) -> frozenset[str]:
        return frozenset(g for g in self.eligible
                         if g not in self.dated or self.dated[g].since.effective_from <= start)


@dataclass(frozen=True, kw_only=True)
class PreviousIguRule(Part):
    pass


# What bars an IGU after ordinary employment in the same company: employment
# within a number of months before the start, or (the act's first wording) an
# IGU in direct continuation of that employment.
EMPLOYMENT_BARS = ("months", "direct_continuation")


@dataclass(frozen=True, kw_only=True)
class RecentEmploymentRule(Part):
    bar: str
    months: int | None


@dataclass(frozen=True, kw_only=True)
class CourseRule(Part):
    duration_months: int
    min_average_workplace_hours: int
    max_average_total_hours: int
    guidance_min_weekly_hours: int
    # The agreement is registered in VITAS within this many months of the start.
    registration_deadline_months: int


@dataclass(frozen=True, kw_only=True)
class SchoolingRule(Part):
    weeks: int
    hours_per_week: int
    allowed_kinds: frozenset[str]
    required_kinds: frozenset[str]
    double_counted_kinds: frozenset[str]
    min_amu_weeks_after_danish_test: int
    danish_allowed_after_danish_test: bool
    # The plan is due (in VITAS) by the end of this many months of employment.
    plan_deadline_months: int


@dataclass(frozen=True)
class Rate:
    """An amount for claims falling due from `valid_from` until the next rate
    (of the same programme years) begins; the last one applies onwards.
    `programme_years`: the years of the person's integration programme it is
    for, both included ((1, 3), (4, 5)); None for every course."""

    valid_from: date
    amount: Decimal
    programme_years: tuple[int, int] | None
    source: Source

    def covers_year(self, year: int | None) -> bool:
        if self.programme_years is None:
            return True
        return year is not None and self.programme_years[0] <= year <= self.programme_years[1]


@dataclass(frozen=True, kw_only=True)
class ClaimType(Part):
    """A kind of bonus claim. `months`: for the milestone employed_months only.
    `enabled`: an administrator switches a claim type off here (it is then
    never scheduled). `programme_year_day`: which day's year of the
    integration programme picks the rate, for rates by programme years; a
    claim with such rates needs the programme's start and is not scheduled
    beyond the last year a rate covers."""

    code: str
    beneficiary: str
    milestone: str
    months: int | None
    deadline_months_after: int | None
    private_employers_only: bool
    enabled: bool = True
    evidence: tuple[str, ...] = ()
    programme_year_day: str | None = None
    rates: tuple[Rate, ...] = ()

    @property
    def by_programme_year(self) -> bool:
        return any(rate.programme_years is not None for rate in self.rates)

    def rate_for(self, due: date, programme_year: int | None) -> Rate | None:
        """The rate for a claim falling due on `due`: the latest one begun by
        then for the programme year; None when there is none."""
        found: Rate | None = None
        for rate in self.rates:
            if rate.covers_year(programme_year) and rate.valid_from <= due \
                    and (found is None or rate.valid_from >= found.valid_from):
                found = rate
        return found


EXTENSION_GROUNDS = ("special_circumstances", "parental_leave", "sickness")


@dataclass(frozen=True)
class ExtensionGround:
    """One reason to extend a course. `mandatory`: the course is extended; else
    the trainee and the company may agree to it. `limited_to_absence`: by at
    most the length of the absence. `min_continuous_weeks_over`: the absence
    must be continuous and longer than this many weeks."""

    code: str
    mandatory: bool
    limited_to_absence: bool
    min_continuous_weeks_over: int | None
    source: Source


@dataclass(frozen=True, kw_only=True)
class ExtensionRule(Part):
    grounds: tuple[ExtensionGround, ...]

    def ground(self, code: str) -> ExtensionGround | None:
        return next((g for g in self.grounds if g.code == code), None)


@dataclass(frozen=True, kw_only=True)
class CapRule(Part):
    """A national cap no installation can count: shown as information only."""

    max_new_courses_per_year: int
    max_pause_months: int


@dataclass(frozen=True, kw_only=True)
class CertificateRule(Part):
    """The certificate at the end of a course: only its source, which the
    certificate cites (no value: no official format was found)."""


# The parts that can change within a rule set ([[part.changes]] in a file), and
# the optional ones, which may start later than the set (or be absent).
DATED_PARTS = ("age", "residence", "target_group", "previous_igu", "recent_employment",
               "course", "schooling", "extension", "cap", "certificate")
OPTIONAL_PARTS = ("extension", "cap", "certificate")


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
    extension: ExtensionRule | None = None
    cap: CapRule | None = None
    certificate: CertificateRule | None = None
    # Later versions of a part, by part name, in date order.
    changes: Mapping[str, tuple[Part, ...]] = field(default_factory=dict, compare=False)

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" else self.title_da

    def versions(self, name: str) -> tuple[Part, ...]:
        """Every version of a part, the first one first."""
        first = getattr(self, name)
        return ((first,) if first is not None else ()) + self.changes.get(name, ())

    def as_of(self, start: date) -> RuleSet:
        """The set as it applies to a course starting on `start`: each part in
        the version in force then, and optional parts not yet begun left out.
        Call it on the set as loaded, not on one already resolved."""
        # Between two dates on which a part changes the answer is the same:
        # resolve once per such period (the check runs this for every answer).
        boundaries = self.__dict__.get("_boundaries")
        if boundaries is None:
            boundaries = sorted({v.since.effective_from for name in DATED_PARTS
                                 for v in self.versions(name) if v.since is not None})
            self.__dict__["_boundaries"] = boundaries  # frozen: set once, derived
        period = bisect.bisect_right(boundaries, start)
        cache: dict[int, RuleSet] = self.__dict__.setdefault("_as_of", {})
        if period not in cache:
            cache[period] = self._resolve(start)
        return cache[period]

    def _resolve(self, start: date) -> RuleSet:
        resolved: dict[str, Part | None] = {}
        for name in DATED_PARTS:
            versions = [v for v in self.versions(name) if v.in_force_for(start)]
            if versions:
                resolved[name] = versions[-1]
            elif name in OPTIONAL_PARTS:
                resolved[name] = None
        return replace(self, **resolved)  # type: ignore[arg-type]

    def latest(self, name: str) -> Part | None:
        """The newest version of a part: the one that applies to a course starting today
        or later."""
        versions = self.versions(name)
        return versions[-1] if versions else None

    def sources(self) -> Iterator[tuple[str, Source]]:
        """Every source the set cites, with the path of the value it backs."""
        for name in ("window", *DATED_PARTS):
            for i, part in enumerate(self.versions(name)):
                prefix = name if i == 0 else f"{name}.changes[{i - 1}]"
                yield from _part_sources(prefix, part)
        for i, claim in enumerate(self.claims):
            yield from _part_sources(f"claims[{i}]", claim)
            for j, rate in enumerate(claim.rates):
                yield f"claims[{i}].rates[{j}]", rate.source


def _part_sources(prefix: str, part: Part) -> Iterator[tuple[str, Source]]:
    yield prefix, part.source
    for value_name, source in part.value_sources.items():
        yield f"{prefix}.{value_name}", source
    if isinstance(part, TargetGroupRule):
        for group, dated in part.dated.items():
            yield f"{prefix}.dated.{group}", dated.source
    if isinstance(part, ExtensionRule):
        for ground in part.grounds:
            yield f"{prefix}.grounds.{ground.code}", ground.source
