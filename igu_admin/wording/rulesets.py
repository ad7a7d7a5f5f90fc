"""A rule set's title where a sentence runs on: "All conditions are met under
the IGU act 2016 (…)", not "under The IGU act 2016". The rule files hold the
title as it stands alone, capitalised; the form inside a sentence is derived
here, so the files need no second title."""

from __future__ import annotations

import functools

from babel import Locale
from flask_babel import get_locale

from igu_admin.domain.rule_parts import RuleSet

_ARTICLES = {"en": ("The ", "the ")}


def in_sentence(title: str, locale: str | Locale) -> str:
    """A title for use inside a sentence: a leading article in lower case
    (English's "The "); the Danish titles begin with a name and stay as they are."""
    article = _ARTICLES.get(_language(str(locale)))
    if article and title.startswith(article[0]):
        return article[1] + title[len(article[0]):]
    return title


@functools.lru_cache(maxsize=16)
def _language(locale: str) -> str:
    return Locale.parse(locale).language


def ruleset_in_sentence(ruleset: RuleSet, locale: str | None = None) -> str:
    """The rule set's title inside a sentence, in the locale of the moment
    unless one is named."""
    lang = locale or str(get_locale())
    return in_sentence(ruleset.title(lang), lang)
