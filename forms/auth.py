from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import ValidationError

from forms.fields import BaseForm, max_length, required_message
from igu_admin.domain.accounts import MIN_PASSWORD_LENGTH
from igu_admin.wording.accounts import account_error


class LoginForm(BaseForm):
    email = EmailField(_l("E-mail"), validators=[required_message(_l("Enter your e-mail.")),
                                                  max_length(254)])
    password = PasswordField(_l("Password"), validators=[
        required_message(_l("Enter your password.")), max_length(1000)])


class LogoutForm(BaseForm):
    """Only the CSRF token: logging out is a POST."""


class ForgotPasswordForm(BaseForm):
    """The e-mail to send a link to, to set a new password."""

    email = EmailField(_l("E-mail"), validators=[required_message(_l("Enter your e-mail.")),
                                                  max_length(254)])


class ResetPasswordForm(BaseForm):
    """A new password, typed twice. Its rules are the accounts' own
    (services.accounts), checked when it is stored."""

    password = PasswordField(
        _l("New password (at least %(min)s characters)", min=MIN_PASSWORD_LENGTH),
        validators=[required_message(_l("Enter a new password.")), max_length(1000)])
    repeat = PasswordField(_l("Repeat the new password"), validators=[
        required_message(_l("Enter the new password again.")), max_length(1000)])

    def validate_password(self, field: PasswordField) -> None:
        # The accounts' own rule and words, here too so that both fields'
        # errors show at once; the service checks it again when it stores it.
        if len(field.data or "") < MIN_PASSWORD_LENGTH:
            raise ValidationError(account_error("password_too_short"))

    def validate_repeat(self, field: PasswordField) -> None:
        if self.password.data and field.data != self.password.data:
            raise ValidationError(str(_l("The two passwords are not the same.")))


class AcceptInvitationForm(ResetPasswordForm):
    """The invited person's name and the password of their new login, typed twice."""

    name = StringField(_l("Your name"), validators=[max_length(200)])
