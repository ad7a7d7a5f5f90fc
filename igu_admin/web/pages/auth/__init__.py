"""Login and logout, and setting a forgotten password."""

from igu_admin.web.pages.auth import password_reset
from igu_admin.web.pages.auth.password_reset import register_password_reset_limits
from igu_admin.web.pages.auth.routes import bp

__all__ = ["bp", "password_reset", "register_password_reset_limits"]
