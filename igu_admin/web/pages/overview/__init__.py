"""The municipality's overview and the benchmark between the municipalities:
a blueprint of its own, for its own policy (caseworkers, finance officers
and administrators)."""

from igu_admin.web.pages.overview import routes, tables
from igu_admin.web.pages.overview.blueprint import bp

__all__ = ["bp", "routes", "tables"]
