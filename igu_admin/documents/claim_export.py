"""Claims exported for spreadsheets, as Danish spreadsheet users expect them.

Both formats are written as the rows are read (claim_queries.export_rows
reads them in chunks), so memory stays bounded whatever the number of
claims; the web and the API send the chunks as they come.

- CSV: UTF-8 with a byte order mark (so Excel reads the Danish letters),
  semicolons between fields, a decimal comma without thousands separators
  (20000,00), dates dd-mm-yyyy, CRLF line ends. Text a spreadsheet would take
  for a formula (starting with = + - @ or a tab) is prefixed with ', so that a
  company name or a reference can never run as one.
- XLSX (openpyxl in write-only mode, through a temporary file): real numbers
  and dates with Danish formats, a bold header row that stays in view, and a
  totals row.

The columns, in order, are EXPORT_COLUMNS (docs/features.md: "Export columns").
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet


class ExportRow(NamedTuple):
    """One claim as the exports write it."""

    claim_id: int
    agreement_id: int
    claim_type: str
    beneficiary: str
    company: str
    cvr: str
    municipality_code: str | None
    amount: Decimal
    due_date: date
    deadline: date | None
    status: str
    submitted_on: date | None
    reference: str
    paid_on: date | None
    paid_amount: Decimal | None


CSV_MEDIA_TYPE = "text/csv"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": CSV_MEDIA_TYPE, "xlsx": XLSX_MEDIA_TYPE}
# Excel shows these with the reader's separators: 20.000,00 and 01-09-2026 in Danish.
AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "dd-mm-yyyy"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ROWS_PER_CHUNK = 1000
_FILE_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Column:
    """One column of the exports: its header, and how a row gives its value
    (kind: text, amount or date)."""

    header: Any
    kind: str
    value: Callable[[ExportRow, Labels], Any]
    width: int = 14


@dataclass(frozen=True)
class Labels:
    """Words for the stored codes, in the reader's language."""

    claim_type: Callable[[str], str]
    beneficiary: Callable[[str], str]
    status: Callable[[str], str]

    def remembered(self) -> Labels:
        """The same words, each looked up once per export (there are a handful
        of codes and a hundred thousand rows)."""
        return Labels(*(_remember(word) for word in (self.claim_type, self.beneficiary,
                                                      self.status)))


def _remember(word: Callable[[str], str]) -> Callable[[str], str]:
    known: dict[str, str] = {}

    def look_up(code: str) -> str:
        if code not in known:
            known[code] = word(code)
        return known[code]

    return look_up


EXPORT_COLUMNS: tuple[Column, ...] = (
    Column(_l("Agreement number"), "number", lambda r, _: r.agreement_id, 12),
    Column(_l("Claim number"), "number", lambda r, _: r.claim_id, 12),
    Column(_l("Claim"), "text", lambda r, labels: labels.claim_type(r.claim_type), 36),
    Column(_l("Beneficiary"), "text", lambda r, labels: labels.beneficiary(r.beneficiary)),
    Column(_l("Company"), "text", lambda r, _: r.company, 30),
    Column(_l("CVR number"), "text", lambda r, _: r.cvr, 12),
    Column(_l("Municipality code"), "text", lambda r, _: r.municipality_code or "", 10),
    Column(_l("Amount (DKK)"), "amount", lambda r, _: r.amount),
    Column(_l("Due date"), "date", lambda r, _: r.due_date, 12),
    Column(_l("Deadline"), "date", lambda r, _: r.deadline, 12),
    Column(_l("Status"), "text", lambda r, labels: labels.status(r.status)),
    Column(_l("Sent on"), "date", lambda r, _: r.submitted_on, 12),
    Column(_l("Reference"), "text", lambda r, _: r.reference, 20),
    Column(_l("Paid on"), "date", lambda r, _: r.paid_on, 12),
    Column(_l("Amount paid (DKK)"), "amount", lambda r, _: r.paid_amount),
)


def danish_amount(amount: Decimal | None) -> str:
    """20000,00: a decimal comma and no thousands separator."""
    return "" if amount is None else f"{amount:.2f}".replace(".", ",")


def danish_date(day: date | None) -> str:
    return "" if day is None else f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


def safe_text(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_value(column: Column, row: ExportRow, labels: Labels) -> str:
    value = column.value(row, labels)
    if column.kind == "amount":
        return danish_amount(value)
    if column.kind == "date":
        return danish_date(value)
    return safe_text(str(value))


def csv_chunks(rows: Iterable[ExportRow], labels: Labels) -> Iterator[bytes]:
    """The CSV file in pieces of about a thousand rows each."""
    labels = labels.remembered()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column.header) for column in EXPORT_COLUMNS])
    yield "\ufeff".encode() + buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(column, row, labels) for column in EXPORT_COLUMNS])
        if count % _ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def xlsx_chunks(rows: Iterable[ExportRow], labels: Labels, title: str) -> Iterator[bytes]:
    """The workbook, written row by row to a temporary file, then sent in pieces."""
    labels = labels.remembered()
    with tempfile.TemporaryFile() as handle:
        workbook = Workbook(write_only=True)
        sheet: WriteOnlyWorksheet = workbook.create_sheet(title[:31])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(EXPORT_COLUMNS):
            sheet.column_dimensions[_letter(index)].width = column.width
        bold = Font(bold=True)
        sheet.append([_cell(sheet, str(column.header), font=bold) for column in EXPORT_COLUMNS])
        sums = {i: Decimal("0.00") for i, c in enumerate(EXPORT_COLUMNS) if c.kind == "amount"}
        for row in rows:
            values = []
            for index, column in enumerate(EXPORT_COLUMNS):
                value = column.value(row, labels)
                if column.kind == "amount":
                    if value is not None:
                        sums[index] += value
                    values.append(_cell(sheet, value, AMOUNT_FORMAT))
                elif column.kind == "date":
                    values.append(_cell(sheet, value, DATE_FORMAT))
                else:
                    values.append(value if column.kind == "number" else safe_text(str(value)))
            sheet.append(values)
        totals: list[Any] = [_cell(sheet, str(_l("Total")), font=bold)]
        for index in range(1, len(EXPORT_COLUMNS)):
            totals.append(_cell(sheet, sums[index], AMOUNT_FORMAT, bold) if index in sums
                          else None)
        sheet.append(totals)
        workbook.save(handle)
        handle.seek(0)
        while chunk := handle.read(_FILE_CHUNK):
            yield chunk


def _cell(sheet: WriteOnlyWorksheet, value: Any, number_format: str | None = None,
          font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if number_format is not None:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def _letter(index: int) -> str:
    return get_column_letter(index + 1)


def export_filename(kind: str, today: date) -> str:
    """What the file is saved as: the day, never personal data."""
    return f"bonuskrav-{today.isoformat()}.{kind}"
