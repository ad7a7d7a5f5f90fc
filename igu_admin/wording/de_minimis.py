"""The words of the de minimis check: the warning when a claim would cross
the ceiling, and the names of the three-year windows."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_currency, gettext

from igu_admin.domain.de_minimis import Assessment


def euros(amount: Decimal) -> str:
    return format_currency(amount, "EUR")


def window_label(window: str) -> str:
    if window == "fiscal_years":
        return gettext("the current and the two previous fiscal years")
    return gettext("the last three years, counted back from the grant")


def de_minimis_warning(check: Assessment) -> str:
    """Said when the declared other aid and the claim are above the ceiling:
    the claim is prepared all the same (SIRI decides)."""
    return gettext(
        "De minimis: the other aid declared (%(other)s) and this claim (%(claim)s) come to "
        "%(total)s, above the ceiling of %(ceiling)s under %(regime)s. SIRI may refuse or "
        "reduce the bonus; check the declaration before you send the claim.",
        other=euros(check.other_aid_eur), claim=euros(check.claim_eur),
        total=euros(check.total_eur), ceiling=euros(check.regime.ceiling_eur),
        regime=check.regime.code)
