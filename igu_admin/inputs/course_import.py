"""The import of running and past courses: the file's columns, the shape
of a row once read and checked, and `read_courses`, which reads a file
(course_import_file) and checks each row (course_import_rows).

A row here has passed every check that needs no database (formats, the rule
set's end date, the status against the dates on the day of the import); the
import service (services/imports) matches it against the municipality's
courses. Rows are numbered as in the file, the header being row 1.
docs/import.md is the municipality's description of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from flask_babel import gettext

from igu_admin.inputs.course_import_file import CourseFileError, file_rows
from igu_admin.inputs.course_import_rows import RuleLookup, cell_text, check_row

__all__ = ["COLUMNS", "CourseFileError", "CourseRow", "ReadCourses", "RowError", "read_courses"]

# The template's columns, in its order (docs/import.md says what each means).
COLUMNS: tuple[str, ...] = (
    "external_ref", "company_cvr", "company_name", "employer_type", "trainee_name",
    "trainee_cpr", "target_group", "registered_since", "start_date", "end_date",
    "weekly_hours", "job_title", "status", "ended_on", "termination_reason",
    "integration_programme_start", "company_bonus_6m_paid_on", "completion_bonus_paid_on",
    "result_grant_paid_on", "continued_by_cvr",
)


@dataclass(frozen=True)
class CourseRow:
    """One course as the municipality's file gives it, read and checked."""

    row: int
    external_ref: str
    company_cvr: str               # compact, 8 digits
    company_name: str
    is_private: bool               # employer_type: private | public
    trainee_name: str
    trainee_cpr: str = field(repr=False)   # compact, 10 digits; never printed
    target_group: str
    registered_since: date
    start_date: date
    end_date: date                 # as given, or computed from the rule set when empty
    end_date_given: bool           # False when the file left it empty
    weekly_hours: Decimal
    job_title: str
    status: str                    # approved | active | completed | terminated
    ended_on: date | None
    termination_reason: str | None
    integration_programme_start: date | None
    company_bonus_6m_paid_on: date | None
    completion_bonus_paid_on: date | None
    result_grant_paid_on: date | None
    continued_by_cvr: str | None   # compact
    # Added by the reader (defaults only so that tests can build a row by hand):
    ruleset_code: str = ""         # the rule set in force on start_date
    computed_end_date: date | None = None  # the rule set's end; end_date later: an extension


@dataclass(frozen=True)
class RowError:
    """An error at a row and a column, worded in the reader's language."""

    row: int
    field: str
    message: str


@dataclass(frozen=True)
class ReadCourses:
    """A file read: its data rows' count, the rows that passed, the errors."""

    rows: int
    courses: list[CourseRow]
    errors: list[RowError]


def read_courses(content: bytes, file_kind: Literal["csv", "xlsx"], today: date) -> ReadCourses:
    """The file read and every row checked as of `today` (the day of the
    import). Raises CourseFileError when the file cannot be read at all (not
    UTF-8, not a workbook, a header other than the template's, no data rows).
    Messages are worded in the current locale; none holds a CPR number."""
    rules = RuleLookup(today)
    courses: list[CourseRow] = []
    errors: list[RowError] = []
    first_row_of_ref: dict[str, int] = {}
    rows = 0
    for file_row in file_rows(content, file_kind, COLUMNS):
        rows += 1
        checked = check_row(file_row, rules)
        row_errors = [RowError(file_row.number, column, message)
                      for column, message in checked.errors]
        ref = cell_text(file_row.cells.get("external_ref")).strip()
        if ref:
            first = first_row_of_ref.setdefault(ref, file_row.number)
            if first != file_row.number:
                row_errors.append(RowError(file_row.number, "external_ref", gettext(
                    "The same reference is in row %(row)s: each course needs its own.",
                    row=first)))
        if row_errors:
            errors += row_errors
        elif checked.values is not None:
            courses.append(CourseRow(row=file_row.number, **checked.values))
    return ReadCourses(rows, courses, errors)

