"""The languages of the trainee's own copy ("Din IGU"): the languages
municipalities and the Danish Refugee Council publish IGU information in.

Defined once, as data: the codes (ISO 639-1, as an agreement's
`trainee_language` holds them), each language's name in Danish and English
and in its own script, and its writing direction (Arabic and Farsi are
written right to left).
"""

from __future__ import annotations

from dataclasses import dataclass

TRAINEE_LANGUAGES: tuple[str, ...] = ("ar", "fa", "ti", "so", "uk", "en")
RIGHT_TO_LEFT = frozenset({"ar", "fa"})


@dataclass(frozen=True)
class TraineeLanguage:
    code: str
    danish: str  # as a Danish sentence names it (lower case, as Danish writes languages)
    english: str
    own: str  # the language's own name, in its own script

    def name(self, locale: str) -> str:
        """The name in the reader's language (Danish unless English)."""
        return self.english if locale.startswith("en") else self.danish

    def label(self, locale: str) -> str:
        """The name in the reader's language with its own name in brackets,
        "arabisk (العربية)", so a trainee can find it too."""
        name = self.name(locale)
        return name if name == self.own else f"{name} ({self.own})"


_LANGUAGES = {language.code: language for language in (
    TraineeLanguage("ar", "arabisk", "Arabic", "العربية"),
    TraineeLanguage("fa", "persisk (farsi)", "Persian (Farsi)", "فارسی"),
    TraineeLanguage("ti", "tigrinya", "Tigrinya", "ትግርኛ"),
    TraineeLanguage("so", "somali", "Somali", "Soomaali"),
    TraineeLanguage("uk", "ukrainsk", "Ukrainian", "Українська"),
    TraineeLanguage("en", "engelsk", "English", "English"),
)}
assert tuple(_LANGUAGES) == TRAINEE_LANGUAGES


def language(lang: str) -> TraineeLanguage:
    """The language of a code of TRAINEE_LANGUAGES (KeyError for another)."""
    return _LANGUAGES[lang]


def is_trainee_language(lang: str) -> bool:
    return lang in _LANGUAGES


def direction(lang: str) -> str:
    """"rtl" for a language written right to left, else "ltr"."""
    return "rtl" if lang in RIGHT_TO_LEFT else "ltr"


def label(lang: str, locale: str) -> str:
    """A code's name for the reader (see TraineeLanguage.label)."""
    return language(lang).label(locale)


def choices(locale: str) -> list[tuple[str, str]]:
    """(code, label) for every language, in the order of TRAINEE_LANGUAGES."""
    return [(code, label(code, locale)) for code in TRAINEE_LANGUAGES]
