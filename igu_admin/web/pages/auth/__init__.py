"""Login and logout, setting a forgotten password, and single sign-on."""

from igu_admin.web.pages.auth import invitation, password_reset, routes, sign_on
from igu_admin.web.pages.auth.blueprint import bp
from igu_admin.web.pages.auth.password_reset import register_password_reset_limits
from igu_admin.web.pages.auth.sign_on import register_sign_on

__all__ = ["bp", "invitation", "password_reset", "register_password_reset_limits", "register_sign_on",
           "routes", "sign_on"]
