"""An import's file, as the three doors hand it over (the page's upload, the
API's body, the command's FILE): read and checked (inputs.course_import),
then imported in one go. One path for all three."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import PurePosixPath, PureWindowsPath
from typing import Literal

from igu_admin.core.clock import today as danish_today
from igu_admin.inputs.course_import import CourseFileError, ReadCourses, RowError, read_courses
from igu_admin.inputs.uploads import MAX_BYTES
from igu_admin.models import User
from igu_admin.services.imports.courses import ImportReport, ensure_may_import, import_courses

FileKind = Literal["csv", "xlsx"]
# The largest file taken, by every door.
MAX_FILE_BYTES = MAX_BYTES
# The media types of the two kinds (the API's Content-Type).
MEDIA_TYPES: dict[str, FileKind] = {
    "text/csv": "csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
# Where an error of the file as a whole is reported: the header's row, and
# no column of the template.
FILE_ROW, FILE_FIELD = 1, "file"
_ZIP = b"PK\x03\x04"  # an XLSX workbook is a zip archive


def kind_of(content: bytes) -> FileKind:
    """The kind of file by its content: a workbook, else text."""
    return "xlsx" if content.startswith(_ZIP) else "csv"


def display_name(filename: str) -> str:
    """The file's name as the history shows it: no folders, no control
    characters, at most 200 characters (the name is the sender's to choose)."""
    base = PureWindowsPath(PurePosixPath(filename or "").name).name
    return "".join(c for c in unicodedata.normalize("NFC", base)
                   if unicodedata.category(c)[0] != "C")[:200]


def import_file(actor: User | None, municipality_code: str, content: bytes,
                file_kind: FileKind, *, channel: str, filename: str = "",
                dry_run: bool = False, update: bool = False,
                today: date | None = None) -> ImportReport:
    """Read the file and import its courses into the municipality (see
    services.imports.courses). A file that cannot be read at all is a report
    with one error at the header's row; nothing is written but the import's
    line in the history. Refused (NotFound, PermissionDenied) before the
    file is read for an actor who may not import into the municipality."""
    ensure_may_import(actor, municipality_code)
    today = today or danish_today()
    try:
        read = read_courses(content, file_kind, today)
    except CourseFileError as unreadable:
        read = ReadCourses(0, [], [RowError(FILE_ROW, FILE_FIELD, unreadable.message)])
    return import_courses(actor, municipality_code, read, channel=channel,
                          filename=display_name(filename),
                          dry_run=dry_run, update=update, today=today)
