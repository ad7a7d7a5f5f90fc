"""The template of the course import (docs/import.md), as CSV and as XLSX:
the header with exactly the columns read_courses takes, and one made-up
course to copy the formats from.

The example is a completed course, so that it reads as valid on any day of
the import (a running course's status depends on the day). Its company is
the demo company's CVR number (fictitious, passes the modulus-11 check); its
CPR number is the API's documented example, not a real person's.

- CSV: UTF-8 with a byte order mark and semicolons, so that a Danish Excel
  opens it in columns with the Danish letters; dates DD-MM-YYYY.
- XLSX: the identifiers as text cells (a number cell would lose a CPR
  number's leading zero), dates as date cells shown DD-MM-YYYY.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from igu_admin.inputs.course_import import COLUMNS

CSV_MEDIA_TYPE = "text/csv"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd-mm-yyyy"
TEXT_FORMAT = "@"

EXAMPLE: dict[str, Any] = {
    "external_ref": "KBH-2021-0042",
    "company_cvr": "31415926",
    "company_name": "Demo Bageri ApS",
    "employer_type": "private",
    "trainee_name": "Amal Hassan",
    "trainee_cpr": "010190-1234",
    "target_group": "refugee",
    "registered_since": date(2016, 8, 15),
    "start_date": date(2021, 3, 1),
    "end_date": date(2023, 2, 28),
    "weekly_hours": 37,
    "job_title": "Bagermedhjælper",
    "status": "completed",
    "ended_on": date(2023, 2, 28),
    "termination_reason": None,
    "integration_programme_start": date(2016, 9, 1),
    "company_bonus_6m_paid_on": date(2021, 10, 4),
    "completion_bonus_paid_on": date(2023, 4, 3),
    "result_grant_paid_on": date(2021, 9, 20),
    "continued_by_cvr": None,
}
TEXT_COLUMNS = frozenset({"external_ref", "company_cvr", "trainee_cpr", "continued_by_cvr"})


def template_csv() -> bytes:
    """The template as CSV: a BOM, `;` between fields, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([_csv_value(EXAMPLE[column]) for column in COLUMNS])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def template_xlsx() -> bytes:
    """The template as an XLSX workbook of one sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has its one sheet
    sheet.title = "Forløb"
    bold = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        header = sheet.cell(row=1, column=index, value=column)
        header.font = bold
        value = EXAMPLE[column]
        cell = sheet.cell(row=2, column=index, value=value)
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
        elif column in TEXT_COLUMNS:
            cell.number_format = TEXT_FORMAT
        letter = header.column_letter
        sheet.column_dimensions[letter].width = max(len(column), 14) + 2
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
