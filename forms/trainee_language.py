"""The trainee's language as a page form on the agreement's page ("Elevens
sprog"), for the employer and the caseworker in any status. It builds the
mapping the API takes (`raw()`), parsed by the API's input model; messages
come back per field path onto the field (`place_errors`)."""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from forms.course import CourseEventForm
from forms.fields import choices


class TraineeLanguageForm(CourseEventForm):
    PATHS: ClassVar[dict[str, str]] = {"trainee_language": "trainee_language",
                                       "lock_version": "lock_version"}

    trainee_language = SelectField(_l("The trainee's language"), choices=[],
                                   validate_choice=False)

    def configure(self, languages: list[tuple[str, str]]) -> None:
        """(code, name) of the trainee's languages, after "Not chosen"."""
        self.trainee_language.choices = choices([("", str(_l("Not chosen"))), *languages])

    def raw(self) -> dict[str, Any]:
        # "Not chosen" is a choice too: sent as null, which clears the language.
        data = super().raw()
        if not self.trainee_language.errors:
            data.setdefault("trainee_language", None)
        return data
