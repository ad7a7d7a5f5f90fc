"""gettext, ngettext, format_date and format_number giving what Flask-Babel's give, for
wording made many times in one request: the eligibility answer words a
dozen sentences and four dates for every POST /api/v1/eligibility.

Flask-Babel finds the context, the domain, the locale and the catalogue
anew at every call, about 10 µs for a gettext and 20 µs for a date: a fifth
of an eligibility request under gunicorn. Here the locale of the moment is
asked once per call (so force_locale is followed as Flask-Babel follows it)
and each locale's catalogue and date patterns are kept for the process:
they are read-only files, and the app's translation folder is fixed
(igu_admin/paths.py).
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Literal

import flask_babel
from babel import Locale
from babel.dates import DateTimePattern, get_date_format, parse_pattern
from babel.numbers import format_decimal
from babel.support import NullTranslations

from igu_admin.wording.dates import date_pattern

_Width = Literal["short", "medium", "long", "full"]
_WIDTHS: dict[str, _Width] = {"short": "short", "medium": "medium", "long": "long",
                              "full": "full"}
_NO_CATALOGUE = NullTranslations()
_CATALOGUES: dict[Locale, NullTranslations] = {}


# Set by `settled`: the locale and catalogue of a block of wording.
_SETTLED: contextvars.ContextVar[tuple[Locale | None, NullTranslations] | None] = (
    contextvars.ContextVar("igu_wording_locale", default=None))


@contextmanager
def settled() -> Iterator[None]:
    """Inside: the locale of the moment the block began, found once (the
    eligibility answer's sentences and dates). Not for a block that switches
    the locale (force_locale) inside."""
    token = _SETTLED.set(_lookup())
    try:
        yield
    finally:
        _SETTLED.reset(token)


def _catalogue() -> tuple[Locale | None, NullTranslations]:
    return _SETTLED.get() or _lookup()


def _lookup() -> tuple[Locale | None, NullTranslations]:
    locale = flask_babel.get_locale()
    if locale is None:  # outside a request or app context, as Flask-Babel: the message itself
        return None, _NO_CATALOGUE
    catalogue = _CATALOGUES.get(locale)
    if catalogue is None:
        catalogue = _CATALOGUES[locale] = flask_babel.get_translations()
    return locale, catalogue


def gettext(message: str, **variables: Any) -> str:
    text = _catalogue()[1].ugettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    return _catalogue()[1].ungettext(singular, plural, num) % variables


def format_date(value: date, width: str = "medium") -> str:
    """A date (not a date and time: those are moved to the user's time zone
    first, which flask_babel.format_date does) in a width or a pattern, as
    Flask-Babel writes it with igu-admin's date formats (wording/dates)."""
    if isinstance(value, datetime):
        raise TypeError("format_date takes a date; use flask_babel.format_datetime")
    locale = _catalogue()[0]
    if locale is None:
        return flask_babel.format_date(value, width)
    return _formatted(value, width, locale)


def format_number(value: int) -> str:
    """A whole number as Flask-Babel's format_number writes it."""
    locale = _catalogue()[0]
    return flask_babel.format_number(value) if locale is None else _number(value, locale)


# The same few dates come back in every answer (start dates, the days rules
# begin): each is written once per width and locale.
@functools.lru_cache(maxsize=4096)
def _formatted(value: date, width: str, locale: Locale) -> str:
    return str(_pattern(width, locale).apply(value, locale))


@functools.lru_cache(maxsize=1024)
def _number(value: int, locale: Locale) -> str:
    return format_decimal(value, locale=locale)


@functools.lru_cache(maxsize=64)
def _pattern(width: str, locale: Locale) -> DateTimePattern:
    pattern = date_pattern(width, locale)
    named = _WIDTHS.get(pattern)  # a width the locale keeps: its own pattern
    if named is not None:
        return parse_pattern(str(get_date_format(named, locale=locale)))
    return parse_pattern(pattern)
