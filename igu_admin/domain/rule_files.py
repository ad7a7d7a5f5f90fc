"""Reading rule files: strict TOML into RuleSet, with errors naming file and field.

Every part names its legal source and how sure it is. A part can change within
the set (`[[part.changes]]`, each with its own date and source), a target group
can join later (`[target_group.dated.<group>]`), and a value can name its own
source (`[part.sources.<value>]`). Unknown keys are errors, also in these.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from igu_admin.domain.rule_parts import (
    BENEFICIARIES,
    CLAIM_EVIDENCE,
    CLAIM_MILESTONES,
    DATED_PARTS,
    EMPLOYMENT_BARS,
    EXTENSION_GROUNDS,
    OPTIONAL_PARTS,
    PROGRAMME_YEAR_DAYS,
    SCHOOLING_KINDS,
    SURENESS,
    TARGET_GROUPS,
    AgeRule,
    CapRule,
    CertificateRule,
    ClaimType,
    CourseRule,
    DatedGroup,
    Dating,
    ExtensionGround,
    ExtensionRule,
    Part,
    PreviousIguRule,
    Rate,
    RecentEmploymentRule,
    ResidenceRule,
    RuleSet,
    SchoolingRule,
    Source,
    TargetGroupRule,
    Window,
)
from igu_admin.domain.table_reader import RuleSetError, TableReader

# Keys of a part's table that are not values: a change states its own.
_NOT_INHERITED = frozenset({"changes", "sources", "dated", "legal_reference", "sureness",
                            "note", "effective_from", "date_sureness", "date_note"})


def _source(r: TableReader) -> Source:
    return Source(r.text("legal_reference"), r.choice("sureness", SURENESS),
                  r.optional_text("note"))


def _dating(r: TableReader) -> Dating:
    return Dating(r.day("effective_from"), r.choice("date_sureness", SURENESS),
                  r.optional_text("date_note"))


def _value_sources(r: TableReader, cls: type[Part]) -> dict[str, Source]:
    if "sources" not in r.data:
        r.used.add("sources")
        return {}
    table = r.table("sources")
    found = {}
    for name in table.data:
        if name not in cls.value_names():
            raise table.fail(name, f"not a value of this part; values: {', '.join(cls.value_names())}")
        found[name] = _source(table.table(name))
    return found


def _age(r: TableReader) -> dict[str, Any]:
    values = {"min_years": r.count("min_years"),
              "max_years_exclusive": r.count("max_years_exclusive")}
    if values["max_years_exclusive"] <= values["min_years"]:
        raise r.fail("max_years_exclusive", "must be above min_years")
    return values


def _residence(r: TableReader) -> dict[str, Any]:
    return {"max_years": r.count("max_years", 1)}


def _target_group(r: TableReader) -> dict[str, Any]:
    eligible = r.codes("eligible", TARGET_GROUPS)
    dated: dict[str, DatedGroup] = {}
    if "dated" in r.data:
        table = r.table("dated")
        for group in table.data:
            if group not in eligible:
                raise table.fail(group, "a dated group must be in 'eligible'")
            entry = table.table(group)
            dated[group] = DatedGroup(_dating(entry), _source(entry))
    else:
        r.used.add("dated")
    return {"eligible": eligible, "dated": dated}


def _previous_igu(r: TableReader) -> dict[str, Any]:
    return {}


def _recent_employment(r: TableReader) -> dict[str, Any]:
    bar = r.choice("bar", EMPLOYMENT_BARS)
    months = r.get("months", int, None)
    if bar == "months" and months is None:
        raise r.fail("months", "missing (bar = \"months\")")
    if bar != "months" and months is not None:
        raise r.fail("months", "only with bar = \"months\"")
    if months is not None and months < 1:
        raise r.fail("months", "must be at least 1")
    return {"bar": bar, "months": months}


def _course(r: TableReader) -> dict[str, Any]:
    return {name: r.count(name, 1) for name in CourseRule.value_names()}


def _schooling(r: TableReader) -> dict[str, Any]:
    return {
        "weeks": r.count("weeks", 1), "hours_per_week": r.count("hours_per_week", 1),
        "allowed_kinds": r.codes("allowed_kinds", SCHOOLING_KINDS),
        "required_kinds": r.codes("required_kinds", SCHOOLING_KINDS),
        "double_counted_kinds": r.codes("double_counted_kinds", SCHOOLING_KINDS),
        "min_amu_weeks_after_danish_test": r.count("min_amu_weeks_after_danish_test"),
        "danish_allowed_after_danish_test": r.flag("danish_allowed_after_danish_test"),
        "plan_deadline_months": r.count("plan_deadline_months", 1),
    }


def _extension(r: TableReader) -> dict[str, Any]:
    grounds: list[ExtensionGround] = []
    for i, item in enumerate(r.get("grounds", list)):
        if not isinstance(item, dict):
            raise r.fail(f"grounds[{i}]", "expected a table")
        g = TableReader(r.file, item, f"{r.prefix}grounds[{i}].", r.family)
        code = g.choice("code", EXTENSION_GROUNDS)
        if any(other.code == code for other in grounds):
            raise g.fail("code", f"{code!r} is listed twice")
        weeks = g.get("min_continuous_weeks_over", int, None)
        if weeks is not None and weeks < 1:
            raise g.fail("min_continuous_weeks_over", "must be at least 1")
        grounds.append(ExtensionGround(code, g.flag("mandatory"), g.flag("limited_to_absence"),
                                       weeks, _source(g)))
    if not grounds:
        raise r.fail("grounds", "must list at least one ground")
    return {"grounds": tuple(grounds)}


def _cap(r: TableReader) -> dict[str, Any]:
    return {"max_new_courses_per_year": r.count("max_new_courses_per_year", 1),
            "max_pause_months": r.count("max_pause_months", 1)}


def _certificate(r: TableReader) -> dict[str, Any]:
    return {}


_PARTS: dict[str, tuple[type[Part], Callable[[TableReader], dict[str, Any]]]] = {
    "age": (AgeRule, _age),
    "residence": (ResidenceRule, _residence),
    "target_group": (TargetGroupRule, _target_group),
    "previous_igu": (PreviousIguRule, _previous_igu),
    "recent_employment": (RecentEmploymentRule, _recent_employment),
    "course": (CourseRule, _course),
    "schooling": (SchoolingRule, _schooling),
    "extension": (ExtensionRule, _extension),
    "cap": (CapRule, _cap),
    "certificate": (CertificateRule, _certificate),
}
assert set(_PARTS) == set(DATED_PARTS)


def _build(name: str, r: TableReader) -> Part:
    cls, values = _PARTS[name]
    return cls(source=_source(r), value_sources=_value_sources(r, cls), **values(r))


def _part_versions(top: TableReader, name: str) -> tuple[Part | None, tuple[Part, ...]]:
    """A part as first in force, and its later versions in date order."""
    if name in OPTIONAL_PARTS and name not in top.data:
        top.used.add(name)
        return None, ()
    r = top.table(name)
    first = _build(name, r)
    if name in OPTIONAL_PARTS and "effective_from" in r.data:
        first = replace(first, since=_dating(r))
    later: list[Part] = []
    for i, raw in enumerate(r.get("changes", list, [])):
        prefix = f"{r.prefix}changes[{i}]."
        if not isinstance(raw, dict):
            raise r.fail(f"changes[{i}]", "expected a table")
        for key in ("effective_from", "date_sureness", "legal_reference", "sureness"):
            if key not in raw:
                raise RuleSetError(f"{r.file}: field '{prefix}{key}': missing (a change "
                                   "states its own date and source)")
        if "dated" in raw:
            raise RuleSetError(f"{r.file}: field '{prefix}dated': a group's own date belongs "
                               f"in [{r.prefix}dated], not in a change")
        merged = {k: v for k, v in r.data.items() if k not in _NOT_INHERITED} | raw
        c = TableReader(r.file, merged, prefix, top.family)
        version = replace(_build(name, c), since=_dating(c))
        inherited = {value: (later[-1] if later else first).source_of(value)
                     for value in type(first).value_names() if value not in raw}
        version = replace(version, value_sources=inherited | dict(version.value_sources))
        if isinstance(first, TargetGroupRule) and isinstance(version, TargetGroupRule):
            version = replace(version, dated=first.dated)
        previous = later[-1].since if later else first.since
        assert version.since is not None
        if previous is not None and version.since.effective_from <= previous.effective_from:
            raise c.fail("effective_from", "changes must be in date order, each after the last")
        later.append(version)
    return first, tuple(later)


def parse_ruleset(file: str, data: dict[str, Any]) -> RuleSet:
    top = TableReader(file, data)
    w = top.table("window")
    window = Window(applies_from=w.day("applies_from"), applies_to=w.optional_day("applies_to"),
                    last_start_date=w.day("last_start_date"), source=_source(w),
                    value_sources=_value_sources(w, Window))
    if window.last_start_date < window.applies_from:
        raise w.fail("last_start_date", "is before applies_from")
    parts: dict[str, Any] = {}
    changes: dict[str, tuple[Part, ...]] = {}
    for name in DATED_PARTS:
        parts[name], later = _part_versions(top, name)
        if later:
            changes[name] = later
    claims: list[ClaimType] = []
    for i, item in enumerate(top.get("claims", list, [])):
        if not isinstance(item, dict):
            raise top.fail(f"claims[{i}]", "expected a table")
        claim_reader = TableReader(file, item, f"claims[{i}].", top.family)
        claim = _claim(claim_reader)
        if any(other.code == claim.code for other in claims):
            raise claim_reader.fail("code", f"{claim.code!r} is listed twice")
        claims.append(claim)
    ruleset = RuleSet(
        code=top.text("code"), title_da=top.text("title_da"), title_en=top.text("title_en"),
        source=top.text("source"), window=window, claims=tuple(claims), changes=changes,
        **parts)
    top.reject_unknown_keys()
    return ruleset


def _claim(r: TableReader) -> ClaimType:
    milestone = r.choice("milestone", CLAIM_MILESTONES)
    months = r.get("months", int, None)
    if milestone == "employed_months" and months is None:
        raise r.fail("months", "missing (milestone = \"employed_months\")")
    if milestone != "employed_months" and months is not None:
        raise r.fail("months", "only with milestone = \"employed_months\" (a completion "
                               "claim falls due when the course ends)")
    if months is not None and months < 1:
        raise r.fail("months", "must be at least 1")
    deadline = r.get("deadline_months_after", int, None)
    if deadline is not None and deadline < 1:
        raise r.fail("deadline_months_after", "must be at least 1")
    evidence = r.get("evidence", list, [])
    unknown = [e for e in evidence if e not in CLAIM_EVIDENCE]
    if unknown:
        raise r.fail("evidence", f"unknown values {unknown}; allowed: {', '.join(CLAIM_EVIDENCE)}")
    if len(set(evidence)) != len(evidence):
        raise r.fail("evidence", "lists a value twice")
    rates = _rates(r)
    by_year = rates[0].programme_years is not None
    day = r.get("programme_year_day", str, None)
    if by_year and day is None:
        raise r.fail("programme_year_day", "missing (the rates are by programme years)")
    if not by_year and day is not None:
        raise r.fail("programme_year_day", "only with rates by programme_years")
    if day is not None and day not in PROGRAMME_YEAR_DAYS:
        raise r.fail("programme_year_day", f"must be one of {', '.join(PROGRAMME_YEAR_DAYS)}")
    return ClaimType(code=r.text("code"), beneficiary=r.choice("beneficiary", BENEFICIARIES),
                     milestone=milestone, months=months, deadline_months_after=deadline,
                     private_employers_only=r.get("private_employers_only", bool, False),
                     enabled=r.get("enabled", bool, True), evidence=tuple(evidence),
                     programme_year_day=day, rates=rates,
                     source=_source(r), value_sources=_value_sources(r, ClaimType))


def _rates(r: TableReader) -> tuple[Rate, ...]:
    """[[claims.rates]]: each with its own source; by programme years either
    all or none; per programme years in date order, each after the last."""
    rates: list[Rate] = []
    for i, item in enumerate(r.get("rates", list)):
        if not isinstance(item, dict):
            raise r.fail(f"rates[{i}]", "expected a table")
        g = TableReader(r.file, item, f"{r.prefix}rates[{i}].", r.family)
        rate = Rate(valid_from=g.day("valid_from"), amount=g.amount("amount"),
                    programme_years=_programme_years(g), source=_source(g))
        if rates and (rate.programme_years is None) != (rates[0].programme_years is None):
            raise g.fail("programme_years", "give it for every rate of the claim or for none")
        same = [other for other in rates if other.programme_years == rate.programme_years]
        if same and rate.valid_from <= same[-1].valid_from:
            raise g.fail("valid_from", "rates must be in date order, each after the last of the "
                                       "same programme years")
        if any(_overlap(rate.programme_years, o.programme_years) for o in rates
               if o.programme_years != rate.programme_years):
            raise g.fail("programme_years", "overlaps the years of another rate")
        rates.append(rate)
    if not rates:
        raise r.fail("rates", "must list at least one rate")
    return tuple(rates)


def _programme_years(r: TableReader) -> tuple[int, int] | None:
    years = r.get("programme_years", list, None)
    if years is None:
        return None
    if len(years) != 2 or not all(type(y) is int for y in years) \
            or not 1 <= years[0] <= years[1]:
        raise r.fail("programme_years", "expected [first, last], whole years from 1, "
                                        "e.g. [1, 3]")
    return years[0], years[1]


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] <= b[1] and b[0] <= a[1]


def load_file(path: Path) -> RuleSet:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(f"{path.name}: not valid TOML: {exc}") from exc
    ruleset = parse_ruleset(path.name, data)
    if ruleset.code != path.stem:
        raise RuleSetError(f"{path.name}: field 'code': {ruleset.code!r} does not match the file name")
    return ruleset
