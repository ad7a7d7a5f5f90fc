"""The overview's tables as values, shown on the page and written as CSV from
the same cells, so that the file says what the page says.

A cell is a count, an amount, a share, a number of days, a day or a text; a
figure not shown (privacy: a count of 1-4, a share or a median built on
fewer than 5 courses) is a `Hidden` cell carrying the page's mark, "<5" or
an en dash, which the file writes as it is.

The CSV follows the claims export (claim_export), as Danish spreadsheet
users expect it: UTF-8 with a byte order mark, semicolons, a decimal comma
without thousands separators, CRLF line ends, text that a spreadsheet would
take for a formula prefixed with '. Days are written dd-mm-yyyy, as in the
claims export: a Danish Excel reads them as dates, and a finance officer
who puts both files side by side sees one format. A share is written as a
percentage (25 for 0.25, the column's header says "%"), and a difference of
shares in percentage points (-4 for -0.04), as the page shows them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from babel.dates import format_date
from babel.numbers import format_decimal

from igu_admin.documents.claim_export import danish_amount, danish_date, safe_text
from igu_admin.wording.dates import date_pattern

Kind = Literal["text", "count", "amount", "share", "points", "days", "date"]
HIDDEN_SMALL = "<5"
HIDDEN_OTHER = "\N{EN DASH}"


@dataclass(frozen=True)
class Hidden:
    """A figure not shown: `mark` stands in its place."""

    mark: str


@dataclass(frozen=True)
class Typed:
    """A cell of another kind than its column's (a table of figures of
    several kinds: counts, a share, days)."""

    value: int | Decimal | date | str | Hidden | None
    kind: Kind


Cell = int | Decimal | date | str | Hidden | Typed | None


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind


@dataclass(frozen=True)
class Table:
    """One table of the page: `name` is its file's name (overview-<name>.csv);
    `marked` holds the indexes of rows the page marks (the user's own
    municipality in the benchmark)."""

    name: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    marked: frozenset[int] = field(default_factory=frozenset)


def percent(share: Decimal) -> Decimal:
    """0.25 as 25, -0.035 as -3.5: a share as a percentage."""
    return (share * 100).normalize() if share else Decimal(0)


def shown(cell: Cell, kind: Kind, locale: str) -> str:
    """The cell as the page shows it, in the reader's number format."""
    if isinstance(cell, Typed):
        return shown(cell.value, cell.kind, locale)
    if isinstance(cell, Hidden):
        return cell.mark
    if cell is None:
        return ""
    if kind == "count" and isinstance(cell, int):
        return format_decimal(cell, format="#,##0", locale=locale)
    if kind == "amount" and isinstance(cell, Decimal):
        return format_decimal(cell, format="#,##0.00", locale=locale)
    if kind == "share" and isinstance(cell, Decimal):
        return format_decimal(percent(cell), format="#,##0.##", locale=locale) + "\N{NO-BREAK SPACE}%"
    if kind == "points" and isinstance(cell, Decimal):
        return format_decimal(percent(cell), format="#,##0.##", locale=locale)
    if kind == "days" and isinstance(cell, (Decimal, int)):
        return format_decimal(cell, format="#,##0.#", locale=locale)
    if kind == "date" and isinstance(cell, date):
        return format_date(cell, format=date_pattern("medium", locale), locale=locale)
    return str(cell)


def _csv_cell(cell: Cell, kind: Kind) -> str:
    if isinstance(cell, Typed):
        return _csv_cell(cell.value, cell.kind)
    if isinstance(cell, Hidden):
        return cell.mark
    if cell is None:
        return ""
    if isinstance(cell, date):
        return danish_date(cell)
    if isinstance(cell, Decimal):
        if kind == "amount":
            return danish_amount(cell)
        number = percent(cell) if kind in ("share", "points") else cell
        return format(number, "f").replace(".", ",")
    if isinstance(cell, int):
        return str(cell)
    return safe_text(str(cell))


def csv_bytes(table: Table) -> bytes:
    """The table as a CSV file: a header row, then the rows as on the page."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(column.header) for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(cell, column.kind)
                         for cell, column in zip(row, table.columns, strict=True)])
    return "\ufeff".encode() + buffer.getvalue().encode()


def csv_filename(table: Table, municipality: str, from_: date, to: date) -> str:
    """What the file is saved as: the table, the municipality and the period."""
    return f"overblik-{table.name}-{municipality}-{from_.isoformat()}-{to.isoformat()}.csv"


def cells_shown(table: Table, locale: str) -> list[list[str]]:
    """Every row's cells as the page shows them."""
    return [[shown(cell, column.kind, locale) for cell, column in zip(row, table.columns,
                                                                       strict=True)]
            for row in table.rows]


def columns_of(headers: Sequence[tuple[str, Kind]]) -> tuple[Column, ...]:
    return tuple(Column(header, kind) for header, kind in headers)
