""""Din IGU": the trainee's own copy, a summary of the agreement, the
schooling plan and the course's key dates in the trainee's language beside
the Danish (issue 21).

The texts live in their own catalogue domain, `trainee`
(locale/<lang>/LC_MESSAGES/trainee.po), apart from the pages': their message
ids are the Danish text itself, for the Danish is what governs and what a
translator translates from. A text is marked for extraction with
`trainee_text` here and `tr` in pdf_templates/trainee_copy.html
(scripts/translations.sh). Every value is handed in by
services/trainee_copy: this module only words and renders them, with the
trainee language's Translations object, whatever the reader's language.

Left-to-right languages stand in a column beside the Danish; Arabic and
Farsi follow each Danish paragraph (`dir="rtl"`), for right-to-left text in
columns is hard to read and to lay out. Dates and amounts are written the
Danish way in both languages: the trainee meets them so on the payslip and
in letters from the jobcentre.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from babel.support import NullTranslations, Translations
from flask import current_app

from igu_admin.documents.render import DocumentInfo, PdfRenderError, html_to_pdf, render_html
from igu_admin.domain.trainee_languages import TRAINEE_LANGUAGES, direction
from igu_admin.paths import LOCALE_DIR

TEMPLATE = "trainee_copy.html"
DOMAIN = "trainee"
DANISH = "da"
NUMBERS = "da_DK"
DATE_PATTERN = "dd.MM.yyyy"
# The stylesheet's class for a language's script (its font and direction):
# classes, not :lang() selectors, which cost WeasyPrint's cascade dearly.
SCRIPT_CLASSES = {"ar": "arabic", "fa": "arabic", "ti": "ethiopic"}


def trainee_text(msgid: str) -> str:
    """Marks a Danish text of the trainee's copy for extraction into the
    `trainee` catalogue; translated at render time."""
    return msgid


# The kinds of schooling as the trainee meets them.
KIND_NAMES = {
    "amu": trainee_text("AMU-kursus (arbejdsmarkedsuddannelse)"),
    "fvu": trainee_text("FVU (forberedende voksenundervisning)"),
    "avu": trainee_text("AVU (almen voksenuddannelse)"),
    "hf": trainee_text("HF-enkeltfag"),
    "fgu": trainee_text("FGU (forberedende grunduddannelse)"),
    "danish": trainee_text("Danskuddannelse"),
}

# The rule set's grounds for extending a course (rule_parts.EXTENSION_GROUNDS).
GROUND_NAMES = {
    "special_circumstances": trainee_text(
        "Særlige forhold, der har gjort, at du ikke kunne gennemføre skoleforløbet"),
    "parental_leave": trainee_text("Orlov ved graviditet, fødsel (barsel) eller adoption"),
    "sickness": trainee_text("Sygdom"),
}

# The course's key dates, by kind.
KEY_DATE_NAMES = {
    "start": trainee_text("Første dag i forløbet"),
    "year_two": trainee_text("Andet år begynder, og lønnen for år 2 gælder"),
    "check_in": trainee_text("Omkring denne dag følger jobcentret op på dit forløb"),
    "amendment": trainee_text("Ændrede vilkår gælder fra denne dag (tillæg nr. %(number)s)"),
    "extension": trainee_text("Forlængelse nr. %(number)s af forløbet begynder"),
    "end": trainee_text("Sidste dag i forløbet"),
    "termination": trainee_text("Sidste dag i ansættelsen: forløbet slutter før tid"),
}

# Whom to contact, by role.
CONTACT_NAMES = {
    "caseworker": trainee_text("Din sagsbehandler i jobcentret"),
    "mentor": trainee_text("Din mentor"),
    "employer": trainee_text("Kontaktperson hos arbejdsgiveren"),
}


@dataclass(frozen=True)
class SchoolingElement:
    """One element of the schooling plan, its weeks as the domain counts them."""

    kind: str
    title: str
    provider: str
    start: date | None
    end: date | None
    counted_weeks: Decimal | None


@dataclass(frozen=True)
class ExtensionGround:
    """A ground of the agreement's rule set for extending the course."""

    code: str
    mandatory: bool
    limited_to_absence: bool
    min_continuous_weeks_over: int | None


@dataclass(frozen=True)
class Contact:
    role: str  # a key of CONTACT_NAMES
    name: str
    organisation: str = ""
    phone: str = ""
    email: str = ""
    municipality: str = ""  # the caseworker's jobcentre, when no one has the case


@dataclass(frozen=True)
class KeyDate:
    day: date
    kind: str  # a key of KEY_DATE_NAMES
    number: int | None = None


@dataclass(frozen=True)
class TraineeCopyFacts:
    """What the trainee's copy states, gathered by the service: the terms as
    they stand after the approved amendments."""

    agreement_id: int
    trainee_name: str
    company_name: str
    company_cvr: str
    company_address: tuple[str, ...]
    municipality: str
    first_day: date | None
    last_day: date | None
    workplace: str
    job_title: str
    weekly_hours: Decimal | None
    wage_basis: str
    wage_year1: Decimal | None
    wage_year2: Decimal | None
    amended: bool
    schooling: tuple[SchoolingElement, ...]
    counted_weeks: Decimal
    required_weeks: int
    extension_grounds: tuple[ExtensionGround, ...] | None  # None: the rule set has none
    contacts: tuple[Contact, ...]
    key_dates: tuple[KeyDate, ...]
    drafted: bool  # some text of the language is not reviewed by a translator yet
    issued_at: datetime


@dataclass(frozen=True)
class Pair:
    """A text in Danish and in the trainee's language."""

    da: str
    other: str


class Bilingual:
    """`tr` in the template: a Danish text and its translation, each with
    the same values put in."""

    def __init__(self, translations: NullTranslations) -> None:
        self.translations = translations

    def __call__(self, msgid: str, **variables: Any) -> Pair:
        other = self.translations.gettext(msgid)
        if variables:
            return Pair(msgid % variables, other % variables)
        return Pair(msgid, other)


class CatalogueMissing(PdfRenderError):
    """The language's compiled `trainee` catalogue is not there (run
    scripts/translations.sh, or setup): the copy would show Danish twice."""


def translations(lang: str) -> Translations:
    """The compiled `trainee` catalogue of `lang`, loaded once per process."""
    if lang not in TRAINEE_LANGUAGES:
        raise ValueError(f"not a trainee language: {lang}")
    mo = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    return _load(lang, mo, mo.stat().st_mtime_ns if mo.is_file() else 0)


@functools.lru_cache(maxsize=len(TRAINEE_LANGUAGES) * 2)
def _load(lang: str, mo: Path, mtime_ns: int) -> Translations:
    loaded = Translations.load(str(LOCALE_DIR), [lang], domain=DOMAIN)
    if not isinstance(loaded, Translations):
        raise CatalogueMissing(f"no compiled {DOMAIN} catalogue for {lang} at {mo}")
    return loaded


def filename(agreement_id: int, lang: str) -> str:
    """The file name: the agreement's number and the language, never personal data."""
    return f"din-igu-{agreement_id}-{lang}.pdf"


def trainee_copy_pdf(facts: TraineeCopyFacts, lang: str) -> bytes:
    return html_to_pdf(trainee_copy_html(facts, lang))


def trainee_copy_html(facts: TraineeCopyFacts, lang: str) -> str:
    tr = Bilingual(translations(lang))
    title = tr("Din IGU")
    info = DocumentInfo(
        title=f"{title.da} / {title.other}" if title.other != title.da else title.da,
        # Danish: what is not marked (the names, the addresses, the job as
        # typed) is Danish; each translated text carries its own `lang`.
        lang=DANISH, author=facts.company_name, created=_local(facts.issued_at),
        description=tr("Sammendrag af aftale nr. %(number)s om integrationsgrunduddannelse (IGU)",
                       number=facts.agreement_id).da)
    return render_html(TEMPLATE, {"tr": tr, "doc": _document(facts), "lang": lang,
                                  "dir": direction(lang), "columns": direction(lang) == "ltr",
                                  "script": SCRIPT_CLASSES.get(lang, "latin"),
                                  "names": {"kind": KIND_NAMES, "ground": GROUND_NAMES,
                                            "key_date": KEY_DATE_NAMES,
                                            "contact": CONTACT_NAMES}}, info)


def day(value: date | None) -> str:
    return format_date(value, DATE_PATTERN, locale=NUMBERS) if value else "-"


def money(value: Decimal | None) -> str:
    return "-" if value is None else format_currency(value, "DKK", locale=NUMBERS)


def number(value: Decimal | int) -> str:
    return format_decimal(value, locale=NUMBERS)


def weeks(value: Decimal) -> str:
    return format_decimal(value, format="#,##0.0", locale=NUMBERS)


def _document(facts: TraineeCopyFacts) -> dict[str, Any]:
    """The facts as display strings (the same in both languages)."""
    return {
        "facts": facts,
        "number": str(facts.agreement_id),
        "first_day": day(facts.first_day), "last_day": day(facts.last_day),
        "weekly_hours": "-" if facts.weekly_hours is None else number(facts.weekly_hours),
        "wage_year1": money(facts.wage_year1), "wage_year2": money(facts.wage_year2),
        "schooling": [{"kind": e.kind, "title": e.title, "provider": e.provider,
                       "start": day(e.start), "end": day(e.end),
                       "weeks": "-" if e.counted_weeks is None else weeks(e.counted_weeks)}
                      for e in facts.schooling],
        "counted_weeks": weeks(facts.counted_weeks),
        "required_weeks": number(facts.required_weeks),
        "key_dates": [{"day": day(k.day), "kind": k.kind, "number": k.number}
                      for k in sorted(facts.key_dates, key=lambda k: (k.day, k.kind))],
        "issued_on": day(_local(facts.issued_at).date()),
    }


def _local(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(current_app.config["IGU_TIMEZONE"]))
