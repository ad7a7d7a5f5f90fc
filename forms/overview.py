"""The overview's period (and, for an administrator, its municipality): read
from the address (GET), so a period can be bookmarked and sent on."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import StopValidation

from forms.fields import DateTextField, choice_values, required_message


class OverviewForm(FlaskForm):
    class Meta:
        csrf = False

    municipality = SelectField(_l("Municipality"), choices=[], validate_choice=False)
    from_ = DateTextField(_l("From"), name="from",
                          validators=[required_message(_l("Enter the first day of the period."))])
    to = DateTextField(_l("To"), validators=[
        required_message(_l("Enter the last day of the period."))])

    def validate_municipality(self, field: SelectField) -> None:
        if field.data not in choice_values(field):
            raise StopValidation(str(_l("Choose a municipality from the list.")))

    def validate_to(self, field: DateTextField) -> None:
        if field.data and self.from_.data and field.data < self.from_.data:
            raise StopValidation(str(_l("The end of the period is before its start.")))
