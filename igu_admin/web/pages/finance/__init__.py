"""The finance officer's area: the municipality's bonus claims."""

from igu_admin.web.pages.finance.home import bp

__all__ = ["bp"]
