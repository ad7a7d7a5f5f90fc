"""The follow-up as page forms: the caseworker's check-in and the course's
mentor, the employer's note on how it goes. Each builds the mapping the API
takes (`raw()`), parsed by the API's input model; messages come back per
field path onto the fields (`place_errors`)."""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, TextAreaField

from forms.course import CourseEventForm
from forms.eligibility import one_of
from forms.fields import DateTextField, OptionalUnlessParseError, choices, max_length, required_message
from igu_admin.inputs.follow_up import AGREED_LENGTH, NAME_LENGTH, NOTE_LENGTH
from igu_admin.wording.follow_up import HELD_BY_LABELS, PARTICIPANT_LABELS, RATING_LABELS

_RATINGS = choices(RATING_LABELS.items())


class CheckInForm(CourseEventForm):
    PATHS: ClassVar[dict[str, str]] = {
        "held_on": "held_on", "held_by": "held_by", "work": "work", "school": "school",
        "danish": "danish", "agreed": "agreed", "next_on": "next_on"}

    held_on = DateTextField(_l("Day of the check-in"), validators=[
        required_message(_l("Enter the day of the check-in."))])
    held_by = RadioField(_l("Who held the check-in?"), choices=choices(HELD_BY_LABELS.items()),
                         validate_choice=False,
                         validators=[one_of(_l("Choose who held the check-in."))])
    took_trainee = BooleanField(PARTICIPANT_LABELS["trainee"])
    took_employer = BooleanField(PARTICIPANT_LABELS["employer"])
    took_mentor = BooleanField(PARTICIPANT_LABELS["mentor"])
    took_school = BooleanField(PARTICIPANT_LABELS["school"])
    took_interpreter = BooleanField(PARTICIPANT_LABELS["interpreter"])
    work = RadioField(_l("How does it go at work?"), choices=_RATINGS, validate_choice=False,
                      validators=[one_of(_l("Choose how it goes at work."))])
    school = RadioField(_l("How does it go at school?"), choices=_RATINGS,
                        validate_choice=False,
                        validators=[one_of(_l("Choose how it goes at school."))])
    danish = RadioField(_l("How does it go with Danish?"), choices=_RATINGS,
                        validate_choice=False,
                        validators=[one_of(_l("Choose how it goes with Danish."))])
    agreed = TextAreaField(_l("What was agreed"), validators=[max_length(AGREED_LENGTH)])
    next_on = DateTextField(_l("Next check-in (optional)"),
                            validators=[OptionalUnlessParseError()])

    PARTICIPANT_FIELDS: ClassVar[tuple[str, ...]] = (
        "took_trainee", "took_employer", "took_mentor", "took_school", "took_interpreter")

    def raw(self) -> dict[str, Any]:
        data = super().raw()
        data["participants"] = [name.removeprefix("took_") for name in self.PARTICIPANT_FIELDS
                                if self[name].data]
        return data


class MentorForm(CourseEventForm):
    PATHS: ClassVar[dict[str, str]] = {
        "name": "name", "organisation": "organisation", "phone": "phone", "email": "email",
        "lock_version": "lock_version"}

    name = StringField(_l("Mentor's name"), validators=[
        required_message(_l("Enter the mentor's name.")), max_length(NAME_LENGTH)])
    organisation = StringField(_l("Organisation (optional)"),
                               validators=[max_length(NAME_LENGTH)])
    phone = StringField(_l("Phone (optional)"), validators=[max_length(30)])
    email = StringField(_l("E-mail (optional)"), validators=[max_length(254)])


class FollowUpNoteForm(CourseEventForm):
    PATHS: ClassVar[dict[str, str]] = {"text": "text"}

    text = TextAreaField(_l("How does the course go?"), validators=[
        required_message(_l("Write how the course goes.")), max_length(NOTE_LENGTH)])
