"""The course import's file as rows of cells: CSV (`;` or `,`, UTF-8 with or
without a BOM) or XLSX (the first sheet). What a row's cells mean is checked
in course_import_rows.

The header must name exactly the template's columns, in any order (a
municipality's export puts them in its own order; a name is matched after
trimming spaces, case ignored). Rows are numbered as in the file, the header
being row 1, as a spreadsheet shows them; blank rows are skipped but keep
their numbers. A CSV record spanning lines (a quoted line break) is one row.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from flask_babel import gettext
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from igu_admin.domain.identifiers import CPR_MASK

# Digits that could be a CPR number, in any shape (with a hyphen, or a
# spreadsheet's number without its leading zero).
_LONG_NUMBER = re.compile(r"\d[\d -]{4,}\d")
_NAME_SHOWN = 40

# A cell as read: text from a CSV; from an XLSX also numbers and dates.
Cell = str | int | float | date | datetime | bool | None
FileKind = Literal["csv", "xlsx"]


class CourseFileError(ValueError):
    """The file cannot be read as a course import at all (no row is checked).
    `code` is stable; `message` is worded in the reader's language. Neither
    holds anything from the file but column names."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class FileRow:
    """A data row that is not blank: its number in the file and its cells by column."""

    number: int
    cells: dict[str, Cell]
    # Cells beyond the header's columns that hold something.
    overflow: bool = False


def file_rows(content: bytes, file_kind: FileKind, columns: Sequence[str]) -> Iterator[FileRow]:
    """The data rows of the file, checked against the header first; raises
    CourseFileError when the file cannot be read. Lazy: one row at a time."""
    records = _xlsx_records(content) if file_kind == "xlsx" else _csv_records(content)
    numbered = enumerate(records, start=1)
    header = next(((n, r) for n, r in numbered if not _blank(r)), None)
    if header is None:
        raise CourseFileError("no_header", gettext(
            "The file is empty. Use the template: a header row with the columns, then a row "
            "per course."))
    names = _header(header[1], columns)
    any_rows = False
    for number, record in numbered:
        if _blank(record):
            continue
        any_rows = True
        cells = {name: (record[i] if i < len(record) else None)
                 for i, name in enumerate(names) if name}
        overflow = any(not _blank_cell(c) for c in record[len(names):])
        yield FileRow(number, cells, overflow)
    if not any_rows:
        raise CourseFileError("no_rows", gettext(
            "The file has no courses: add a row per course below the header."))


def _header(cells: Sequence[Cell], columns: Sequence[str]) -> list[str]:
    """The column name of each position ("" for an empty cell after the
    last name); raises CourseFileError naming what is wrong."""
    names = [str(c).strip().lstrip("\ufeff").lower() if c is not None else "" for c in cells]
    while names and not names[-1]:
        names.pop()
    known = set(columns)
    unknown = [_shown(n) for n in names if n not in known]
    duplicated = sorted({n for n in names if n in known and names.count(n) > 1})
    missing = [c for c in columns if c not in names]
    problems = []
    if missing:
        problems.append(gettext("The file lacks these columns: %(columns)s.",
                                columns=", ".join(missing)))
    if unknown:
        problems.append(gettext("These columns are not in the template: %(columns)s.",
                                columns=", ".join(unknown)))
    if duplicated:
        problems.append(gettext("These columns appear more than once: %(columns)s.",
                                columns=", ".join(duplicated)))
    if problems:
        problems.append(gettext("The first row must name the template's columns, in any order."))
        raise CourseFileError("header", " ".join(problems))
    return names


def _shown(name: str) -> str:
    """An unknown column's name as a message names it: a first row of data
    instead of a header would otherwise print a CPR number."""
    if not name:
        return gettext("(no name)")
    masked = _LONG_NUMBER.sub(CPR_MASK, name)
    return masked if len(masked) <= _NAME_SHOWN else masked[:_NAME_SHOWN] + "…"


def _blank_cell(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _blank(record: Sequence[Cell]) -> bool:
    return all(_blank_cell(c) for c in record)


def _csv_records(content: bytes) -> Iterable[Sequence[Cell]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CourseFileError("encoding", gettext(
            "The file is not UTF-8 text. Save it as \"CSV UTF-8\" in Excel, or send an XLSX "
            "file.")) from None
    return _csv_checked(csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text)))


def _csv_checked(reader: Iterator[list[str]]) -> Iterator[Sequence[Cell]]:
    try:
        yield from reader
    except csv.Error:  # a field beyond csv's size limit, a stray quote at the end
        raise CourseFileError("csv", gettext(
            "The file cannot be read as CSV. Save it again as \"CSV UTF-8\" from Excel, or "
            "send an XLSX file.")) from None


def _separator(text: str) -> str:
    """`;` (a Danish Excel's CSV) or `,`: whichever the first line that holds
    text has more of (a semicolon on a tie: the template's own)."""
    for line in text.splitlines():
        if line.strip():
            return "," if line.count(",") > line.count(";") else ";"
    return ";"


def _xlsx_records(content: bytes) -> Iterable[Sequence[Cell]]:
    not_xlsx = CourseFileError("xlsx", gettext(
        "The file cannot be read as an XLSX workbook. Save it again as an Excel workbook "
        "(.xlsx), or send a CSV file."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError,
            EOFError, TypeError):
        raise not_xlsx from None
    if not workbook.worksheets:
        raise not_xlsx
    return _sheet_rows(workbook, not_xlsx)


def _sheet_rows(workbook: Workbook, not_xlsx: CourseFileError) -> Iterator[Sequence[Cell]]:
    sheet = workbook.worksheets[0]
    try:
        yield from sheet.iter_rows(values_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, TypeError):
        raise not_xlsx from None
    finally:
        workbook.close()
