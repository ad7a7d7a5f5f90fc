"""The import of running and past courses (/caseworker/import): the upload
with its options, the review of a file's errors by row and column, the
report of an import, the template to fill in, and the municipality's history
of imports. For caseworkers (their own municipality) and administrators
(any, chosen on the form): a blueprint of its own, for its own policy."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from forms.course_import import CourseImportForm
from igu_admin.core.municipalities import all_municipalities
from igu_admin.documents import import_template
from igu_admin.models import Role
from igu_admin.services import imports
from igu_admin.web.downloads import attachment
from igu_admin.web.upload_limits import accepts_upload

bp = Blueprint("course_import", __name__, url_prefix="/caseworker/import")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/", methods=["GET", "POST"])
def page() -> tuple[str, int] | str:
    form = CourseImportForm()
    is_admin = current_user.role == Role.ADMIN
    if is_admin:
        form.municipality.choices = [(m.code, m.name) for m in all_municipalities()]
        if not form.municipality.data:
            form.municipality.data = form.municipality.choices[0][0]
        code = form.municipality.data
    else:
        del form.municipality
        code = current_user.municipality_code
    report = None
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            report = _import(form, code)
            if report is None:
                status = 400
            elif report.invalid:
                # The file's errors are listed below, by row and column; the
                # summary above the heading points to the file to choose again.
                form.file.errors = [_("The file has errors, so nothing was imported. Correct "
                                      "the rows listed below and import the file again.")]
                status = 422
        else:
            status = 400
    history = imports.history(current_user, code)
    return render_template("caseworker/import.html", form=form, report=report,
                           history=history, is_admin=is_admin,
                           max_mb=imports.MAX_FILE_BYTES // (1024 * 1024)), status


def _import(form: CourseImportForm, code: str) -> imports.ImportReport | None:
    document: FileStorage | None = form.file.data
    assert document is not None  # the form's check
    content = document.stream.read(imports.MAX_FILE_BYTES + 1)
    if len(content) > imports.MAX_FILE_BYTES:
        form.file.errors = [_("The file is larger than %(size)s MB.",
                              size=imports.MAX_FILE_BYTES // (1024 * 1024))]
        return None
    if not content:
        form.file.errors = [_("The file is empty.")]
        return None
    return imports.import_file(current_user, code, content, imports.kind_of(content),
                               channel="web", filename=document.filename or "",
                               dry_run=bool(form.dry_run.data), update=bool(form.update.data))


@bp.route("/template.csv")
def template_csv() -> Response:
    return attachment(import_template.template_csv(), "text/csv; charset=utf-8",
                      "igu-import-skabelon.csv")


@bp.route("/template.xlsx")
def template_xlsx() -> Response:
    return attachment(import_template.template_xlsx(), XLSX, "igu-import-skabelon.xlsx")


accepts_upload(f"{bp.name}.{page.__name__}")
