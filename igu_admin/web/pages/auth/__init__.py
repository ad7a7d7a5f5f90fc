"""Login and logout."""

from igu_admin.web.pages.auth.routes import bp

__all__ = ["bp"]
