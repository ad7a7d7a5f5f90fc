from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField

from forms.fields import required_message


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[required_message(_l("Enter your e-mail."))])
    password = PasswordField(_l("Password"),
                             validators=[required_message(_l("Enter your password."))])


class LogoutForm(FlaskForm):
    """Only the CSRF token: logging out is a POST."""
