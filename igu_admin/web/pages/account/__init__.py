"""The user's own pages: API keys ("API-nøgler")."""

from igu_admin.web.pages.account.routes import bp

__all__ = ["bp"]
