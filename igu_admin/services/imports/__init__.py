"""Imports: the courses a municipality ran before it used igu-admin, read
from its file (inputs.course_import) and written as agreements with their
history."""

from igu_admin.services.imports import courses, files
from igu_admin.services.imports.courses import (
    CHANNELS,
    PAID_COLUMNS,
    Conflict,
    ImportReport,
    ensure_may_import,
    history,
    import_courses,
)
from igu_admin.services.imports.files import (
    MAX_FILE_BYTES,
    MEDIA_TYPES,
    display_name,
    import_file,
    kind_of,
)

__all__ = [
    "CHANNELS",
    "MAX_FILE_BYTES",
    "MEDIA_TYPES",
    "PAID_COLUMNS",
    "Conflict",
    "ImportReport",
    "courses",
    "display_name",
    "ensure_may_import",
    "files",
    "history",
    "import_courses",
    "import_file",
    "kind_of",
]
