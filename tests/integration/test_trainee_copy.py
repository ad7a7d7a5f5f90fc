"""The trainee's copy, "Din IGU" (issue 21): each of the six languages
rendered beside the Danish and read back (every font embedded with a
Unicode map, the name, dates and amounts in the text layer, Arabic and
Farsi in logical order, no glyph missing); the terms after approved
amendments, the plan's counted weeks, the rule set's extension grounds, the
contacts and the key dates; the drafted notice; and the doors: the API
(409 for a draft, 400 for another or no language, 404 across tenancy, 403
for a finance officer, every download an audit event) and the agreement's
page."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTCollection, TTFont
from sqlalchemy import select

from igu_admin.core.rules_in_force import catalogue
from igu_admin.documents import trainee_copy_pdf
from igu_admin.documents.render import MissingGlyphError
from igu_admin.domain.dates import add_months
from igu_admin.domain.lifecycle import AmendmentStatus, ExtensionStatus
from igu_admin.domain.trainee_languages import RIGHT_TO_LEFT, TRAINEE_LANGUAGES
from igu_admin.extensions import db
from igu_admin.models import (
    Agreement,
    AgreementAmendment,
    AgreementStatus,
    AuditEvent,
    CourseExtension,
    Decision,
    Role,
    SchoolingPlan,
)
from igu_admin.paths import LOCALE_DIR
from igu_admin.services import trainee_copy
from igu_admin.services.accounts import api_tokens
from igu_admin.testing.accounts import make_company, make_user
from igu_admin.testing.agreements import make_agreement, make_course
from igu_admin.testing.plans import make_plan, submit_version

URL = "/api/v1/agreements"
START = date(2026, 3, 2)
RULESET = "igu-2024"


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_tokens.create_token(user, user).secret}",
            "Accept-Language": "da"}


@pytest.fixture
def bakery(app):
    return make_company(municipality="101", name="Ærø Bageri ApS")


def rich_course(company) -> Agreement:
    """An active course under igu-2024 with everything the copy shows: a
    plan, an approved change of the wage for year 2 (still to come), an
    approved extension, a mentor and the caseworker who has the case."""
    course = make_course(company, START, ruleset=RULESET)
    course.trainee_name = "Yonas Tesfay Gebremedhin"
    course.workplace_address, course.job_title = "Bagergade 1, 1000 København K", "Bagerassistent"
    course.weekly_hours, course.wage_basis = Decimal("37.00"), "hourly"
    course.wage_rate_year1, course.wage_rate_year2 = Decimal("120.50"), Decimal("128.00")
    course.contact_person = "Bente Bager"
    course.mentor_name, course.mentor_organisation = "Mette Mentor", "Jobcenter København"
    course.mentor_phone, course.mentor_email = "+45 33 44 55 66", "mette@example.org"
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    caseworker.name = "Kasper Kommune"
    course.assigned_caseworker_id = caseworker.id
    db.session.add(AgreementAmendment(
        agreement_id=course.id, number=1, status=AmendmentStatus.APPROVED.value,
        effective_from=date(2027, 6, 1), proposed_by_role="employer",
        changes={"wage.year2": {"old": "128.00", "new": "135.25"}}))
    db.session.add(CourseExtension(
        agreement_id=course.id, number=1, first_day=date(2026, 9, 7),
        last_day=date(2026, 10, 30), reason="sickness", status=ExtensionStatus.APPROVED.value))
    db.session.commit()
    make_plan(course)
    return course


# -- reading a PDF back ---------------------------------------------------------------

def pdffonts(pdf: bytes) -> list[dict[str, str]]:
    out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout
    rows = out.decode().splitlines()[2:]
    fonts = []
    for row in rows:
        cells = row.split()
        fonts.append({"name": cells[0], "emb": cells[-5], "sub": cells[-4], "uni": cells[-3]})
    return fonts


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()


def comparable(text: str) -> str:
    """NFKC, without format characters (bidi marks pdftotext adds, the
    zero-width non-joiner it drops) and combining marks (it may set a
    shadda apart from its letter), white space collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Mn"))
    return re.sub(r"\s+", " ", text).strip()


# Maximal runs of right-to-left script (letters, and the spaces between them):
# pdftotext gives each run in logical order and places runs visually.
RTL_RUN = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff\u200c]+"
                     r"(?:\s+[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff\u200c]+)*")


def catalogue_of(lang: str):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "trainee.po").open("rb") as source:
        return read_po(source)


def render(course: Agreement, lang: str) -> tuple[bytes, str]:
    pdf = trainee_copy.render(course, lang)
    return pdf, pdftotext(pdf)


# -- the copy in each language ----------------------------------------------------------

@pytest.mark.parametrize("lang", TRAINEE_LANGUAGES)
def test_each_language_renders_beside_the_danish_and_reads_back(bakery, lang) -> None:
    course = rich_course(bakery)
    # Strict in tests: a missing glyph (WeasyPrint's .notdef warning) raises.
    pdf, text = render(course, lang)

    fonts = pdffonts(pdf)
    assert fonts, "no fonts listed"
    for font in fonts:
        assert font["emb"] == "yes" and font["uni"] == "yes", font
    names = " ".join(f["name"] for f in fonts)
    assert "Noto-Sans" in names
    if lang in RIGHT_TO_LEFT:
        assert "Noto-Naskh-Arabic" in names
    if lang == "ti":
        assert "Noto-Sans-Ethiopic" in names

    flat = comparable(text)
    assert "Yonas Tesfay Gebremedhin" in flat
    end = course.end_date
    assert end is not None
    for day in (START, end, date(2027, 6, 1), date(2026, 9, 7), add_months(START, 12)):
        assert day.strftime("%d.%m.%Y") in flat, day
    # Wages as they stand after the approved change: year 2 is the changed one.
    assert "120,50 kr." in flat and "135,25 kr." in flat and "128,00 kr." not in flat
    assert "37" in flat

    # Every translated text of the page in the trainee's language, in order.
    translated = catalogue_of(lang)
    for danish in ("Parterne og perioden", "Ved sygdom eller orlov", "Vigtige datoer",
                   "Det er den danske aftale, der gælder. Dette sammendrag er en hjælp til dig og "
                   "ændrer ikke aftalen."):
        assert comparable(danish) in flat
        other = translated[danish].string
        assert other and other != danish
        if lang in RIGHT_TO_LEFT:
            for run in RTL_RUN.findall(other):
                assert comparable(run) in flat, run
        else:
            assert comparable(other) in flat, other

    metadata = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert metadata.title.startswith("Din IGU / ")
    assert pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "da"


@pytest.mark.parametrize("lang", sorted(RIGHT_TO_LEFT))
def test_right_to_left_text_is_in_logical_order_and_marked_rtl(bakery, lang) -> None:
    course = rich_course(bakery)
    html = trainee_copy_pdf.trainee_copy_html(trainee_copy.facts(course, lang), lang)
    assert f'lang="{lang}" dir="rtl"' in html
    assert 'class="pair' not in html  # one under the other, not in columns
    flat = comparable(render(course, lang)[1])
    runs = [run for message in catalogue_of(lang) if message.id
            for run in RTL_RUN.findall(message.string) if " " in run]
    shown = [run for run in runs if comparable(run) in flat]
    # The long sentences of every section read back word by word in logical order.
    assert len(shown) >= 15
    # Reversed (visual) order would not be found.
    assert all(comparable(" ".join(reversed(run.split()))) not in flat
               for run in shown if len(run.split()) > 2)


def test_the_copy_states_the_rule_sets_extension_grounds_and_counted_weeks(bakery) -> None:
    course = rich_course(bakery)
    facts = trainee_copy.facts(course, "en")
    rule = catalogue().get(RULESET).as_of(START)
    assert rule.extension is not None
    assert [g.code for g in facts.extension_grounds or ()] == [g.code for g in rule.extension.grounds]
    text = comparable(render(course, "en")[1])
    sickness = rule.extension.ground("sickness")
    assert sickness is not None and sickness.min_continuous_weeks_over is not None
    assert (f"more than {sickness.min_continuous_weeks_over} weeks" in text)
    # The plan's elements with their counted weeks, and the rule set's required weeks.
    assert facts.counted_weeks > 0 and len(facts.schooling) >= 2
    assert f"The rules require {rule.schooling.weeks} weeks" in text
    # Contacts: the caseworker who has the case, the mentor, the employer's contact person.
    assert [c.role for c in facts.contacts] == ["caseworker", "mentor", "employer"]
    for shown in ("Kasper Kommune", "Mette Mentor", "+45 33 44 55 66", "Bente Bager"):
        assert shown in text
    # Key dates, and no bonus date among them.
    kinds = {k.kind for k in facts.key_dates}
    assert {"start", "year_two", "amendment", "extension", "end"} <= kinds
    assert "bonus" not in text.lower()


def test_the_notice_of_a_drafted_translation_shows_in_both_languages(bakery, tmp_path,
                                                                     monkeypatch) -> None:
    course = rich_course(bakery)
    notice = ("Oversættelsen er ikke gennemgået af en translatør endnu. Spørg din "
              "sagsbehandler, hvis noget er uklart.")
    english = catalogue_of("en")[notice].string
    text = comparable(render(course, "en")[1])
    assert comparable(notice) in text and comparable(english) in text
    # Every string reviewed: no notice.
    po = (LOCALE_DIR / "en" / "LC_MESSAGES" / "trainee.po").read_text(encoding="utf-8")
    reviewed = tmp_path / "en" / "LC_MESSAGES"
    reviewed.mkdir(parents=True)
    (reviewed / "trainee.po").write_text(
        po.replace("# review: drafted", "# review: reviewed by Test Translatør 2026-12-01"),
        encoding="utf-8")
    monkeypatch.setattr("igu_admin.services.trainee_copy.review_state.LOCALE_DIR", tmp_path)
    assert not trainee_copy.has_drafted("en")
    text = comparable(render(course, "en")[1])
    assert comparable(notice) not in text and comparable(english) not in text


def test_every_translated_string_is_drafted_or_reviewed_never_fuzzy() -> None:
    pot = Path(LOCALE_DIR / "trainee.pot")
    with pot.open("rb") as source:
        wanted = {m.id for m in read_po(source) if m.id}
    for lang in TRAINEE_LANGUAGES:
        messages = [m for m in catalogue_of(lang) if m.id]
        assert {m.id for m in messages} == wanted, lang
        for message in messages:
            assert message.string, (lang, message.id)
            assert not message.fuzzy, (lang, message.id)
            assert any(c.startswith(("review: drafted", "review: reviewed by "))
                       for c in message.user_comments), (lang, message.id)
            placeholders = sorted(re.findall(r"%\(\w+\)s", message.id))
            assert sorted(re.findall(r"%\(\w+\)s", message.string)) == placeholders


# -- no glyph missing -------------------------------------------------------------------

def test_a_character_no_font_has_fails_the_copy_in_tests(bakery) -> None:
    """WeasyPrint only warns of a .notdef glyph; the render (strict in tests)
    makes it an error, so every language's test above fails on tofu."""
    course = rich_course(bakery)
    course.trainee_name = "Yonas \U00018B00"  # Khitan: no installed font has it
    db.session.commit()
    with pytest.raises(MissingGlyphError, match="U\\+18B00"):
        trainee_copy.render(course, "ti")


# The family each language's translations are set in (trainee_copy.css).
FAMILIES = {"ar": "Noto Naskh Arabic", "fa": "Noto Naskh Arabic", "ti": "Noto Sans Ethiopic",
            "so": "Noto Sans", "uk": "Noto Sans", "en": "Noto Sans"}


def font_file(family: str) -> Path:
    found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", family],
                           capture_output=True, check=True, text=True).stdout.splitlines()
    assert found[0].split(",")[0] == family, f"{family} is not installed (fonts-noto-core)"
    return Path(found[1])


def cmap_of(path: Path) -> set[int]:
    font = TTCollection(str(path)).fonts[0] if path.suffix == ".ttc" else TTFont(str(path))
    return set(font.getBestCmap())


@pytest.mark.parametrize("lang", TRAINEE_LANGUAGES)
def test_the_languages_font_has_every_character_of_its_texts(lang) -> None:
    """Fails when the language's font is missing (say, Noto Sans Ethiopic for
    Tigrinya) or lacks a character a text uses; the Latin of the values
    (digits, Danish terms in brackets) may come from Noto Sans."""
    own = cmap_of(font_file(FAMILIES[lang]))
    latin = cmap_of(font_file("Noto Sans"))
    missing = {c for m in catalogue_of(lang) if m.id for c in m.string
               if not c.isspace() and unicodedata.category(c) != "Cf"
               and ord(c) not in own and ord(c) not in latin}
    assert not missing, [f"U+{ord(c):04X}" for c in sorted(missing)]
    if lang == "ti":
        assert all(ord(c) in own for m in catalogue_of(lang) if m.id for c in m.string
                   if 0x1200 <= ord(c) <= 0x139F)


# -- the API --------------------------------------------------------------------------------

def test_the_api_answers_the_pdf_and_records_the_download(client, bakery) -> None:
    course = rich_course(bakery)
    employer = make_user(Role.EMPLOYER, company=bakery)
    response = client.get(f"{URL}/{course.id}/trainee-copy?lang=ti", headers=bearer(employer))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"din-igu-{course.id}-ti.pdf" in response.headers["Content-Disposition"]
    assert "Yonas Tesfay Gebremedhin" in pdftotext(response.data)
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_id == str(course.id), AuditEvent.action == "download")).one()
    assert event.after["document"] == "trainee_copy" and event.after["lang"] == "ti"
    assert event.channel == "api"


def test_without_lang_the_agreements_trainee_language_is_used(client, bakery) -> None:
    course = rich_course(bakery)
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    response = client.get(f"{URL}/{course.id}/trainee-copy", headers=bearer(caseworker))
    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["lang"]
    course.trainee_language = "uk"
    db.session.commit()
    response = client.get(f"{URL}/{course.id}/trainee-copy", headers=bearer(caseworker))
    assert response.status_code == 200
    assert f"din-igu-{course.id}-uk.pdf" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("lang", ["de", "AR", "", "da", "ar,fa"])
def test_another_language_code_answers_400_at_lang(client, bakery, lang) -> None:
    course = rich_course(bakery)
    course.trainee_language = None
    db.session.commit()
    employer = make_user(Role.EMPLOYER, company=bakery)
    response = client.get(f"{URL}/{course.id}/trainee-copy", query_string={"lang": lang},
                          headers=bearer(employer))
    assert response.status_code == 400
    assert list(response.get_json()["errors"]) == ["lang"]


def test_a_draft_has_no_trainees_copy(client, bakery) -> None:
    draft = make_agreement(bakery, status=AgreementStatus.DRAFT, start=START)
    employer = make_user(Role.EMPLOYER, company=bakery)
    response = client.get(f"{URL}/{draft.id}/trainee-copy?lang=en", headers=bearer(employer))
    assert response.status_code == 409
    assert list(response.get_json()["errors"]) == ["status"]
    assert not db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "download")).all()


def test_an_agreement_sent_back_without_its_dates_still_renders(client, bakery) -> None:
    course = rich_course(bakery)
    course.status = AgreementStatus.CHANGES_REQUESTED
    course.start_date = course.end_date = None
    db.session.commit()
    employer = make_user(Role.EMPLOYER, company=bakery)
    response = client.get(f"{URL}/{course.id}/trainee-copy?lang=so", headers=bearer(employer))
    assert response.status_code == 200
    assert "Yonas Tesfay Gebremedhin" in pdftotext(response.data)


@pytest.mark.parametrize(("role", "status"), [
    ("other-employer", 404), ("other-municipality", 404), ("finance", 403), ("admin", 200),
])
def test_who_may_fetch_the_trainees_copy(client, bakery, role, status) -> None:
    course = rich_course(bakery)
    user = {"other-employer": lambda: make_user(Role.EMPLOYER,
                                                company=make_company(municipality="751")),
            "other-municipality": lambda: make_user(Role.CASEWORKER, municipality="751"),
            "finance": lambda: make_user(Role.FINANCE, municipality="101"),
            "admin": lambda: make_user(Role.ADMIN)}[role]()
    response = client.get(f"{URL}/{course.id}/trainee-copy?lang=en", headers=bearer(user))
    assert response.status_code == status


# -- the agreement's page ---------------------------------------------------------------------

def test_both_sides_pages_offer_the_trainees_copy_from_submission_on(client, auth,
                                                                     bakery) -> None:
    course = rich_course(bakery)
    course.trainee_language = "fa"
    draft = make_agreement(bakery, status=AgreementStatus.DRAFT, start=START)
    db.session.commit()
    employer = make_user(Role.EMPLOYER, company=bakery)
    caseworker = make_user(Role.CASEWORKER, municipality="101")
    auth.login(employer.email)
    assert "data-trainee-copy" not in client.get(
        f"/employer/agreements/{draft.id}").get_data(as_text=True)
    assert client.get(f"/employer/agreements/{draft.id}/trainee-copy.pdf?lang=en"
                      ).status_code == 409
    auth.logout()
    for user, side in ((employer, "employer"), (caseworker, "caseworker")):
        auth.login(user.email)
        page = client.get(f"/{side}/agreements/{course.id}").get_data(as_text=True)
        assert "data-trainee-copy" in page and "Elevens eksemplar" in page
        assert f'action="/{side}/agreements/{course.id}/trainee-copy.pdf"' in page
        assert '<option value="fa" selected>' in page
        response = client.get(f"/{side}/agreements/{course.id}/trainee-copy.pdf",
                              query_string={"lang": "so"})
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.headers["Cache-Control"] == "no-store"
        assert client.get(f"/{side}/agreements/{course.id}/trainee-copy.pdf",
                          query_string={"lang": "xx"}).status_code == 400
        auth.logout()
    assert len(db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity_id == str(course.id), AuditEvent.action == "download")).all()) == 2



def test_the_demo_s_approved_agreement_has_its_copy_in_every_language(app) -> None:
    """Issue 21's done-when: the demo's approved agreement (its trainee
    reads Arabic) renders in each of the six languages, every font embedded,
    the trainee's name and the period read back, and the notice of a drafted
    translation shown while the strings are drafted."""
    from igu_admin.services import demo

    demo.ensure_demo_data()
    approved = db.session.scalars(select(Agreement).where(
        Agreement.trainee_name == "Samira Demo", Agreement.status == "approved")).one()
    assert approved.trainee_language == "ar"
    assert approved.start_date is not None and approved.end_date is not None
    for lang in TRAINEE_LANGUAGES:
        pdf, text = render(approved, lang)
        assert all(f["emb"] == "yes" and f["uni"] == "yes" for f in pdffonts(pdf)), lang
        flat = comparable(text)
        assert "Samira Demo" in flat, lang
        for day in (approved.start_date, approved.end_date):
            assert day.strftime("%d.%m.%Y") in flat, (lang, day)
        assert trainee_copy.has_drafted(lang)
        assert comparable("ikke gennemgået af en translatør") in flat, lang


def test_the_schooling_is_the_plan_as_approved(bakery) -> None:
    """A change to the plan after its approval, not approved again, does not
    reach the trainee's copy (as it does not reach the certificate)."""
    course = rich_course(bakery)
    plan = db.session.scalar(select(SchoolingPlan).where(SchoolingPlan.agreement_id == course.id))
    approved_title = plan.items[0].title
    version = submit_version(plan)
    db.session.add(Decision(agreement_id=course.id, role="caseworker", subject="plan",
                            kind="approve", version_number=version.number))
    plan.items[0].title = "Et kursus ingen har godkendt"
    db.session.commit()
    flat = comparable(render(course, "en")[1])
    assert comparable(approved_title) in flat
    assert "Et kursus ingen har godkendt" not in flat
