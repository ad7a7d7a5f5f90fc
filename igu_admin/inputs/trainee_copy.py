"""The request for the trainee's copy ("Din IGU"): which language, shared by
the API and the agreement's page."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict

from igu_admin.domain.trainee_languages import TRAINEE_LANGUAGES
from igu_admin.inputs.errors import InputErrors, input_error
from igu_admin.inputs.types import OneOf

LANG = "lang"
TraineeLanguage = Annotated[str, OneOf(lambda: TRAINEE_LANGUAGES, "trainee_language_unknown",
                                       "ar, fa, ti, so, uk or en.")]


class TraineeCopyQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lang: TraineeLanguage | None = None


def chosen_language(asked: str | None, on_agreement: str | None) -> str:
    """The language asked for, else the agreement's trainee's language;
    InputErrors at `lang` when there is neither."""
    lang = asked or on_agreement
    if lang is None:
        raise InputErrors({LANG: [input_error("trainee_language_missing",
                                              choices=", ".join(TRAINEE_LANGUAGES))]})
    return lang
