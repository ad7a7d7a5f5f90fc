"""The shipped AMU catalogue (data/amu-courses.toml), loaded at start-up."""

from __future__ import annotations

from flask import current_app

from igu_admin.domain.amu_catalogue import AmuCatalogue, AmuCourse, Provider

__all__ = ["AmuCatalogue", "AmuCourse", "Provider", "catalogue"]


def catalogue() -> AmuCatalogue:
    return current_app.extensions["igu_amu_catalogue"]
