"""The main menu of each role, the account menu by the login, and what the
page shell shows of the login."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from forms.auth import LogoutForm
from igu_admin.models import Role, User
from igu_admin.web.labels import ROLE_LABELS

_NAV: dict[Role | None, list[tuple[str, Any]]] = {
    None: [("public.index", _l("Front page")), ("public.eligibility", _l("Eligibility check"))],
    Role.EMPLOYER: [("employer.home", _l("My IGU courses")),
                    ("employer.claims", _l("Bonus claims")),
                    ("public.eligibility", _l("Eligibility check"))],
    Role.CASEWORKER: [("caseworker.home", _l("Queue")),
                      ("caseworker.started_agreements", _l("Started agreements")),
                      ("caseworker.follow_up_list", _l("Follow-up")),
                      ("caseworker.invitations", _l("Invitations")),
                      ("course_import.page", _l("Import")),
                      ("overview.page", _l("Figures")),
                      ("public.eligibility", _l("Eligibility check"))],
    Role.FINANCE: [("finance.home", _l("Bonus claims")), ("finance.calendar", _l("Calendar")),
                   ("overview.page", _l("Figures"))],
    Role.ADMIN: [("admin.home", _l("Overview")), ("admin.users", _l("Users")),
                 ("admin.companies", _l("Companies")), ("course_import.page", _l("Import")),
                 ("overview.page", _l("Figures"))],
}

# The user's own settings, by the login rather than among the role's work:
# the same for every role.
_ACCOUNT: list[tuple[str, Any]] = [("account.api_keys", _l("API keys"))]

HOME_ENDPOINTS = {
    Role.EMPLOYER: "employer.home",
    Role.CASEWORKER: "caseworker.home",
    Role.FINANCE: "finance.home",
    Role.ADMIN: "admin.home",
}


def home_url(user: User) -> str:
    """Where a role starts: its home page."""
    return url_for(HOME_ENDPOINTS[Role(user.role)])


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


def _items(entries: list[tuple[str, Any]]) -> list[NavItem]:
    return [NavItem(url_for(endpoint), str(label), request.endpoint == endpoint)
            for endpoint, label in entries]


def nav_items() -> list[NavItem]:
    return _items(_NAV[Role(current_user.role) if current_user.is_authenticated else None])


def account_items() -> list[NavItem]:
    """The account menu: only for a logged-in user."""
    return _items(_ACCOUNT) if current_user.is_authenticated else []


def register_navigation(app: Flask) -> None:
    @app.context_processor
    def _navigation_context() -> dict[str, Any]:
        role_label = None
        if current_user.is_authenticated:
            role_label = str(ROLE_LABELS[Role(current_user.role)])
        # formdata=None: the shell never reads the posted body, so an error
        # page for a body too large to read can still be drawn.
        return {"nav_items": nav_items(), "account_items": account_items(),
                "role_label": role_label,
                "logout_form": LogoutForm(formdata=None)}
