"""The languages of the trainee's own copy ("Din IGU"): the ones
municipalities and the Danish Refugee Council publish IGU information in.
Arabic and Farsi are written right to left."""

from __future__ import annotations

TRAINEE_LANGUAGES = ("ar", "fa", "ti", "so", "uk", "en")
RIGHT_TO_LEFT = frozenset({"ar", "fa"})


def direction(lang: str) -> str:
    """The HTML `dir` of text in `lang`: "rtl" or "ltr"."""
    return "rtl" if lang in RIGHT_TO_LEFT else "ltr"
