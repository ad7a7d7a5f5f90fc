"""A municipality's name as it names itself ("Københavns Kommune"): the
pages and documents say "<name> Kommune" for all but the two whose official
names differ (Danmarks Statistik's list of municipalities)."""

from __future__ import annotations

# The municipalities whose official name is not "<name> Kommune".
_OWN_NAMES = {"København": "Københavns Kommune", "Bornholm": "Bornholms Regionskommune"}


def official_name(name: str) -> str:
    """"Aarhus" → "Aarhus Kommune"; "København" → "Københavns Kommune"."""
    return _OWN_NAMES.get(name, f"{name} Kommune")
