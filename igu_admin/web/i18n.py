"""Language choice: explicit choice -> the user's preference -> Accept-Language -> Danish."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, has_request_context, request, session, url_for
from flask_babel import Babel, get_locale
from flask_login import current_user

from igu_admin.wording.dates import DateFormats

LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}


def select_locale() -> str:
    supported = current_app.config["SUPPORTED_LOCALES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]  # CLI and jobs use force_locale
    # The JSON API answers in the language the client asks for, nothing else.
    if request.blueprint != "api":
        chosen = session.get("lang")
        if chosen in supported:
            return str(chosen)
        if current_user.is_authenticated and current_user.preferred_language in supported:
            return str(current_user.preferred_language)
    best: str | None = request.accept_languages.best_match(supported)
    return best or str(current_app.config["BABEL_DEFAULT_LOCALE"])


@dataclass(frozen=True)
class LanguageLink:
    code: str
    label: str
    url: str
    active: bool


def language_links() -> list[LanguageLink]:
    current = str(get_locale())
    here = request.full_path if request.query_string else request.path
    return [LanguageLink(code, LANGUAGE_NAMES[code],
                         url_for("public.set_language", code=code, next=here), code == current)
            for code in current_app.config["SUPPORTED_LOCALES"]]


def register_i18n(app: Flask, babel: Babel) -> None:
    babel.date_formats = DateFormats()  # English dates in one style, whatever the width
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def _i18n_context() -> dict[str, Any]:
        return {"current_locale": str(get_locale()), "language_links": language_links()}
