"""Importing courses through the API: the municipality's file as the body.

A declared exception to the JSON-only convention: the body is the file
(`text/csv` or an XLSX workbook, at most 10 MiB; 415 for another
Content-Type, 413 above), and the answer to a file with invalid rows is the
import's report, not the usual refusal: 422 with the same shape as 200 and
every error at its row and column. The query is checked as every other's
(400). A caseworker imports into their own municipality (another: 404), an
administrator into any; employers and finance officers are refused (403).
"""

from __future__ import annotations

from typing import Annotated

from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from igu_admin.inputs.agreement import municipality_codes
from igu_admin.inputs.types import OneOf
from igu_admin.models import Role
from igu_admin.services import imports
from igu_admin.web.api.blueprint import api
from igu_admin.web.api.operations import Upload, UploadedFile

IMPORTERS = (Role.CASEWORKER, Role.ADMIN)
_FLAG = ("true", "false")

COURSES_UPLOAD = Upload(
    tuple(imports.MEDIA_TYPES), imports.MAX_FILE_BYTES,
    "The file as the request body: CSV (UTF-8, `;` or `,` between the columns) or an XLSX "
    "workbook, with the template's header (docs/import.md), at most 10 MiB. An optional "
    "`Content-Disposition: attachment; filename=\"...\"` header gives its name for the "
    "municipality's history of imports.")


class ImportQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    municipality: Annotated[str, OneOf(municipality_codes, "municipality_unknown",
                                       "The municipality the courses are imported into.")]
    dry_run: Annotated[str, OneOf(lambda: _FLAG, "boolean", (
        "true: check the file and count what would be done, changing nothing."))] = "false"
    update: Annotated[str, OneOf(lambda: _FLAG, "boolean", (
        "true: apply rows whose course igu-admin holds with other values; false: report "
        "them as conflicts."))] = "false"


class ConflictOut(BaseModel):
    row: int = Field(description="The row in the file (the header is row 1).")
    external_ref: str


class RowErrorOut(BaseModel):
    row: int = Field(description="The row in the file (the header is row 1).")
    field: str = Field(description="The column's name (`file` for the file as a whole).")
    message: str = Field(description="In the language of Accept-Language.")


class ImportOut(BaseModel):
    """The import's report; never a CPR number."""

    rows: int = Field(description="The file's data rows.")
    valid: int = Field(description="The rows without errors.")
    created: int = Field(description="Courses created (in a dry run: that would be).")
    updated: int = Field(description="Courses changed by the update option (dry run: would be).")
    unchanged: int = Field(description="Rows igu-admin already holds as they are.")
    conflicts: list[ConflictOut] = Field(description=(
        "Rows whose course igu-admin holds with other values, not applied (without update)."))
    errors: list[RowErrorOut] = Field(description="Every error; empty unless 422.")


@api.operation(
    "/imports/courses", "POST", operation_id="importCourses", tags=("imports",), bearer=True,
    roles=IMPORTERS, query=ImportQuery, upload=COURSES_UPLOAD,
    summary="Import running and past courses from a file",
    description="Each row becomes an agreement with its company, trainee, imported version and "
                "claims, matched to the municipality's courses by `external_ref`: a second "
                "import of the same file changes nothing. Nothing is written while any row is "
                "invalid. Every import, a dry run and a refused file included, is listed in "
                "the municipality's history of imports.",
    responses={200: (ImportOut, "Imported (or, in a dry run, counted)."),
               404: "Another municipality than the caseworker's own.",
               422: (ImportOut, "Rows with errors, each at its row and column: nothing was "
                                "written.")})
def import_courses(query: ImportQuery, upload: UploadedFile) -> tuple[ImportOut, int]:
    report = imports.import_file(
        current_user, query.municipality, upload.data, imports.MEDIA_TYPES[upload.declared_type],
        channel="api", filename=upload.filename, dry_run=query.dry_run == "true",
        update=query.update == "true")
    return ImportOut.model_validate(report.as_dict()), 422 if report.invalid else 200
