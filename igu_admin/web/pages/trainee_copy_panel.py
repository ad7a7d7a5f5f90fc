"""The door to the trainee's copy ("Elevens eksemplar") on the agreement's
page, for the employer and the caseworker, from submission on: a choice of
language (the agreement's trainee's language first chosen) and a button."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from igu_admin.domain.trainee_languages import TRAINEE_LANGUAGES
from igu_admin.models import Agreement
from igu_admin.services import trainee_copy

LANGUAGE_NAMES: dict[str, LazyString] = {
    "ar": _l("Arabic"), "fa": _l("Farsi"), "ti": _l("Tigrinya"), "so": _l("Somali"),
    "uk": _l("Ukrainian"), "en": _l("English"),
}


@dataclass(frozen=True)
class TraineeCopyDoor:
    endpoint: str
    options: tuple[tuple[str, str], ...]  # (code, name) in the reader's language
    selected: str | None


def door(agreement: Agreement, endpoint: str) -> TraineeCopyDoor | None:
    if not trainee_copy.available(agreement):
        return None
    return TraineeCopyDoor(endpoint, tuple((code, str(LANGUAGE_NAMES[code]))
                                           for code in TRAINEE_LANGUAGES),
                           agreement.trainee_language)
