"""The caseworker's import of running and past courses: the file, and how it
is imported. An administrator also chooses the municipality."""

from __future__ import annotations

from typing import ClassVar

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField
from wtforms.validators import StopValidation

from forms.claims import DocumentField
from forms.fields import BaseForm


class CourseImportForm(BaseForm):
    accepts_files: ClassVar[bool] = True

    municipality = SelectField(_l("Municipality"), choices=[], validate_choice=False)
    file = DocumentField(_l("The file with the courses"))
    dry_run = BooleanField(_l("Only check the file and show what the import would do"))
    update = BooleanField(_l("Update the courses igu-admin already holds with other values"))

    def validate_file(self, field: DocumentField) -> None:
        if field.data is None:
            raise StopValidation(str(_l("Choose a CSV or XLSX file to import.")))
