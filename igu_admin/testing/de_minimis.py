"""A de minimis declaration for tests that prepare a company claim due from
1 June 2023 (the preparation asks for one): no other aid."""

from __future__ import annotations

from decimal import Decimal

from igu_admin.domain.de_minimis import Declaration

__all__ = ["NO_OTHER_AID", "NO_OTHER_AID_FORM", "NO_OTHER_AID_JSON"]

NO_OTHER_AID = Declaration(Decimal("0.00"), (), True)
NO_OTHER_AID_JSON = {"other_aid_eur": "0.00", "grantors": [], "declared": True}
NO_OTHER_AID_FORM = {"other_aid_eur": "0", "grantors": "", "declared": "y"}
