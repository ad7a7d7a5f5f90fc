"""Dates as igu-admin writes them: Danish as Babel writes Danish ("1. juni
2028"), English in one style, "1 June 2028", whatever width is asked for.

Babel's English ("en") writes "June 1, 2028", "Jun 1, 2028" or "6/1/28" by
width, and the documents' "en_DK" writes "01/06/2028" when short: every page,
e-mail and PDF in English goes through the patterns here instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from babel import Locale
from flask_babel import Babel, get_locale

ENGLISH_DATE = "d MMMM y"
ENGLISH_FULL_DATE = "EEEE d MMMM y"
WIDTHS = ("short", "medium", "long", "full")


def _english(locale: str | Locale | None) -> bool:
    return locale is not None and Locale.parse(locale).language == "en"


def date_pattern(width: str, locale: str | Locale) -> str:
    """The Babel date format for a width in a locale: English's own pattern,
    else the width itself (Babel's format for the locale). A pattern passes
    through untouched."""
    if width in WIDTHS and _english(locale):
        return ENGLISH_FULL_DATE if width == "full" else ENGLISH_DATE
    return width


def datetime_pattern(width: str, locale: str | Locale) -> str:
    """A date and time: in English the date as above, then the locale's time."""
    if width in WIDTHS and _english(locale):
        time = Locale.parse(locale).time_formats[width].pattern
        return f"{date_pattern(width, locale)}, {time}"
    return width


class DateFormats(Mapping[str, str | None]):
    """Flask-Babel's table of formats (`Babel.date_formats`), read for the
    locale of the moment: `format_date(day, "long")`, the `dateformat` and
    `datetimeformat` filters and every other width in English give English's
    pattern; other locales keep Babel's (None)."""

    def __getitem__(self, key: str) -> str | None:
        default = Babel.default_date_formats[key]
        kind, _, width = key.partition(".")
        if not width or kind == "time":
            return default
        locale = get_locale()
        if not _english(locale):
            return default
        assert locale is not None
        pattern = date_pattern if kind == "date" else datetime_pattern
        return pattern(width, locale)

    def __iter__(self) -> Iterator[str]:
        return iter(Babel.default_date_formats)

    def __len__(self) -> int:
        return len(Babel.default_date_formats)
