"""Companies and users, made through the account services."""

from __future__ import annotations

import itertools

from igu_admin.models import Company, Role, User
from igu_admin.services import accounts

# Every user a factory makes has it: tests log in with it, bench's users too.
PASSWORD = "correct horse battery staple"
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)

_counter = itertools.count(1)


def valid_cvr(seed: int) -> str:
    """A CVR number that passes the modulus-11 check."""
    for base in itertools.count(1000000 + seed * 13):
        for last in range(10):
            number = f"{base}{last}"
            if sum(int(d) * w for d, w in zip(number, CVR_WEIGHTS, strict=True)) % 11 == 0:
                return number
    raise AssertionError("unreachable")


def make_company(municipality: str = "101", name: str | None = None,
                 is_private: bool = True) -> Company:
    n = next(_counter)
    return accounts.create_company(None, accounts.NewCompany(
        cvr=valid_cvr(n), name=name or f"Firma {n} ApS", municipality_code=municipality,
        is_private=is_private))


def make_user(role: Role, company: Company | None = None, municipality: str | None = None,
              email: str | None = None, password: str = PASSWORD) -> User:
    n = next(_counter)
    if role is Role.EMPLOYER and company is None:
        company = make_company()
    if role in (Role.CASEWORKER, Role.FINANCE) and municipality is None:
        municipality = "101"
    return accounts.create_user(None, accounts.NewUser(
        email=email or f"{role.value}{n}@example.dk", password=password, role=role,
        company_id=company.id if company else None, municipality_code=municipality))
