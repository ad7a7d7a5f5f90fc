"""The pages people use: a package per area, each importing its own routes.

Modules directly in this folder are shared by two areas: the review's and
the course's panels, the claim and calendar pages (employer and finance),
and the course's events (course_pages: the employer asks, the caseworker
decides).
"""

from flask import Blueprint

from igu_admin.models import Role
from igu_admin.web.access import PUBLIC, Policy
from igu_admin.web.pages import (
    account,
    admin,
    amendment_pages,
    auth,
    caseworker,
    course_pages,
    employer,
    finance,
    follow_up_pages,
    overview,
    public,
    trainee_copy_pages,
    trainee_language_pages,
)

# Each area's blueprint and who may use it.
AREAS: list[tuple[Blueprint, Policy]] = [
    (public.bp, PUBLIC),
    (auth.bp, PUBLIC),
    # A calendar program reads the feed without a login: its secret address is the key.
    (public.calendar_bp, PUBLIC),
    (employer.bp, (Role.EMPLOYER,)),
    (caseworker.bp, (Role.CASEWORKER,)),
    (caseworker.import_bp, (Role.CASEWORKER, Role.ADMIN)),
    (finance.bp, (Role.FINANCE,)),
    (admin.bp, (Role.ADMIN,)),
    (overview.bp, (Role.CASEWORKER, Role.FINANCE, Role.ADMIN)),
    (account.bp, tuple(Role)),
]

__all__ = ["AREAS", "amendment_pages", "course_pages", "follow_up_pages", "trainee_copy_pages",
           "trainee_language_pages"]
