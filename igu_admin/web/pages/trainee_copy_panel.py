"""The door to the trainee's copy ("Elevens eksemplar") on the agreement's
page, for the employer and the caseworker, from submission on: a choice of
language (the agreement's trainee's language first chosen) and a button."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import get_locale

from igu_admin.domain.trainee_languages import choices
from igu_admin.models import Agreement
from igu_admin.services import trainee_copy


@dataclass(frozen=True)
class TraineeCopyDoor:
    endpoint: str
    options: tuple[tuple[str, str], ...]  # (code, name in the reader's language (own name))
    selected: str | None


def door(agreement: Agreement, endpoint: str) -> TraineeCopyDoor | None:
    if not trainee_copy.available(agreement):
        return None
    return TraineeCopyDoor(endpoint, tuple(choices(str(get_locale() or "da"))),
                           agreement.trainee_language)
