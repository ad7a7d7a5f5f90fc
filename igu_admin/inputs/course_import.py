"""The import of running and past courses: the file's columns and the shape
of a row once read and checked.

A row here has passed every check that needs no database (formats, the rule
set's end date, the status against the dates on the day of the import); the
import service (services/imports) matches it against the municipality's
courses. Rows are numbered as in the file, the header being row 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

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
