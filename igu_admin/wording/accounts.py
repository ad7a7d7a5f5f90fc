"""The reasons the account services give (ServiceError codes), worded for
people: the admin pages and the CLI say the same thing (Babel)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from igu_admin.domain.accounts import LABEL_MAX, MIN_PASSWORD_LENGTH

ACCOUNT_ERRORS: dict[str, LazyString] = {
    "email_invalid": _l("Enter a valid e-mail address."),
    "email_taken": _l("A user with this e-mail already exists."),
    "password_too_short": _l("The password must have at least %(min)s characters.",
                             min=MIN_PASSWORD_LENGTH),
    "company_required": _l("Choose the employer's company."),
    "municipality_required": _l("Choose the municipality."),
    "cvr_invalid": _l("Enter a valid CVR number of 8 digits."),
    "cvr_taken": _l("A company with this CVR number already exists."),
    "name_required": _l("Enter the name."),
    "company_exists": _l("igu-admin already knows a company with this CVR number: invite a "
                         "person to it from its page instead."),
    "employer_type_required": _l("Choose the type of employer."),
    "invitation_invalid": _l("The invitation's link cannot be used."),
    "cannot_deactivate_self": _l("You cannot deactivate your own login."),
    "label_too_long": _l("Use at most %(max)s characters.", max=LABEL_MAX),
    "user_inactive": _l("The user is not active: an API key would not work."),
    "demo_data_in_production": _l(
        "Demo data is not made in production: it would create logins with a shared password "
        "that is printed on the screen."),
}


def account_error(code: str) -> str:
    """The message for a ServiceError code, in the current language."""
    return str(ACCOUNT_ERRORS[code])
