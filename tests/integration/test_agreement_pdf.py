"""The agreement PDF read back: content, metadata, UDKAST, a page as PNG, the
URL-fetcher attack through every free-text field, and storage of a version's PDF."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from babel.dates import format_date
from babel.numbers import format_currency
from PIL import Image

from igu_admin.core import rules_in_force
from igu_admin.documents import agreement_pdf
from igu_admin.documents.render import MissingGlyphError
from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import Agreement, AgreementVersion, Role, User
from igu_admin.services import accounts, agreements, documents
from igu_admin.testing.accounts import make_user, valid_cvr
from tests.listener import Listener

CPR = "1505951234"
# A start after today (the rules refuse a start in the past): 2 March next year.
START = date(date.today().year + 1, 3, 2)
END = date(START.year + 2, 3, 1)
WAGE_1, WAGE_2 = Decimal("12132.00"), Decimal("13429.00")


def danish_money(amount: Decimal) -> str:
    return format_currency(amount, "DKK", locale="da_DK")


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def squeeze(text: str) -> str:
    """Text without any white space: a long field value may wrap anywhere."""
    return re.sub(r"\s+", "", text)


def make_employer(name: str = "Ærø Bageri ApS") -> User:
    company = accounts.create_company(None, accounts.NewCompany(
        cvr=valid_cvr(77), name=name, municipality_code="101", address="Bagergade 1",
        postal_code="1000", city="København K"))
    return make_user(Role.EMPLOYER, company=company)


def complete_draft(employer: User, **changes: object) -> Agreement:
    """A draft ready to submit, made through the service; `changes` then set
    columns directly (text the forms would refuse, a legacy agreement name)."""
    draft = agreements.create_draft(employer, parse_changes({
        "contact_person": "Bente Bager",
        "trainee": {"name": "Amal Østergård", "cpr": CPR,
                    "address": "Søndergade 12, 2. tv.\n2100 København Ø",
                    "municipality_code": "101", "target_group": "refugee",
                    "residence_permit": {"kind": "Udlændingelovens § 7, stk. 1",
                                         "date": "2024-01-10"},
                    "registered_since": "2024-02-01", "previous_igu": False,
                    "recent_ordinary_employment": False},
        "start_date": START.isoformat(), "workplace_address": "Bagergade 1, 1000 København K",
        "job_title": "Bagermedhjælper",
        "tasks": "Æltning af dej\nBagning af rugbrød og wienerbrød\nRengøring",
        "weekly_hours": "37", "collective_agreement": "other",
        "wage": {"basis": "monthly", "year1": str(WAGE_1), "year2": str(WAGE_2)},
        "terms": {"holiday": "Efter ferieloven", "notice": "Efter funktionærloven",
                  "other": "Arbejdstøj udleveres"}}))
    values: dict[str, object] = {"collective_agreement": "Bager- og konditoroverenskomsten",
                                 **changes}
    for name, value in values.items():
        setattr(draft, name, value)
    db.session.commit()
    return draft


@pytest.fixture
def employer(app) -> User:
    return make_employer()


@pytest.fixture
def version(employer: User) -> AgreementVersion:
    return agreements.submit(employer, complete_draft(employer))


def test_the_version_pdf_names_the_parties_with_cvr_and_full_cpr(version: AgreementVersion) -> None:
    text = "\n".join(pages_text(documents.stored_pdf(documents.AGREEMENT, version)))
    company = version.agreement.company
    assert "Aftale om integrationsgrunduddannelse (IGU)" in text
    for expected in ("Ærø Bageri ApS", company.cvr, "Bagergade 1", "1000 København K",
                     "Bente Bager", "Amal Østergård", "150595-1234", "Søndergade 12, 2. tv.",
                     "2100 København Ø", "København"):
        assert expected in text, expected


def test_the_version_pdf_shows_period_workplace_work_and_danish_formatted_wages(
        version: AgreementVersion) -> None:
    text = "\n".join(pages_text(documents.stored_pdf(documents.AGREEMENT, version)))
    for expected in (format_date(START, "long", locale="da_DK"), f"2. marts {START.year}",
                     f"1. marts {END.year}",
                     "Bagermedhjælper", "Bagning af rugbrød og wienerbrød", "37 timer",
                     "Bager- og konditoroverenskomsten", f"{danish_money(WAGE_1)} pr. måned",
                     f"{danish_money(WAGE_2)} pr. måned", "Efter ferieloven", "Efter funktionærloven",
                     "Arbejdstøj udleveres"):
        assert expected in text, expected
    assert "12.132,00\N{NO-BREAK SPACE}kr." in text


def test_the_schooling_and_legal_basis_come_from_the_rule_set(version: AgreementVersion) -> None:
    ruleset = rules_in_force.catalogue().get(version.data["ruleset"])
    weeks, hours = ruleset.schooling.weeks, ruleset.schooling.hours_per_week
    text = squeeze("\n".join(pages_text(documents.stored_pdf(documents.AGREEMENT, version))))
    assert squeeze(f"{weeks} uger à {hours} timer, i alt {weeks * hours} timer") in text
    assert squeeze(ruleset.schooling.source_of("weeks").legal_reference) in text
    assert squeeze(f"varer {ruleset.course.duration_months} måneder") in text
    # Hours that come from guidance or no source are never given a section of the act.
    for value in ("min_average_workplace_hours", "max_average_total_hours"):
        source = ruleset.course.source_of(value)
        assert squeeze(source.legal_reference) in text
        if source.sureness == "guidance":
            assert source.legal_reference.startswith("Vejledning")
        if source.sureness == "unverified":
            assert "§" not in source.legal_reference
    assert squeeze(ruleset.title("da")) in text


def test_every_page_says_side_x_af_y_and_the_agreement_number_and_version(
        version: AgreementVersion) -> None:
    pages = pages_text(documents.stored_pdf(documents.AGREEMENT, version))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Side {number} af {len(pages)}" in text
        assert f"Aftale nr. {version.agreement_id} · version {version.number}" in text
        assert "UDKAST" not in text


def test_the_pdf_carries_title_author_language_and_creation_date(version: AgreementVersion) -> None:
    reader = pypdf.PdfReader(io.BytesIO(documents.stored_pdf(documents.AGREEMENT, version)))
    info = reader.metadata
    assert info is not None
    assert info.title == (f"Aftale om integrationsgrunduddannelse (IGU), nr. {version.agreement_id}, "
                          f"version {version.number}")
    assert info.author == "Ærø Bageri ApS"
    assert info.creator == "igu-admin"
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert info.creation_date is not None
    assert abs((info.creation_date - version.submitted_at).total_seconds()) < 1


def test_the_pdf_declares_pdf_a_3u_and_embeds_every_font_with_a_unicode_map(
        version: AgreementVersion) -> None:
    pdf = documents.stored_pdf(documents.AGREEMENT, version)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="U"' in xmp
    assert "Aftale om integrationsgrunduddannelse" in xmp
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            fonts[font["/BaseFont"]] = ("/FontFile2" in descriptor, "/ToUnicode" in font)
    assert fonts and all(embedded and unicode for embedded, unicode in fonts.values())
    assert any("DejaVu" in name for name in fonts)


def test_danish_letters_are_read_back_as_themselves(version: AgreementVersion) -> None:
    text = "\n".join(pages_text(documents.stored_pdf(documents.AGREEMENT, version)))
    for word in ("Ærø", "Østergård", "Søndergade", "måned", "særskilt", "Ansættelsesvilkår"):
        assert word in text, word
    assert "\ufffd" not in text


def test_a_draft_preview_says_udkast_on_every_page(employer: User) -> None:
    # Long tasks push the preview onto more pages.
    draft = complete_draft(employer, tasks="\n".join(f"Opgave {n}: pasning af ovne" for n in range(60)))
    pages = pages_text(agreement_pdf.preview_pdf(draft))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "UDKAST" in text
        assert f"Side {number} af {len(pages)}" in text
        assert f"Aftale nr. {draft.id} · udkast" in text


def test_an_empty_draft_shows_lines_to_fill_in_and_never_none(employer: User) -> None:
    draft = agreements.create_draft(employer, parse_changes({}))
    draft.contact_person = draft.workplace_address = draft.terms_holiday = draft.terms_notice = ""
    pdf = agreement_pdf.preview_pdf(draft)
    text = "\n".join(pages_text(pdf))
    assert "Parterne" in text and "Ærø Bageri ApS" in text
    for word in ("None", "null", "Decimal", "undefined"):
        assert word not in text
    assert pypdf.PdfReader(io.BytesIO(pdf)).metadata.title.endswith("udkast")


def test_the_agreement_renders_in_english_alone(employer: User) -> None:
    pdf = agreement_pdf.preview_pdf(complete_draft(employer), lang="en")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Agreement on integration basic education (IGU)" in text
    assert "DRAFT" in text and "Page 1 of" in text and f"2 March {START.year}" in text
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "Parterne" not in text


def test_an_approval_block_is_shown_when_given(version: AgreementVersion) -> None:
    approval = agreement_pdf.Approval("Københavns Kommune", date(2026, 2, 10), "Kasper Kommune")
    text = "\n".join(pages_text(agreement_pdf.render_version(version, approval=approval)))
    assert "Kommunens gennemgang og godkendelse i igu-admin" in text
    assert squeeze("Københavns Kommune har gennemgået og godkendt aftalen i igu-admin den "
                   "10. februar 2026") in squeeze(text)
    assert "Kasper Kommune" in text
    plain = "\n".join(pages_text(documents.stored_pdf(documents.AGREEMENT, version)))
    assert "Kommunens gennemgang" not in plain


def test_the_first_page_looks_like_a_page_of_text(version: AgreementVersion, tmp_path: Path) -> None:
    pdf_file = tmp_path / "agreement.pdf"
    pdf_file.write_bytes(documents.stored_pdf(documents.AGREEMENT, version))
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf_file),
                    str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    with Image.open(png) as image:
        # A4 (210 x 297 mm) at 50 dpi, give or take poppler's rounding.
        width, height = image.size
        assert abs(width - 210 / 25.4 * 50) <= 1 and abs(height - 297 / 25.4 * 50) <= 1
        grey = image.convert("L")
        shades = grey.histogram()
        title = grey.crop((0, 0, width, height // 8)).histogram()
        footer = grey.crop((0, height * 15 // 16, width, height)).histogram()
    dark, light = sum(shades[:128]), sum(shades[241:])
    assert sum(title[:64]) > 100, "no title at the top of the page"
    assert sum(footer[:160]) > 20, "no footer at the bottom of the page"
    assert dark > 2000, "the page is blank"
    assert light > 0.6 * width * height, "the page is not mostly white paper"


PAYLOAD = ('<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:{port}/x">'
           '<p style="background:url(http://127.0.0.1:{port}/u)">url(http://127.0.0.1:{port}/c)')
SHORT_PAYLOAD = '<img src="http://127.0.0.1:{port}/n">url(file:///etc/passwd)'
FREE_TEXT_FIELDS = ("workplace_address", "job_title", "tasks", "collective_agreement",
                    "terms_holiday", "terms_notice", "terms_other", "contact_person")


def test_markup_and_urls_in_every_free_text_field_are_printed_literally_and_never_fetched(
        app) -> None:
    listener = Listener()
    try:
        payload = PAYLOAD.format(port=listener.port)
        short = SHORT_PAYLOAD.format(port=listener.port)
        employer = make_employer(name=f"Firma {short}")
        company = employer.company
        company.address, company.city = short, short
        draft = complete_draft(employer, **{name: f"{name}: {payload}" for name in FREE_TEXT_FIELDS})
        draft.trainee_name, draft.trainee_address = short, f"{short}\n{short}"
        db.session.commit()

        for pdf in (agreement_pdf.preview_pdf(draft),
                    documents.stored_pdf(documents.AGREEMENT, agreements.submit(employer, draft))):
            text = squeeze("\n".join(pages_text(pdf)))
            for name in FREE_TEXT_FIELDS:
                assert squeeze(f"{name}: {payload}") in text, name
            assert text.count(squeeze(short)) >= 6
            assert "root:x:0:0" not in text
        assert listener.hits == 0
    finally:
        listener.close()


def test_field_values_are_escaped_in_the_html(employer: User) -> None:
    draft = complete_draft(employer, tasks='</p><script>x</script><img src="file:///etc/passwd">')
    html = agreement_pdf.version_html(agreements.submit(employer, draft))
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "<img" not in html and "<script" not in html


def test_a_character_no_font_has_fails_the_render_in_tests(employer: User) -> None:
    # A script that Debian's Noto fonts (fonts-noto-core, installed for the
    # trainee's copy) do not cover.
    draft = complete_draft(employer, job_title="Bager \N{KHITAN SMALL SCRIPT CHARACTER-18B00}")
    with pytest.raises(MissingGlyphError, match="U\\+18B00"):
        agreement_pdf.preview_pdf(draft)


def test_the_version_pdf_is_rendered_once_at_submission_and_served_from_storage(
        employer: User, monkeypatch: pytest.MonkeyPatch) -> None:
    renders: list[str] = []
    real = agreement_pdf.html_to_pdf

    def counting(html: str, strict: bool | None = None) -> bytes:
        renders.append(html)
        return real(html, strict)

    monkeypatch.setattr(agreement_pdf, "html_to_pdf", counting)
    version = agreements.submit(employer, complete_draft(employer))
    assert len(renders) == 1
    version_id = version.id
    db.session.expunge_all()
    stored = db.session.get(AgreementVersion, version_id)
    assert stored is not None and stored.pdf is not None
    first = documents.stored_pdf(documents.AGREEMENT, stored)
    second = documents.stored_pdf(documents.AGREEMENT, stored)
    assert len(renders) == 1
    assert first == second == stored.pdf
    assert hashlib.sha256(first).hexdigest() == stored.pdf_sha256


def test_a_stored_pdf_that_no_longer_matches_its_hash_is_refused(version: AgreementVersion) -> None:
    tampered = AgreementVersion(agreement_id=version.agreement_id, number=99, data=version.data,
                                pdf=version.pdf + b"%", pdf_sha256=version.pdf_sha256)
    with pytest.raises(documents.StoredPdfCorrupt):
        documents.stored_pdf(documents.AGREEMENT, tampered)


def test_a_version_renders_from_its_stored_data_not_the_agreement_as_edited_later(
        version: AgreementVersion) -> None:
    agreement = version.agreement
    agreement.job_title, agreement.wage_rate_year1 = "Konditor", Decimal("99999")
    db.session.commit()
    text = "\n".join(pages_text(agreement_pdf.render_version(version)))
    assert "Bagermedhjælper" in text and danish_money(WAGE_1) in text
    assert "Konditor" not in text and danish_money(Decimal("99999")) not in text


def test_the_bench_reports_the_agreement_pdf_beside_a_bare_render_and_their_ratio(capsys) -> None:
    from igu_admin.bench.figures import bench_pdf

    bench_pdf(2)
    out = capsys.readouterr().out
    assert re.search(r"agreement PDF \(render_version\)\s+n=\s+2\s+median", out)
    assert re.search(r"bare weasyprint HTML\(\)\.write_pdf\(\)\s+n=\s+2\s+median", out)
    assert re.search(r"agreement PDF / bare \(median\)\s+\d+\.\d\dx", out)
