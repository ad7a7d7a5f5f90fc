"""The user's own account: API keys."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from forms.fields import BaseForm, max_length
from igu_admin.domain.accounts import LABEL_MAX


class NewApiKeyForm(BaseForm):
    label = StringField(_l("What is the key for?"), validators=[max_length(LABEL_MAX)])


class RevokeApiKeyForm(BaseForm):
    """Only the CSRF token: revoking is a POST."""
