"""Reading claims as lists, totals and exports: always within the reader's
tenancy (services.tenancy), with the same filters everywhere (the finance
page, the API, the exports).

Lists are pages in due-date order, continued after a (due date, id) cursor,
so a page costs the same whatever the number of claims. Totals and the
chart are sums the database makes. Exports read the rows in chunks
(server-side cursors on PostgreSQL), never all at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Numeric, Select, func, select, tuple_, type_coerce
from sqlalchemy.orm import contains_eager, selectinload

from igu_admin.core import tenancy
from igu_admin.documents.claim_export import ExportRow
from igu_admin.domain.dates import add_months
from igu_admin.domain.lifecycle import ClaimStatus
from igu_admin.extensions import db
from igu_admin.models import Agreement, BonusClaim, ClaimDaySum, Company, Role, User

# Claims that will not bring money: left out of the chart of coming amounts.
NO_MONEY = (ClaimStatus.CANCELLED.value, ClaimStatus.REJECTED.value)
CHART_MONTHS = 12
_CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2})\.(\d{1,10})$")
CURSOR_PATTERN = _CURSOR.pattern
_SUM = Numeric(16, 2)


@dataclass(frozen=True)
class ClaimFilter:
    """What a list or an export is narrowed to; None: any. The due period
    includes both its days."""

    status: str | None = None
    beneficiary: str | None = None
    claim_type: str | None = None
    due_from: date | None = None
    due_to: date | None = None

    def conditions(self, table: Any = BonusClaim) -> list[ColumnElement[bool]]:
        """The filter on the claims (or on their day sums, which have the same columns)."""
        found: list[ColumnElement[bool]] = []
        if self.status:
            found.append(table.status == self.status)
        if self.beneficiary:
            found.append(table.beneficiary == self.beneficiary)
        if self.claim_type:
            found.append(table.claim_type == self.claim_type)
        if self.due_from:
            found.append(table.due_date >= self.due_from)
        if self.due_to:
            found.append(table.due_date <= self.due_to)
        return found


@dataclass(frozen=True)
class Cursor:
    """Where a page continues: after the claim with this due date and id."""

    due_date: date
    id: int

    def __str__(self) -> str:
        return f"{self.due_date.isoformat()}.{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor | None:
        """The cursor written in a `next` link; None for anything else."""
        match = _CURSOR.match(text or "")
        if match is None:
            return None
        try:
            day = date.fromisoformat(match.group(1))
        except ValueError:
            return None
        number = int(match.group(2))
        return cls(day, number) if 0 < number <= tenancy.MAX_ID else None


def filtered(user: User, claim_filter: ClaimFilter) -> Select[Any]:
    return tenancy.claims_query(user).where(*claim_filter.conditions())


def page_of_claims(user: User, claim_filter: ClaimFilter, after: Cursor | None = None,
                   limit: int = 50, agreement_id: int | None = None
                   ) -> tuple[list[BonusClaim], Cursor | None]:
    """One page in due-date order with each claim's agreement and company, and
    the cursor of the next page (None on the last)."""
    query = (filtered(user, claim_filter)
             .options(contains_eager(BonusClaim.agreement).joinedload(Agreement.company),
                      selectinload(BonusClaim.evidence))
             .order_by(BonusClaim.due_date, BonusClaim.id).limit(limit + 1))
    if agreement_id is not None:
        query = query.where(BonusClaim.agreement_id == agreement_id)
    if after is not None:
        query = query.where(tuple_(BonusClaim.due_date, BonusClaim.id)
                            > tuple_(after.due_date, after.id))
    rows = list(db.session.scalars(query))
    if len(rows) > limit:
        last = rows[limit - 1]
        return rows[:limit], Cursor(last.due_date, last.id)
    return rows, None


def claims_of_agreement(user: User, agreement: Agreement) -> list[BonusClaim]:
    """The agreement's claims the user may see, in due-date order."""
    query = (tenancy.claims_query(user).where(BonusClaim.agreement_id == agreement.id)
             .options(contains_eager(BonusClaim.agreement).joinedload(Agreement.company),
                      selectinload(BonusClaim.evidence))
             .order_by(BonusClaim.due_date, BonusClaim.id))
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class Total:
    """A sum of claim amounts and how many claims it holds; `key` is a month
    (its first day) or a beneficiary."""

    key: Any
    amount: Decimal
    count: int


@dataclass(frozen=True)
class Totals:
    by_month: list[Total]
    by_beneficiary: list[Total]
    amount: Decimal
    count: int


def _daily_sums(user: User, claim_filter: ClaimFilter, *more: ColumnElement[bool]) -> list[Any]:
    """(due date, beneficiary, amount, claims) of the user's claims the filter
    finds, folded into months by the callers. A municipality's are read from
    its day sums (ClaimDaySum: as many rows as days, however many claims),
    anyone else's from the claims."""
    amount: Any
    count: Any
    if user.role in (Role.FINANCE, Role.CASEWORKER):
        table: Any = ClaimDaySum
        amount, count = func.sum(ClaimDaySum.amount), func.sum(ClaimDaySum.claims)
        scope = ClaimDaySum.municipality_code == user.municipality_code
    else:
        table = BonusClaim
        amount, count = func.sum(BonusClaim.amount), func.count()
        scope = tenancy.claim_filter(user)
    return [row for row in db.session.execute(
        select(table.due_date, table.beneficiary, type_coerce(amount, _SUM), count)
        .where(scope, *claim_filter.conditions(table), *more)
        .group_by(table.due_date, table.beneficiary)) if row[3]]


def totals(user: User, claim_filter: ClaimFilter) -> Totals:
    """The filtered claims' amounts per month due and per beneficiary."""
    months: dict[date, list[Any]] = {}
    beneficiaries: dict[str, list[Any]] = {}
    for day, beneficiary, amount, count in _daily_sums(user, claim_filter):
        for key, into in ((day.replace(day=1), months), (beneficiary, beneficiaries)):
            total = into.setdefault(key, [Decimal("0.00"), 0])
            total[0] += Decimal(amount)
            total[1] += count
    by_month = [Total(key, *months[key]) for key in sorted(months)]
    by_beneficiary = [Total(key, *beneficiaries[key]) for key in sorted(beneficiaries)]
    return Totals(by_month, by_beneficiary,
                  sum((t.amount for t in by_beneficiary), Decimal("0.00")),
                  sum(t.count for t in by_beneficiary))


@dataclass(frozen=True)
class MonthAmounts:
    """One month of the chart: the amounts falling due for each beneficiary."""

    month: date
    company: Decimal
    municipality: Decimal

    @property
    def total(self) -> Decimal:
        return self.company + self.municipality


def coming_months(user: User, today: date, months: int = CHART_MONTHS) -> list[MonthAmounts]:
    """The amounts the user's claims bring in each of the coming `months`
    (from this month on), by beneficiary; cancelled and refused claims left
    out. Every month is listed, also one with nothing."""
    first = today.replace(day=1)
    end = add_months(first, months)
    sums: dict[tuple[date, str], Decimal] = {}
    for day, beneficiary, amount, _count in _daily_sums(
            user, ClaimFilter(due_from=first, due_to=end - timedelta(days=1)),
            ClaimDaySum.status.not_in(NO_MONEY) if user.role in (Role.FINANCE, Role.CASEWORKER)
            else BonusClaim.status.not_in(NO_MONEY)):
        key = (day.replace(day=1), beneficiary)
        sums[key] = sums.get(key, Decimal("0.00")) + Decimal(amount)
    zero = Decimal("0.00")
    result = []
    for offset in range(months):
        day = add_months(first, offset)
        result.append(MonthAmounts(day, sums.get((day, "company"), zero),
                                   sums.get((day, "municipality"), zero)))
    return result


EXPORT_CHUNK = 2000


def export_rows(user: User, claim_filter: ClaimFilter) -> Iterator[ExportRow]:
    """The filtered claims in due-date order, read in chunks (a server-side
    cursor on PostgreSQL), as plain rows: no records are kept in the session."""
    query = (select(BonusClaim.id, BonusClaim.agreement_id, BonusClaim.claim_type,
                    BonusClaim.beneficiary, Company.name, Company.cvr,
                    BonusClaim.municipality_code, BonusClaim.amount, BonusClaim.due_date,
                    BonusClaim.deadline, BonusClaim.status, BonusClaim.submitted_on,
                    BonusClaim.reference, BonusClaim.paid_on, BonusClaim.paid_amount)
             .select_from(BonusClaim).join(Company, BonusClaim.company_id == Company.id)
             .where(tenancy.claim_filter(user), *claim_filter.conditions())
             .order_by(BonusClaim.due_date, BonusClaim.id)
             .execution_options(yield_per=EXPORT_CHUNK))
    for row in db.session.execute(query):
        yield ExportRow._make(row)
