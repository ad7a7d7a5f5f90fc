from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField

from forms.fields import BaseForm, max_length, required_message


class LoginForm(BaseForm):
    email = EmailField(_l("E-mail"), validators=[required_message(_l("Enter your e-mail.")),
                                                  max_length(254)])
    password = PasswordField(_l("Password"), validators=[
        required_message(_l("Enter your password.")), max_length(1000)])


class LogoutForm(BaseForm):
    """Only the CSRF token: logging out is a POST."""
