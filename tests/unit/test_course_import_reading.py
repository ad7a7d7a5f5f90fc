"""read_courses: the course import's file read and every row checked as the
pages check it, each error at its row (as numbered in the file, the header
being row 1) and column; the file refused as a whole when it cannot be read.
No database: the app only gives the rule sets and the translations."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import flask_babel
import pytest
from flask import Flask
from openpyxl import Workbook, load_workbook

from igu_admin import create_app
from igu_admin.documents.import_template import template_csv, template_xlsx
from igu_admin.inputs.course_import import (
    COLUMNS,
    CourseFileError,
    ReadCourses,
    RowError,
    read_courses,
)

TODAY = date(2026, 12, 7)
CPR = "021185-2468"  # made up; not the messages' example
CPR_DIGITS = "0211852468"
OTHER_CVR = "12345674"
# An active course under igu-2024: 24 months from 2 March 2026 end on 1 March 2028.
ACTIVE: dict[str, str] = {
    "external_ref": "K-1", "company_cvr": "31415926", "company_name": "Demo Bageri ApS",
    "employer_type": "private", "trainee_name": "Amal Hassan", "trainee_cpr": CPR,
    "target_group": "refugee", "registered_since": "15-08-2016", "start_date": "02-03-2026",
    "end_date": "", "weekly_hours": "37", "job_title": "Bagermedhjælper", "status": "active",
    "ended_on": "", "termination_reason": "", "integration_programme_start": "",
    "company_bonus_6m_paid_on": "", "completion_bonus_paid_on": "", "result_grant_paid_on": "",
    "continued_by_cvr": "",
}
COMPLETED = {**ACTIVE, "start_date": "2021-03-01", "end_date": "", "status": "completed",
             "ended_on": "28-02-2023", "completion_bonus_paid_on": "03-04-2023"}
TERMINATED = {**ACTIVE, "status": "terminated", "ended_on": "30-06-2026",
              "termination_reason": "dismissal"}
APPROVED = {**ACTIVE, "start_date": "01-02-2027", "status": "approved"}


@pytest.fixture(scope="module")
def app() -> Flask:
    return create_app({"IGU_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.fixture(autouse=True)
def english(app: Flask) -> Iterator[None]:
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        yield


def csv_file(*rows: dict[str, Any], separator: str = ";", bom: bool = False,
             columns: tuple[str, ...] = COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode()


def xlsx_file(*rows: dict[str, Any], columns: tuple[str, ...] = COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read(*rows: dict[str, Any], today: date = TODAY) -> ReadCourses:
    return read_courses(csv_file(*rows), "csv", today)


def error_places(result: ReadCourses) -> list[tuple[int, str]]:
    return [(e.row, e.field) for e in result.errors]


# -- valid rows -----------------------------------------------------------

@pytest.mark.parametrize("row", [ACTIVE, COMPLETED, TERMINATED, APPROVED],
                         ids=["active", "completed", "terminated", "approved"])
def test_a_valid_row_of_each_status_reads(row: dict[str, str]) -> None:
    result = read(row)
    assert result.errors == []
    assert result.rows == 1
    [course] = result.courses
    assert course.row == 2 and course.status == row["status"]


def test_values_are_read_and_the_end_computed_from_the_rule_set() -> None:
    [course] = read({**ACTIVE, "weekly_hours": "32,5", "company_cvr": "DK 31 41 59 26"}).courses
    assert course.trainee_cpr == CPR_DIGITS
    assert course.company_cvr == "31415926"
    assert course.is_private is True
    assert course.start_date == date(2026, 3, 2)
    assert course.end_date == course.computed_end_date == date(2028, 3, 1)
    assert course.end_date_given is False
    assert course.ruleset_code == "igu-2024"
    assert course.weekly_hours == Decimal("32.50")
    assert course.ended_on is None and course.termination_reason is None


def test_an_end_later_than_the_rule_sets_is_kept_as_given() -> None:
    [course] = read({**ACTIVE, "end_date": "2028-05-01"}).courses
    assert course.end_date == date(2028, 5, 1)
    assert course.computed_end_date == date(2028, 3, 1)
    assert course.end_date_given is True


def test_a_terminated_course_continued_by_another_company() -> None:
    [course] = read({**TERMINATED, "continued_by_cvr": OTHER_CVR,
                     "employer_type": "public"}).courses
    assert course.continued_by_cvr == OTHER_CVR
    assert course.termination_reason == "dismissal"
    assert course.is_private is False


@pytest.mark.parametrize("typed", ["2026-03-02", "02-03-2026", "2.3.2026"])
def test_dates_as_the_pages_read_them(typed: str) -> None:
    [course] = read({**ACTIVE, "start_date": typed}).courses
    assert course.start_date == date(2026, 3, 2)


# -- errors at their row and column ---------------------------------------

# (the row's changes, the column with the error)
ERRORS: list[tuple[str, dict[str, str], str]] = [
    ("external_ref missing", {"external_ref": ""}, "external_ref"),
    ("external_ref too long", {"external_ref": "x" * 101}, "external_ref"),
    ("external_ref a CPR number", {"external_ref": "IGU " + CPR}, "external_ref"),
    ("company_cvr missing", {"company_cvr": ""}, "company_cvr"),
    ("company_cvr checksum", {"company_cvr": "12345678"}, "company_cvr"),
    ("company_cvr shape", {"company_cvr": "1234"}, "company_cvr"),
    ("company_name missing", {"company_name": " "}, "company_name"),
    ("employer_type unknown", {"employer_type": "state"}, "employer_type"),
    ("trainee_name missing", {"trainee_name": ""}, "trainee_name"),
    ("trainee_name line break", {"trainee_name": "Amal\nHassan"}, "trainee_name"),
    ("trainee_cpr missing", {"trainee_cpr": ""}, "trainee_cpr"),
    ("trainee_cpr shape", {"trainee_cpr": "12345"}, "trainee_cpr"),
    ("trainee_cpr no birth date", {"trainee_cpr": "320185-2468"}, "trainee_cpr"),
    ("target_group unknown", {"target_group": "student"}, "target_group"),
    ("registered_since missing", {"registered_since": ""}, "registered_since"),
    ("registered_since after start", {"registered_since": "03-03-2026"}, "registered_since"),
    ("registered_since before birth", {"registered_since": "01-01-1985"}, "registered_since"),
    ("start_date missing", {"start_date": ""}, "start_date"),
    ("start_date format", {"start_date": "March 2026"}, "start_date"),
    ("start_date no such day", {"start_date": "30-02-2026"}, "start_date"),
    ("start_date out of range", {"start_date": "01-01-1850"}, "start_date"),
    ("start_date before every rule set", {"start_date": "01-01-2015",
                                          "registered_since": "01-01-2014"}, "start_date"),
    ("start_date before birth", {"trainee_cpr": "010120-4234", "registered_since": "",
                                 "start_date": "03-06-2019"}, "start_date"),
    ("end_date before the rule set's", {"end_date": "29-02-2028"}, "end_date"),
    ("weekly_hours missing", {"weekly_hours": ""}, "weekly_hours"),
    ("weekly_hours format", {"weekly_hours": "many"}, "weekly_hours"),
    ("weekly_hours above the rule set", {"weekly_hours": "40"}, "weekly_hours"),
    ("weekly_hours below the rule set", {"weekly_hours": "20"}, "weekly_hours"),
    ("job_title missing", {"job_title": ""}, "job_title"),
    ("status missing", {"status": ""}, "status"),
    ("status unknown", {"status": "running"}, "status"),
    ("active not started", {"start_date": "01-02-2027"}, "status"),
    ("active but ended", {"start_date": "01-03-2022", "registered_since": "2016-08-15"},
     "status"),
    ("approved but started", {"status": "approved"}, "status"),
    ("ended_on on an active course", {"ended_on": "01-06-2026"}, "ended_on"),
    ("termination_reason on an active course", {"termination_reason": "dismissal"},
     "termination_reason"),
    ("continued_by_cvr on an active course", {"continued_by_cvr": OTHER_CVR},
     "continued_by_cvr"),
    ("completion bonus on an active course", {"completion_bonus_paid_on": "01-06-2026"},
     "completion_bonus_paid_on"),
    ("paid in the future", {"company_bonus_6m_paid_on": "08-12-2026"},
     "company_bonus_6m_paid_on"),
    ("paid before the start", {"result_grant_paid_on": "01-03-2026"}, "result_grant_paid_on"),
    ("integration_programme_start format", {"integration_programme_start": "soon"},
     "integration_programme_start"),
]


@pytest.mark.parametrize(("changes", "column"), [(c, col) for _, c, col in ERRORS],
                         ids=[name for name, _, _ in ERRORS])
def test_an_error_is_at_its_row_and_column(changes: dict[str, str], column: str) -> None:
    result = read(ACTIVE, {**ACTIVE, "external_ref": "K-2", **changes})
    assert (3, column) in error_places(result)
    assert {row for row, _ in error_places(result)} == {3}
    assert [course.row for course in result.courses] == [2]
    assert result.rows == 2


ENDED_ERRORS: list[tuple[str, dict[str, str], str]] = [
    ("completed without ended_on", {**COMPLETED, "ended_on": ""}, "ended_on"),
    ("completed before its end", {**COMPLETED, "ended_on": "27-02-2023"}, "ended_on"),
    ("completed in the future", {**ACTIVE, "status": "completed", "ended_on": "01-03-2028"},
     "ended_on"),
    ("completed with a termination reason", {**COMPLETED, "termination_reason": "other"},
     "termination_reason"),
    ("terminated without a reason", {**TERMINATED, "termination_reason": ""},
     "termination_reason"),
    ("terminated with an unknown reason", {**TERMINATED, "termination_reason": "moved"},
     "termination_reason"),
    ("terminated without ended_on", {**TERMINATED, "ended_on": ""}, "ended_on"),
    ("terminated before the start", {**TERMINATED, "ended_on": "01-03-2026"}, "ended_on"),
    ("terminated in the future", {**TERMINATED, "ended_on": "08-12-2026"}, "ended_on"),
    ("terminated after the end", {**TERMINATED, "start_date": "02-03-2022",
                                  "ended_on": "02-03-2024"}, "ended_on"),
    ("continued by the same company", {**TERMINATED, "continued_by_cvr": "31415926"},
     "continued_by_cvr"),
    ("continued by an invalid CVR", {**TERMINATED, "continued_by_cvr": "11111111"},
     "continued_by_cvr"),
    ("terminated with a completion bonus", {**TERMINATED, "completion_bonus_paid_on": "01-07-2026"},
     "completion_bonus_paid_on"),
]


@pytest.mark.parametrize(("row", "column"), [(r, col) for _, r, col in ENDED_ERRORS],
                         ids=[name for name, _, _ in ENDED_ERRORS])
def test_an_ended_courses_error_is_at_its_column(row: dict[str, str], column: str) -> None:
    result = read(ACTIVE, {**row, "external_ref": "K-2"})
    assert (3, column) in error_places(result)
    assert [course.row for course in result.courses] == [2]


def test_completed_on_the_end_date_itself_reads() -> None:
    """A course is completed from its last day (as the employer confirms it)."""
    row = {**ACTIVE, "start_date": "07-12-2024", "registered_since": "2016-08-15",
           "status": "completed", "ended_on": "06-12-2026"}
    assert read(row).errors == []
    assert read(row, today=date(2026, 12, 5)).errors != []


def test_a_duplicate_reference_is_an_error_at_the_later_row() -> None:
    result = read(ACTIVE, {**ACTIVE}, {**ACTIVE, "external_ref": "K-2"})
    assert error_places(result) == [(3, "external_ref")]
    assert "row 2" in result.errors[0].message
    assert [course.row for course in result.courses] == [2, 4]


def test_every_error_of_a_row_is_reported() -> None:
    result = read({**ACTIVE, "company_cvr": "1", "trainee_cpr": "x", "weekly_hours": "",
                   "status": "unknown"})
    assert error_places(result) == [(2, "company_cvr"), (2, "trainee_cpr"),
                                    (2, "weekly_hours"), (2, "status")]
    assert result.courses == []


def test_the_messages_are_the_pages_and_the_apis() -> None:
    result = read({**ACTIVE, "company_cvr": "12345678", "weekly_hours": "40",
                   "external_ref": "", "target_group": "student"})
    messages = {e.field: e.message for e in result.errors}
    assert messages["company_cvr"] == "The CVR number is not valid. Check the digits."
    assert messages["external_ref"] == "This field is required."
    assert messages["weekly_hours"].startswith("The weekly hours must be from 25 to 37")
    assert messages["target_group"].startswith("Unknown target group. Use one of: refugee")


def test_messages_are_worded_in_the_current_locale() -> None:
    with flask_babel.force_locale("da"):
        result = read({**ACTIVE, "external_ref": ""})
    assert result.errors[0].message == "Feltet skal udfyldes."


def test_blank_lines_are_skipped_and_rows_keep_their_numbers() -> None:
    content = csv_file(ACTIVE).replace(b"\r\n", b"\r\n;;\r\n\r\n", 1) + csv_file(
        {**ACTIVE, "external_ref": "K-2", "status": "x"}).split(b"\r\n", 1)[1]
    result = read_courses(content, "csv", TODAY)
    assert result.rows == 2
    assert [course.row for course in result.courses] == [4]
    assert error_places(result) == [(5, "status")]


def test_cells_beyond_the_header_are_an_error_of_the_row() -> None:
    content = csv_file(ACTIVE).rstrip(b"\r\n") + b";surplus\r\n"
    result = read_courses(content, "csv", TODAY)
    assert error_places(result) == [(2, "")]


# -- the file --------------------------------------------------------------

@pytest.mark.parametrize("separator", [";", ","])
@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_either_separator_with_or_without_a_bom(separator: str, bom: bool) -> None:
    row = {**ACTIVE, "weekly_hours": "32,5", "company_name": "Bager, Hansen & Co"}
    result = read_courses(csv_file(row, separator=separator, bom=bom), "csv", TODAY)
    assert result.errors == []
    [course] = result.courses
    assert course.weekly_hours == Decimal("32.50")
    assert course.company_name == "Bager, Hansen & Co"
    assert course.job_title == "Bagermedhjælper"


def test_columns_in_any_order_and_names_in_any_case() -> None:
    columns = tuple(reversed(COLUMNS))
    content = csv_file(ACTIVE, columns=columns)
    content = content.replace(b"external_ref", b" External_Ref ", 1)
    result = read_courses(content, "csv", TODAY)
    assert result.errors == [] and len(result.courses) == 1


@pytest.mark.parametrize(("columns", "named"), [
    (COLUMNS[:-1], "continued_by_cvr"),
    ((*COLUMNS, "note"), "note"),
    ((*COLUMNS, "status"), "status"),
], ids=["missing", "unknown", "duplicated"])
def test_a_header_other_than_the_templates_refuses_the_file(columns: tuple[str, ...],
                                                            named: str) -> None:
    with pytest.raises(CourseFileError) as caught:
        read_courses(csv_file(ACTIVE, columns=columns), "csv", TODAY)
    assert caught.value.code == "header"
    assert named in caught.value.message


@pytest.mark.parametrize(("content", "kind", "code"), [
    ("Navn;CPR\n".encode("latin-1") + "Søren;010190-1234\n".encode("latin-1"), "csv",
     "encoding"),
    (b"", "csv", "no_header"),
    (b"\xef\xbb\xbf\r\n\r\n", "csv", "no_header"),
    (";".join(COLUMNS).encode() + b"\r\n;;;\r\n", "csv", "no_rows"),
    (b"PK\x03\x04 not a workbook", "xlsx", "xlsx"),
    (b"external_ref;company_cvr", "xlsx", "xlsx"),
], ids=["latin-1", "empty", "only-blank-lines", "no-rows", "broken-zip", "csv-as-xlsx"])
def test_a_file_that_cannot_be_read_is_refused_whole(content: bytes, kind: str,
                                                     code: str) -> None:
    with pytest.raises(CourseFileError) as caught:
        read_courses(content, kind, TODAY)  # type: ignore[arg-type]
    assert caught.value.code == code
    assert caught.value.message


def test_an_xlsx_without_data_rows_is_refused() -> None:
    with pytest.raises(CourseFileError) as caught:
        read_courses(xlsx_file(), "xlsx", TODAY)
    assert caught.value.code == "no_rows"


def test_xlsx_with_date_cells_number_cells_and_text() -> None:
    row: dict[str, Any] = {
        **ACTIVE, "trainee_cpr": 211852468,  # a CPR number typed as a number lost its 0
        "company_cvr": 31415926, "start_date": datetime(2026, 3, 2),
        "registered_since": date(2016, 8, 15), "weekly_hours": 32.5, "external_ref": 1001.0,
        "end_date": None, "ended_on": None,
    }
    text_row = {**ACTIVE, "external_ref": "K-2", "weekly_hours": 37}
    result = read_courses(xlsx_file(row, text_row), "xlsx", TODAY)
    assert result.errors == []
    first, second = result.courses
    assert first.trainee_cpr == CPR_DIGITS
    assert first.company_cvr == "31415926"
    assert first.start_date == date(2026, 3, 2)
    assert first.weekly_hours == Decimal("32.50")
    assert first.external_ref == "1001"
    assert second.start_date == date(2026, 3, 2) and second.weekly_hours == Decimal("37.00")


def test_xlsx_errors_keep_the_sheets_row_numbers() -> None:
    result = read_courses(xlsx_file(ACTIVE, {}, {**ACTIVE, "external_ref": "K-3",
                                                 "weekly_hours": 3.333}), "xlsx", TODAY)
    assert result.rows == 2
    assert error_places(result) == [(4, "weekly_hours")]


# -- the template ------------------------------------------------------------

def test_the_csv_template_reads_back_as_one_valid_course() -> None:
    content = template_csv()
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig").splitlines()[0] == ";".join(COLUMNS)
    result = read_courses(content, "csv", TODAY)
    assert result.errors == [] and result.rows == 1 and len(result.courses) == 1


def test_the_xlsx_template_reads_back_as_one_valid_course() -> None:
    content = template_xlsx()
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert tuple(c.value for c in sheet[1]) == COLUMNS
    result = read_courses(content, "xlsx", TODAY)
    assert result.errors == [] and result.rows == 1
    assert result.courses[0] == read_courses(template_csv(), "csv", TODAY).courses[0]


# -- CPR numbers ---------------------------------------------------------------

def test_a_cpr_number_is_in_no_message_nor_repr() -> None:
    bad = [{**ACTIVE, "external_ref": f"B-{n}", **changes} for n, changes in enumerate([
        {"trainee_cpr": CPR + "5"}, {"trainee_cpr": "320185-2468"},
        {"trainee_cpr": CPR, "start_date": "01-01-1980", "registered_since": ""},
        {"trainee_cpr": CPR, "company_cvr": CPR_DIGITS}, {"external_ref": CPR},
        {"external_ref": "K-0"},
    ])]
    result = read(ACTIVE, *bad)
    everything = repr(result) + " ".join(e.message for e in result.errors)
    assert result.errors and result.courses
    for shape in (CPR, CPR_DIGITS, "320185", "021185", "1185-2468"):
        assert shape not in everything


def test_a_file_error_names_no_cell() -> None:
    """A file without its header: the first course's cells are the column names."""
    content = csv_file(ACTIVE, ACTIVE).split(b"\r\n", 1)[1]
    with pytest.raises(CourseFileError) as caught:
        read_courses(content, "csv", TODAY)
    assert "k-1" in caught.value.message  # an unknown column is named
    for shape in (CPR, CPR_DIGITS, "021185"):
        assert shape not in caught.value.message and shape not in repr(caught.value)
    assert "XXXXXX-XXXX" in caught.value.message


# -- size ------------------------------------------------------------------------

def test_five_thousand_rows_read() -> None:
    rows = [{**ACTIVE, "external_ref": f"K-{n}", "start_date": f"{n % 28 + 1:02}-03-2026"}
            for n in range(5000)]
    result = read(*rows)
    assert result.rows == 5000 and len(result.courses) == 5000 and result.errors == []


def test_row_error_fields() -> None:
    assert RowError(2, "status", "x") == RowError(row=2, field="status", message="x")
