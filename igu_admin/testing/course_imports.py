"""Courses to import: rows as the reader leaves them, and the same courses as
a file's lines (tests and the benchmark)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from igu_admin.inputs.course_import import COLUMNS, CourseRow, ReadCourses
from igu_admin.testing.accounts import valid_cvr


def cpr_of(n: int) -> str:
    """A CPR number (compact) for person `n`, born 1 January 19(90-99): the
    7th digit below 4 places the year in the 1900s."""
    return f"0101{90 + n % 10:02d}{1000 + n % 3000:04d}"


def course_row(n: int, **overrides: Any) -> CourseRow:
    """Course no. `n` as a row the reader has checked: by default a private
    company's active course from 1 September 2025 (its rule set's end two
    years later), row `n + 1` of the file (the header is row 1)."""
    values: dict[str, Any] = {
        "row": n + 1, "external_ref": f"REF-{n}", "company_cvr": valid_cvr(9000 + n % 50),
        "company_name": f"Importfirma {n % 50} ApS", "is_private": True,
        "trainee_name": f"Test Person {n}", "trainee_cpr": cpr_of(n),
        "target_group": "refugee", "registered_since": date(2023, 5, 1),
        "start_date": date(2025, 9, 1), "end_date": date(2027, 8, 31),
        "end_date_given": False, "weekly_hours": Decimal("37.00"),
        "job_title": "Lagermedhjælper", "status": "active", "ended_on": None,
        "termination_reason": None, "integration_programme_start": None,
        "company_bonus_6m_paid_on": None, "completion_bonus_paid_on": None,
        "result_grant_paid_on": None, "continued_by_cvr": None,
    }
    values.update(overrides)
    return CourseRow(**values)


def read(*rows: CourseRow, errors: Any = ()) -> ReadCourses:
    """What the reader gives for a file of these rows (and these errors)."""
    return ReadCourses(rows=len(rows) + len({e.row for e in errors}), courses=list(rows),
                       errors=list(errors))


def csv_line(row: CourseRow) -> str:
    """The row as the template's CSV line (semicolons, ISO dates)."""
    values = dataclasses.asdict(row)
    values["employer_type"] = "private" if row.is_private else "public"
    if not row.end_date_given:
        values["end_date"] = None
    cells = []
    for column in COLUMNS:
        value = values.get(column)
        cells.append("" if value is None else value.isoformat() if isinstance(value, date)
                     else str(value))
    return ";".join(cells)


def csv_file(rows: list[CourseRow]) -> bytes:
    return ("\n".join([";".join(COLUMNS), *map(csv_line, rows)]) + "\n").encode()
