"""The municipality's figures and the benchmark between municipalities: the
measures, their medians and rounding, the suppression that keeps a person
from being recognised, the benchmark's groups and the forecast's arithmetic.

Pure: the services fetch compact rows (one per approved agreement, the days
from first submission to decision, the claims' sums) and hand them here.

A course is an agreement, or a chain of agreements when another employer
continued it after an early end: its first day is the first agreement's, a
continuation is not a new start, and the early end that another employer
continued is counted as `continued`, not as `ended_early`.

Shares are computed as exact fractions and rounded half up to two decimals
only when shown, so a share of exactly 0.125 shows as 0.13 and sorting by the
benchmark's difference uses the unrounded value.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from igu_admin.domain.lifecycle import AgreementStatus

AGE_BANDS = ("18-24", "25-29", "30-39", "40-49")
_AGE_LIMITS = ((18, 24), (25, 29), (30, 39), (40, 49))
SEXES = ("female", "male")
FEMALE, MALE = SEXES
# Counts from 1 to this are not shown; a share or a median built on fewer
# courses than SMALL + 1 is not shown either.
SMALL = 4
MIN_BASE = SMALL + 1
BENCHMARK_GROUPS = 5
# The agreements that were approved: a course (or part of one) that ran or runs.
APPROVED_STATUSES = (AgreementStatus.APPROVED.value, AgreementStatus.ACTIVE.value,
                     AgreementStatus.COMPLETED.value, AgreementStatus.TERMINATED.value)
# The agreements a caseworker decided on (approved, or rejected).
DECIDED_STATUSES = (*APPROVED_STATUSES, AgreementStatus.REJECTED.value)
# What an agreement's end in a period is.
COMPLETED, ENDED_EARLY, CONTINUED = "completed", "ended_early", "continued"
BASIS_MUNICIPALITY, BASIS_INSTANCE, BASIS_NONE = "municipality", "instance", "none"
# The instance's totals ("all") discounted by their own share.
BASIS_ALL = "all"
ALL = "all"
FORECAST_MONTHS = 12
_CENT = Decimal("0.01")


# ---------------------------------------------------------------- results

@dataclass(frozen=True)
class ClaimFigures:
    """One kind of claim (company bonus or result grant)."""

    due: int | None
    due_amount: Decimal | None
    paid: int | None
    paid_amount: Decimal | None


@dataclass(frozen=True)
class ForecastMonth:
    month: str  # "YYYY-MM"
    scheduled_amount: Decimal
    expected_amount: Decimal


@dataclass(frozen=True)
class Forecast:
    months: tuple[ForecastMonth, ...]
    early_end_share_used: Decimal | None
    # "municipality" | "instance" | "all" | "none": which share was used (the
    # sentence is worded in wording/, translated).
    basis: str


@dataclass(frozen=True)
class Overview:
    """What the page and the API show, suppression applied."""

    municipality_code: str  # a code or "all"
    from_: date
    to: date
    started: int | None
    active_on_to: int | None
    completed: int | None
    ended_early: int | None
    early_end_share: Decimal | None
    continued: int | None
    median_days_submitted_to_decided: Decimal | None
    median_days_registered_to_start: Decimal | None
    by_target_group: dict[str, int | None]
    by_age_band: dict[str, int | None]
    by_sex: dict[str, int | None]  # keys "female", "male"
    company_bonus: ClaimFigures
    result_grant: ClaimFigures
    forecast: Forecast
    suppressed: tuple[str, ...]  # dotted paths, as the API lists them
    small: tuple[str, ...]  # the subset of `suppressed` that are counts 1-4


@dataclass(frozen=True)
class BenchmarkRow:
    municipality_code: str
    # None when 1-4: no count below 5 is shown, here neither.
    ended: int | None
    early_end_share: Decimal | None
    expected_early_end_share: Decimal | None
    difference: Decimal | None
    group: int | None
    median_days_submitted_to_decided: Decimal | None


@dataclass(frozen=True)
class Benchmark:
    rows: tuple[BenchmarkRow, ...]
    instance_median_days_submitted_to_decided: Decimal | None


@dataclass(frozen=True)
class QuarterFigures:
    """One quarter of the charts, suppression applied the same way."""

    quarter: str  # "2026-Q3"; its label in the user's language is wording's job
    from_: date
    to: date
    started: int | None
    ended: int | None  # completed + ended_early
    median_days_submitted_to_decided: Decimal | None
    due_amount: Decimal | None  # both kinds of claims together
    paid_amount: Decimal | None
    suppressed: tuple[str, ...] = ()
    small: tuple[str, ...] = ()


# ---------------------------------------------------------------- inputs

@dataclass(frozen=True)
class CourseRecord:
    """One approved agreement, as compact as the measures need."""

    municipality_code: str
    status: str
    start_date: date
    end_date: date | None
    termination_date: date | None
    # It continues another agreement's course (not a new start).
    is_continuation: bool
    # It ended early and another employer continued the course.
    continued: bool
    target_group: str | None
    registered_since: date | None
    sex: str | None
    birth_date: date | None


@dataclass(frozen=True)
class ClaimTotals:
    """One kind of claim's figures before suppression."""

    due: int = 0
    due_amount: Decimal = Decimal("0.00")
    paid: int = 0
    paid_amount: Decimal = Decimal("0.00")


@dataclass(frozen=True)
class EndedCounts:
    """Ended courses of one target group (before suppression)."""

    completed: int = 0
    ended_early: int = 0
    continued: int = 0

    @property
    def ended(self) -> int:
        return self.completed + self.ended_early


# ---------------------------------------------------------------- arithmetic

def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """The value rounded half up (away from zero at exactly half) to
    `places` decimals, from the exact fraction: no float on the way."""
    scale = 10 ** places
    scaled = abs(value) * scale
    whole = math.floor(scaled + Fraction(1, 2))
    sign = -1 if value < 0 else 1
    return (Decimal(sign * whole) / Decimal(scale)).quantize(Decimal(1).scaleb(-places))


def share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def median_days(days: Iterable[int] | Mapping[int, int]) -> tuple[Decimal | None, int]:
    """The median of whole days (of a list, or of a histogram day -> count)
    and the number of values; a median of an even number may end in .5."""
    values = (sorted(Counter(dict(days)).elements()) if isinstance(days, Mapping)
              else sorted(days))
    if not values:
        return None, 0
    middle = statistics.median(values)
    return Decimal(str(middle)).normalize() if middle % 1 else Decimal(int(middle)), len(values)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(birth: date | None, start: date) -> str | None:
    """The age band at the start; None outside 18-49 (the act's ages; an
    imported course may hold anything) or without a birth date."""
    return None if birth is None else band_of_age(age_on(birth, start))


def band_of_age(age: int | None) -> str | None:
    if age is None:
        return None
    for band, (low, high) in zip(AGE_BANDS, _AGE_LIMITS, strict=True):
        if low <= age <= high:
            return band
    return None


def within(day: date | None, from_: date, to: date) -> bool:
    return day is not None and from_ <= day <= to


def last_day(record: CourseRecord) -> date | None:
    return record.termination_date or record.end_date


def ended_kind(record: CourseRecord, from_: date, to: date) -> str | None:
    """How the agreement ended in the period: completed (status completed,
    its end date in the period), ended early (a recorded early end whose last
    day is in the period), continued (that, and another employer continued
    the course); None when it did not end in the period."""
    if record.termination_date is not None:
        if not within(record.termination_date, from_, to):
            return None
        return CONTINUED if record.continued else ENDED_EARLY
    if record.status == AgreementStatus.COMPLETED.value and within(record.end_date, from_, to):
        return COMPLETED
    return None


def is_start(record: CourseRecord, from_: date, to: date) -> bool:
    """A course's first day in the period (a continuation is no new start)."""
    return not record.is_continuation and within(record.start_date, from_, to)


def is_active_on(record: CourseRecord, day: date) -> bool:
    end = last_day(record)
    return record.start_date <= day and (end is None or end >= day)


def ended_counts(records: Iterable[CourseRecord], from_: date, to: date) -> EndedCounts:
    kinds = Counter(ended_kind(r, from_, to) for r in records)
    return EndedCounts(completed=kinds[COMPLETED], ended_early=kinds[ENDED_EARLY])


# ---------------------------------------------------------------- suppression

@dataclass
class Suppression:
    """Collects what is not shown: `suppressed` all of it, `small` the
    counts from 1 to 4 (the page shows "<5"; the rest a dash)."""

    suppressed: list[str] = field(default_factory=list)
    small: list[str] = field(default_factory=list)

    def count(self, path: str, value: int) -> int | None:
        if 0 < value <= SMALL:
            self.suppressed.append(path)
            self.small.append(path)
            return None
        return value

    def hide(self, path: str) -> None:
        self.suppressed.append(path)

    def based(self, path: str, value: Decimal | None, base: int) -> Decimal | None:
        """A share or a median: not shown when built on fewer than 5 courses."""
        if base < MIN_BASE:
            self.hide(path)
            return None
        return value

    def breakdown(self, name: str, cells: Mapping[str, int], total: int
                  ) -> dict[str, int | None]:
        """Counts of one breakdown of `total`; when exactly one cell is
        suppressed, the smallest other non-zero cell too (the first by key
        among equals), so that subtraction from the total cannot reveal it.
        The courses in no cell (no target group, no birth date, an age
        outside the bands) are a cell of their own, never listed: one of
        1 to 4 counts as the suppressed one."""
        shown: dict[str, int | None] = {key: self.count(f"{name}.{key}", value)
                                        for key, value in cells.items()}
        hidden = [key for key, value in shown.items() if value is None]
        rest = total - sum(cells.values())
        if 0 < rest <= SMALL:
            hidden.append("")
        if len(hidden) == 1:
            others = sorted((value, key) for key, value in shown.items()
                            if value is not None and value > 0)
            if others:
                _, key = others[0]
                shown[key] = None
                self.hide(f"{name}.{key}")
        return shown

    def claims(self, name: str, totals: ClaimTotals) -> ClaimFigures:
        """A claim count follows the count rules, and its amount goes with it."""
        due = self.count(f"{name}.due", totals.due)
        if due is None and totals.due:
            self.hide(f"{name}.due_amount")
        paid = self.count(f"{name}.paid", totals.paid)
        if paid is None and totals.paid:
            self.hide(f"{name}.paid_amount")
        return ClaimFigures(due=due, due_amount=None if due is None else totals.due_amount,
                            paid=paid, paid_amount=None if paid is None else totals.paid_amount)


# ---------------------------------------------------------------- the overview

@dataclass(frozen=True)
class Measures:
    """A period's measures before suppression (also the benchmark's and the
    forecast's source)."""

    started: int
    active_on_to: int
    completed: int
    ended_early: int
    continued: int
    early_end_share: Fraction | None
    median_days_submitted_to_decided: Decimal | None
    decisions: int
    median_days_registered_to_start: Decimal | None
    registered_base: int
    by_target_group: dict[str, int]
    by_age_band: dict[str, int]
    by_sex: dict[str, int]


@dataclass(frozen=True)
class StartCell:
    """Courses started in a period with the same target group, sex and age at
    the start (the database counts them; `measures` from records too)."""

    target_group: str | None
    sex: str | None
    age: int | None
    count: int


def measures_from_counts(*, starts: Iterable[StartCell],
                         registered_days: Iterable[int] | Mapping[int, int], active_on_to: int,
                         ended: Mapping[str, int],
                         decision_days: Iterable[int] | Mapping[int, int]) -> Measures:
    """The measures from what the database counts: the courses started in
    the period by target group, sex and age; the whole days from registered
    address to start of those with the date; the courses active on `to`; the
    agreements per `ended_kind`; and the days from first submission to
    decision of the decisions made in the period."""
    started = 0
    by_group: Counter[str] = Counter()
    bands: Counter[str | None] = Counter()
    sexes: Counter[str | None] = Counter()
    for cell in starts:
        started += cell.count
        if cell.target_group:
            by_group[cell.target_group] += cell.count
        bands[band_of_age(cell.age)] += cell.count
        sexes[cell.sex] += cell.count
    decided, decisions = median_days(decision_days)
    arrival, registered_base = median_days(registered_days)
    completed, early = ended.get(COMPLETED, 0), ended.get(ENDED_EARLY, 0)
    return Measures(
        started=started, active_on_to=active_on_to,
        completed=completed, ended_early=early, continued=ended.get(CONTINUED, 0),
        early_end_share=share(early, completed + early),
        median_days_submitted_to_decided=decided, decisions=decisions,
        median_days_registered_to_start=arrival, registered_base=registered_base,
        by_target_group={code: by_group[code] for code in sorted(by_group)},
        by_age_band={band: bands[band] for band in AGE_BANDS},
        by_sex={sex: sexes[sex] for sex in SEXES})


def measures(records: Sequence[CourseRecord], from_: date, to: date,
             decision_days: Iterable[int] | Mapping[int, int]) -> Measures:
    """The measures over a period from the approved agreements that touch it
    (the rules `is_start`, `is_active_on` and `ended_kind` applied to each)
    and the whole days from first submission to decision of the decisions
    made in it. The services count the same rules in SQL."""
    kinds = Counter(ended_kind(r, from_, to) for r in records)
    starts = [r for r in records if is_start(r, from_, to)]
    cells = Counter((r.target_group, r.sex, None if r.birth_date is None
                     else age_on(r.birth_date, r.start_date)) for r in starts)
    return measures_from_counts(
        starts=[StartCell(g, sex, age, n) for (g, sex, age), n in cells.items()],
        registered_days=[(r.start_date - r.registered_since).days for r in starts
                         if r.registered_since is not None],
        active_on_to=sum(is_active_on(r, to) for r in records),
        ended={kind: n for kind, n in kinds.items() if kind is not None},
        decision_days=decision_days)


def shown_share(counts: EndedCounts) -> Decimal | None:
    """The early-end share as shown: None when built on fewer than 5 courses."""
    value = share(counts.ended_early, counts.ended)
    return None if value is None or counts.ended < MIN_BASE else round_half_up(value)


def overview_of(municipality_code: str, from_: date, to: date, figures: Measures,
                company_bonus: ClaimTotals, result_grant: ClaimTotals,
                forecast_: Forecast) -> Overview:
    """The overview as shown: every rule of privacy applied."""
    s = Suppression()
    started = s.count("started", figures.started)
    active = s.count("active_on_to", figures.active_on_to)
    completed = s.count("completed", figures.completed)
    early = s.count("ended_early", figures.ended_early)
    ended = figures.completed + figures.ended_early
    early_share = s.based("early_end_share", None if figures.early_end_share is None
                          else round_half_up(figures.early_end_share), ended)
    continued = s.count("continued", figures.continued)
    decided = s.based("median_days_submitted_to_decided",
                      figures.median_days_submitted_to_decided, figures.decisions)
    arrival = s.based("median_days_registered_to_start",
                      figures.median_days_registered_to_start, figures.registered_base)
    by_group = s.breakdown("by_target_group", figures.by_target_group, figures.started)
    by_band = s.breakdown("by_age_band", figures.by_age_band, figures.started)
    by_sex = s.breakdown("by_sex", figures.by_sex, figures.started)
    bonus = s.claims("company_bonus", company_bonus)
    grant = s.claims("result_grant", result_grant)
    return Overview(
        municipality_code=municipality_code, from_=from_, to=to, started=started,
        active_on_to=active, completed=completed, ended_early=early,
        early_end_share=early_share, continued=continued,
        median_days_submitted_to_decided=decided, median_days_registered_to_start=arrival,
        by_target_group=by_group, by_age_band=by_band, by_sex=by_sex,
        company_bonus=bonus, result_grant=grant, forecast=forecast_,
        suppressed=tuple(s.suppressed), small=tuple(s.small))


# ---------------------------------------------------------------- the forecast

def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_after(to: date, count: int = FORECAST_MONTHS) -> list[tuple[date, date]]:
    """The `count` calendar months after the month holding `to`, as (first
    day, last day)."""
    result = []
    year, month = to.year, to.month
    for _ in range(count):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        result.append((date(year, month, 1), date.fromordinal(
            date(next_year, next_month, 1).toordinal() - 1)))
    return result


def forecast(to: date, scheduled: Mapping[date, Decimal], municipality_share: Decimal | None,
             instance_share: Decimal | None, *, is_instance: bool = False) -> Forecast:
    """The 12 months after the month holding `to`: the amounts of the claims
    scheduled in each month (not paid, cancelled or rejected) and the same
    discounted by the early-end share as shown: the municipality's, or the
    instance's when the municipality's is not shown; none when neither is."""
    if municipality_share is not None:
        used: Decimal | None = municipality_share
        basis = BASIS_ALL if is_instance else BASIS_MUNICIPALITY
    elif instance_share is not None and not is_instance:
        used, basis = instance_share, BASIS_INSTANCE
    else:
        used, basis = None, BASIS_NONE
    sums: Counter[str] = Counter()
    for day, amount in scheduled.items():
        sums[month_key(day)] += amount  # type: ignore[assignment]
    keep = Decimal(1) - (used or Decimal(0))
    months = []
    for first, _ in months_after(to):
        key = month_key(first)
        amount = Decimal(sums.get(key, Decimal(0))).quantize(_CENT)
        months.append(ForecastMonth(key, amount, (amount * keep).quantize(_CENT, ROUND_HALF_UP)))
    return Forecast(tuple(months), used, basis)


# ---------------------------------------------------------------- the benchmark

def benchmark(codes: Iterable[str], ended: Mapping[str, Mapping[str | None, EndedCounts]],
              decision_days: Mapping[str, Mapping[int, int]]) -> Benchmark:
    """Every municipality in `codes` (those with courses), by code.

    Expected early-end share: the mean, over the municipality's ended
    courses, of the early-end share of that course's target group across the
    instance (indirect standardisation). The N municipalities with 5 or more
    ended courses are sorted by the unrounded difference (actual - expected),
    then by code; the i-th (from 0) gets group ⌊5·i/N⌋ + 1. The others get no
    group and no figures."""
    by_group: dict[str | None, EndedCounts] = {}
    for groups in ended.values():
        for group, counts in groups.items():
            old = by_group.get(group, EndedCounts())
            by_group[group] = EndedCounts(old.completed + counts.completed,
                                          old.ended_early + counts.ended_early)
    group_share = {g: share(c.ended_early, c.ended) for g, c in by_group.items()}

    figures: dict[str, tuple[int, Fraction, Fraction, Fraction]] = {}
    totals: dict[str, int] = {}
    for code in codes:
        groups = ended.get(code, {})
        n = sum(c.ended for c in groups.values())
        totals[code] = n
        if n < MIN_BASE:
            continue
        actual = Fraction(sum(c.ended_early for c in groups.values()), n)
        expected = sum((c.ended * (group_share[g] or Fraction(0)) for g, c in groups.items()),
                       Fraction(0)) / n
        figures[code] = (n, actual, expected, actual - expected)
    ranked = sorted(figures, key=lambda code: (figures[code][3], code))
    groups_of = {code: BENCHMARK_GROUPS * i // len(ranked) + 1 for i, code in enumerate(ranked)}

    rows = []
    for code in sorted(set(codes)):
        days = decision_days.get(code, {})
        median, base = median_days(days)
        shown_n = totals.get(code, 0)
        if code in figures:
            n, actual, expected, difference = figures[code]
            rows.append(BenchmarkRow(code, n, round_half_up(actual), round_half_up(expected),
                                     round_half_up(difference), groups_of[code],
                                     median if base >= MIN_BASE else None))
        else:
            # "Listed with group null and no figures" (issue 20): its speed
            # of decision too, though that has a base of its own.
            rows.append(BenchmarkRow(code, None if 0 < shown_n <= SMALL else shown_n,
                                     None, None, None, None, None))
    everything: Counter[int] = Counter()
    for days in decision_days.values():
        everything.update(days)
    instance_median, instance_base = median_days(everything)
    return Benchmark(tuple(rows), instance_median if instance_base >= MIN_BASE else None)


# ---------------------------------------------------------------- quarters

def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    last = (date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1))
    return first, date.fromordinal(last.toordinal() - 1)


def last_quarters(to: date, count: int) -> list[tuple[str, date, date]]:
    """The last `count` calendar quarters ending with the one holding `to`,
    oldest first, as ("2026-Q3", first day, last day)."""
    year, quarter = quarter_of(to)
    result = []
    for _ in range(count):
        first, last = quarter_bounds(year, quarter)
        result.append((f"{year}-Q{quarter}", first, last))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return result[::-1]


def quarter_figures(label: str, from_: date, to: date, figures: Measures,
                    claims: ClaimTotals) -> QuarterFigures:
    """A quarter as the charts show it; `claims` both kinds together."""
    s = Suppression()
    started = s.count("started", figures.started)
    ended_count = s.count("ended", figures.completed + figures.ended_early)
    decided = s.based("median_days_submitted_to_decided",
                      figures.median_days_submitted_to_decided, figures.decisions)
    shown = s.claims("claims", claims)
    return QuarterFigures(label, from_, to, started, ended_count, decided,
                          shown.due_amount, shown.paid_amount,
                          tuple(s.suppressed), tuple(s.small))


# The quarters' figures that add up to the period's shown beside them.
_ADDING_UP = ("started", "ended", "due_amount", "paid_amount")


def hide_lone_quarters(quarters: Sequence[QuarterFigures], period: tuple[date, date] | None
                       ) -> tuple[QuarterFigures, ...]:
    """The quarters shown beside the period's figures, with complementary
    suppression across them, as within a breakdown: a quarter's figure
    hidden alone among the quarters inside the period (whose total is shown
    beside them), or among all of them, takes the smallest other non-zero
    figure of that group with it, so that subtraction from the total cannot
    reveal it. Without a period, each quarter stands on its own."""
    if period is None:
        return tuple(quarters)
    shown = list(quarters)
    inside = [i for i, q in enumerate(shown)
              if period is not None and period[0] <= q.from_ and q.to <= period[1]]
    for name in _ADDING_UP:
        for group in (inside, list(range(len(shown)))):
            values = {i: getattr(shown[i], name) for i in group}
            if sum(1 for value in values.values() if value is None) != 1:
                continue
            others = sorted((value, i) for i, value in values.items()
                            if value is not None and value > 0)
            if others:
                _, i = others[0]
                q = shown[i]
                hidden: dict[str, Any] = {name: None, "suppressed": (*q.suppressed, name)}
                shown[i] = replace(q, **hidden)
    return tuple(shown)

