"""Who uses igu-admin: the roles a login can have."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    EMPLOYER = "employer"
    CASEWORKER = "caseworker"
    FINANCE = "finance"
    ADMIN = "admin"


# Not a login: the scheduler's daily job, for changes that follow from a date.
SYSTEM = "system"
