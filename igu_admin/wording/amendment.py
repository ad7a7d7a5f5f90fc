"""An amendment's (tillæg) messages for people (Babel)."""

from __future__ import annotations

from flask_babel import gettext


def nothing_to_change() -> str:
    return gettext("Give at least one term to change.")


def amount_with_basis() -> str:
    return gettext("A new wage basis needs the wage for both years on that basis.")


def pending_conflict() -> str:
    return gettext("A change to this agreement is waiting for the municipality's decision. "
                   "Wait for the decision, or withdraw the change, before proposing another.")
