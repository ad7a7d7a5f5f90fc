"""The overview and the benchmark worded for people (Babel): the forecast's
sentence saying how it was made, the instance's name for "all"."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_percent, gettext

from igu_admin.domain import overview as ov


def instance_name() -> str:
    """The name shown for municipality "all": every municipality together."""
    return gettext("All municipalities")


def forecast_method(basis: str, share: Decimal | None) -> str:
    """One sentence: how the forecast's expected amounts were made."""
    if basis == ov.BASIS_NONE or share is None:
        return gettext("The amounts scheduled for each month, with no discount: too few courses "
                       "ended in the period to give an early-end share.")
    percent = format_percent(share, "#,##0.##%")
    if basis == ov.BASIS_ALL:
        return gettext("The amounts scheduled for each month, discounted by the early-end share "
                       "of all municipalities in the period (%(share)s).", share=percent)
    if basis == ov.BASIS_MUNICIPALITY:
        return gettext("The amounts scheduled for each month, discounted by the municipality's "
                       "early-end share in the period (%(share)s).", share=percent)
    return gettext("The amounts scheduled for each month, discounted by the early-end share of "
                   "all municipalities in the period (%(share)s): the municipality's own is not "
                   "shown.", share=percent)
