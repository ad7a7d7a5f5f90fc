"""The administrator's area: users and companies."""

from igu_admin.web.pages.admin.routes import bp

__all__ = ["bp"]
