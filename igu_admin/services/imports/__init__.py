"""Imports: the courses a municipality ran before it used igu-admin, read
from its file (inputs.course_import) and written as agreements with their
history."""

from igu_admin.services.imports import courses
from igu_admin.services.imports.courses import (
    CHANNELS,
    PAID_COLUMNS,
    Conflict,
    ImportReport,
    ensure_may_import,
    history,
    import_courses,
)

__all__ = [
    "CHANNELS",
    "PAID_COLUMNS",
    "Conflict",
    "ImportReport",
    "courses",
    "ensure_may_import",
    "history",
    "import_courses",
]
