"""The schooling plan PDF read back: parties, period, elements and totals, the
timeline, findings, the rule set's references, page labels, metadata, UDKAST;
a version's PDF made from the version's data and served checked against its
SHA-256; and a page looked at as an image."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
from datetime import date
from pathlib import Path

import pypdf
import pytest
from flask_babel import force_locale
from PIL import Image
from sqlalchemy.orm.attributes import set_committed_value

from igu_admin.core import plan_snapshot, rules_in_force
from igu_admin.core.errors import NotFound
from igu_admin.documents import plan_pdf
from igu_admin.documents import timeline as plan_timeline_view
from igu_admin.documents.agreement_pdf import Approval
from igu_admin.documents.render import environment
from igu_admin.extensions import db
from igu_admin.models import Role, SchoolingPlanVersion
from igu_admin.paths import STATIC_DIR
from igu_admin.services import documents
from igu_admin.services.documents import StoredPdfCorrupt
from igu_admin.services.plans import building as schooling_plans
from igu_admin.testing.accounts import make_user
from igu_admin.testing.plans import TRAINEE, VALID_ITEMS, make_plan, plan_agreement, submit_version

DASH, THIN = "\N{EN DASH}", "\N{THIN SPACE}"


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def text_of(pdf: bytes) -> str:
    return "\n".join(pages_text(pdf))


def squeeze(text: str) -> str:
    """Text without white space: a long value may wrap anywhere."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def plan(app):
    return make_plan(plan_agreement())


@pytest.fixture
def version(plan) -> SchoolingPlanVersion:
    return submit_version(plan)


def test_the_plan_names_the_parties_the_period_and_every_element(plan) -> None:
    text = text_of(plan_pdf.preview_pdf(plan))
    company = plan.agreement.company
    assert squeeze("Undervisningsplan for integrationsgrunduddannelse") in squeeze(text)
    for expected in ("Ærø Bageri ApS", company.cvr, "Bagergade 1", "1000 København K", TRAINEE,
                     "150595-1234", "Søndergade 12, 2. tv.", "2100 København Ø",
                     "5. januar 2026", "4. januar 2028", "37 timer"):
        assert expected in text, expected
    for _kind, title, provider, number, first, last, _hours, _note in VALID_ITEMS:
        assert squeeze(title) in squeeze(text), title
        assert provider in text
        if number:
            assert f"AMU-nr. {number}" in text
        assert first.strftime("%d.%m.%Y") in text and last.strftime("%d.%m.%Y") in text
    assert "To formiddage om ugen" in text and "med lektier" in text
    for kind in ("AMU", "Danskuddannelse"):
        assert kind in text


def test_the_totals_give_hours_and_counted_weeks_of_the_rule_sets_required_weeks(plan) -> None:
    text = text_of(plan_pdf.preview_pdf(plan))
    required = rules_in_force.catalogue().get("igu-2016").schooling.weeks
    # 370 hours of AMU and 185 of Danish education counting double: 740 hours, 20 weeks.
    assert f"20,0 af {required} uger" in text
    assert "I alt" in text and "555" in text
    # Each element's counted weeks: 148 h of AMU is 4 weeks, 185 h of Danish 10.
    assert "4,0" in text and "10,0" in text and "(dobbelt)" in text
    assert "Planen opfylder alle regler for undervisningsplanen." in text


def test_an_invalid_plan_lists_each_finding_at_its_element(app) -> None:
    items = (
        ("danish", "Dansk 3", "Sprogcenter", "", date(2026, 3, 2), date(2026, 3, 6), "37", ""),
        ("danish", "Dansk 3, fortsat", "Sprogcenter", "", date(2026, 3, 4), date(2026, 3, 4), "1",
         ""),
        ("fvu", "FVU-regning", "VUC", "", date(2028, 1, 3), date(2028, 1, 7), "20", ""),
    )
    text = squeeze(text_of(plan_pdf.preview_pdf(make_plan(plan_agreement(), items))))
    assert squeeze("Skal rettes, før planen kan indsendes:") in text
    assert squeeze("Planen skal indeholde AMU.") in text
    assert squeeze("Element 1 (Danskuddannelse: Dansk 3): Uge 10 i 2026 har 38 "
                   "undervisningstimer i alt (element 1, 2).") in text
    assert squeeze("Element 3 (FVU: FVU-regning): Kurset skal ligge inden for ansættelsen, "
                   "fra 5. januar 2026 til 4. januar 2028.") in text
    assert squeeze("Planen tæller") in text and squeeze("der mangler") in text
    assert squeeze("Planen opfylder") not in text


def test_the_timeline_shows_the_weeks_its_legend_and_each_elements_school_weeks(plan) -> None:
    text = squeeze(text_of(plan_pdf.preview_pdf(plan)))
    assert squeeze("Forløbets uger fra uge 2 2026 til uge 1 2028, en række for hvert kvartal") in text
    assert squeeze("Signaturforklaring") in text
    assert squeeze("En helligdag i ugen") in text
    assert squeeze(f"1. AMU: Grundlæggende bageri {DASH} uge 6{DASH}9 2026 (148 timer)") in text
    assert squeeze(f"2. Danskuddannelse: Danskuddannelse 2, modul 3 {DASH} uge 10{DASH}26 2026 "
                   "(185 timer)") in text
    # Weekday holidays inside school weeks, named in Danish, with their week.
    assert squeeze("Skærtorsdag 2. april 2026 (uge 14 2026)") in text
    assert squeeze("Anden pinsedag 25. maj 2026 (uge 22 2026)") in text


def test_the_rule_set_and_the_legal_references_of_its_values_are_listed(plan) -> None:
    ruleset = rules_in_force.catalogue().get("igu-2016").as_of(plan.agreement.start_date)
    text = squeeze(text_of(plan_pdf.preview_pdf(plan)))
    assert squeeze(ruleset.title("da")) in text
    assert squeeze(ruleset.source) in text
    for name in plan_pdf.SCHOOLING_VALUES:
        assert squeeze(ruleset.schooling.source_of(name).legal_reference) in text, name
    assert squeeze(ruleset.course.source_of("min_average_workplace_hours").legal_reference) in text
    assert squeeze("Timer i FVU, AVU, Hf-enkeltfag og Danskuddannelse tæller dobbelt") in text


def test_a_preview_says_udkast_and_side_x_af_y_on_every_page(plan) -> None:
    pdf = plan_pdf.preview_pdf(plan)
    pages = pages_text(pdf)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "UDKAST" in text
        assert f"Side {number} af {len(pages)}" in text
        assert f"Undervisningsplan · aftale nr. {plan.agreement_id} · udkast" in text
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == ("Undervisningsplan for integrationsgrunduddannelse (IGU), "
                                     f"aftale nr. {plan.agreement_id}, udkast")


def test_a_versions_pdf_carries_its_number_metadata_and_no_udkast(version) -> None:
    pdf = documents.stored_pdf(documents.PLAN, version)
    pages = pages_text(pdf)
    for number, text in enumerate(pages, start=1):
        assert "UDKAST" not in text
        assert f"Side {number} af {len(pages)}" in text
        assert f"Undervisningsplan · aftale nr. {version.data['agreement_id']} · version 1" in text
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    info = reader.metadata
    assert info.title.endswith(", version 1")
    assert info.author == "Ærø Bageri ApS"
    assert info.creator == "igu-admin"
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert abs((info.creation_date - version.submitted_at).total_seconds()) < 1
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp


def test_submitting_the_plan_stores_the_versions_pdf_with_its_sha256(plan) -> None:
    employer = make_user(Role.EMPLOYER, company=plan.agreement.company)
    version = schooling_plans.submit_plan(employer, plan.agreement, plan.lock_version)
    db.session.expire_all()
    stored = db.session.get(SchoolingPlanVersion, version.id)
    assert stored.pdf_sha256 == hashlib.sha256(stored.pdf).hexdigest()
    text = text_of(stored.pdf)
    assert f"aftale nr. {plan.agreement_id} · version 1" in text and "UDKAST" not in text
    assert "Grundlæggende bageri" in text
    assert documents.plan_document(plan).content == stored.pdf


def test_the_version_stores_its_pdf_and_sha256_at_insert(version) -> None:
    db.session.expire_all()
    stored = db.session.get(SchoolingPlanVersion, version.id)
    assert stored.pdf is not None and stored.pdf.startswith(b"%PDF-")
    assert stored.pdf_sha256 == hashlib.sha256(stored.pdf).hexdigest()


def test_the_version_pdf_is_made_from_the_versions_data_not_the_live_plan(plan, version) -> None:
    stored = version.pdf
    plan.items[0].title = "Et helt andet kursus"
    plan.passed_danish_test = True
    db.session.commit()
    download = documents.plan_document(plan)
    assert download.content == stored
    assert download.filename == f"igu-undervisningsplan-{plan.agreement_id}-version-1.pdf"
    # Rendered again (the approved copy will be), it still shows what was submitted.
    again = text_of(plan_pdf.render_version(version))
    assert "Grundlæggende bageri" in again and "Et helt andet kursus" not in again
    assert "Et helt andet kursus" in text_of(plan_pdf.preview_pdf(plan))


def test_a_download_refuses_a_stored_pdf_that_no_longer_matches_its_sha256(plan, version) -> None:
    # Storage corrupted under the application: the row is never updated through it.
    set_committed_value(version, "pdf", version.pdf[:-10] + b"0000000000")
    with pytest.raises(StoredPdfCorrupt):
        documents.plan_document(plan)
    with pytest.raises(StoredPdfCorrupt):
        documents.plan_document(plan, 1)


def test_a_download_gives_the_asked_or_latest_version_and_a_preview_before_any(plan) -> None:
    draft = documents.plan_document(plan)
    assert draft.filename == f"igu-undervisningsplan-{plan.agreement_id}-udkast.pdf"
    assert "UDKAST" in text_of(draft.content)
    with pytest.raises(NotFound):
        documents.plan_document(plan, preview=False)
    first = submit_version(plan)
    plan.items[0].title = "Bagning for viderekomne"
    db.session.commit()
    second = submit_version(plan)
    assert documents.plan_document(plan).content == second.pdf
    assert documents.plan_document(plan, 1).content == first.pdf
    assert "Bagning for viderekomne" in text_of(documents.plan_document(plan, 2).content)
    with pytest.raises(NotFound):
        documents.plan_document(plan, 3)


def test_an_approval_stamp_is_shown_when_given(version) -> None:
    approval = Approval("Københavns Kommune", date(2026, 2, 10), "Kasper Kommune")
    text = squeeze(text_of(plan_pdf.render_version(version, approval=approval)))
    assert squeeze("Kommunens gennemgang og godkendelse i igu-admin") in text
    assert squeeze("Københavns Kommune har gennemgået og godkendt undervisningsplanen i igu-admin "
                   "den 10. februar 2026.") in text
    assert "KasperKommune" in text
    assert "Kommunensgennemgang" not in squeeze(text_of(documents.stored_pdf(documents.PLAN, version)))


def test_the_plan_renders_in_english_with_english_holidays_and_months(plan) -> None:
    pdf = plan_pdf.preview_pdf(plan, lang="en")
    text = text_of(pdf)
    assert "Schooling plan for integration basic education" in text
    assert "DRAFT" in text and "Page 1 of" in text and "5 January 2026" in text
    assert squeeze("Maundy Thursday 2 April 2026 (week 14 2026)") in squeeze(text)
    assert "Parterne" not in text and "Skærtorsdag" not in text
    assert pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "en"


def test_an_agreement_without_a_period_gives_a_plan_without_timeline(plan) -> None:
    plan.agreement.start_date = plan.agreement.end_date = None
    db.session.commit()
    text = squeeze(text_of(plan_pdf.preview_pdf(plan)))
    assert squeeze("Tidslinjen vises, når aftalen har sin startdato.") in text
    assert squeeze("Aftalen har endnu ingen startdato, så planen kan ikke holdes op mod "
                   "ansættelsesperioden.") in text
    for word in ("None", "null", "Decimal", "undefined"):
        assert word not in text


def test_free_text_reaches_the_pdf_as_text_never_as_markup(app) -> None:
    items = (("amu", '<img src="file:///etc/passwd">Svejsning', "<b>AMU</b>", "4</td>",
              date(2026, 2, 2), date(2026, 2, 6), "37", '<style>*{color:red}</style>'),)
    text = text_of(plan_pdf.preview_pdf(make_plan(plan_agreement(), items)))
    assert '<img src="file:///etc/passwd">Svejsning' in text
    assert "<b>AMU</b>" in text and "<style>" in text


def test_the_timeline_page_shows_the_kinds_colours_and_fits_the_page(plan, tmp_path: Path) -> None:
    pdf = plan_pdf.preview_pdf(plan)
    page = next(n for n, text in enumerate(pages_text(pdf), start=1) if "Forløbets uger" in text)
    pdf_file = tmp_path / "plan.pdf"
    pdf_file.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-f", str(page), "-l", str(page), "-png",
                    str(pdf_file), str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        colours = rgb.getcolors(maxcolors=width * height) or []

    def near(colour: tuple[int, int, int]) -> int:
        return sum(count for count, found in colours
                   if all(abs(a - b) <= 12 for a, b in zip(found, colour, strict=True)))

    # AMU's blue and Danish education's orange chips, as timeline.css gives them.
    assert near((0x9E, 0xCB, 0xF0)) > 50, "no AMU weeks drawn"
    assert near((0xF7, 0xB2, 0x67)) > 50, "no Danish weeks drawn"
    # Nothing is drawn in the right margin (the grid fits the page's width).
    margin = rgb.crop((width - int(18 / 210 * width), 0, width, height)).convert("L")
    assert margin.getextrema()[0] > 200, "something runs into the right margin"


def test_pages_get_the_same_timeline_with_its_accessible_names(plan) -> None:
    with force_locale("en"):
        markup = str(plan_timeline_view.plan_timeline(plan, element_id="my-timeline"))
    assert '<p class="tl-caption" id="my-timeline-caption">' in markup
    assert '<table class="tl-grid" aria-labelledby="my-timeline-caption">' in markup
    assert 'role="region"' in markup and 'aria-labelledby="my-timeline-caption"' in markup
    assert ('class="tl-sr">week 14 2026, 30 Mar' + THIN + DASH + THIN + '5 Apr; '
            'Danish education 6,9 hours; holidays: Maundy Thursday, Good Friday, Easter Sunday.'
            '</span>') in markup
    assert "Legend" in markup and "School weeks of each element" in markup
    danish = str(plan_timeline_view.plan_timeline(plan, lang="da"))
    assert "Signaturforklaring" in danish and "Skærtorsdag" in danish


def test_the_pdf_and_the_pages_use_one_timeline_stylesheet(app, client) -> None:
    served = client.get("/static/css/timeline.css")
    assert served.status_code == 200
    inlined = environment().globals["stylesheet"]("timeline.css")
    assert str(inlined) == (STATIC_DIR / "css" / "timeline.css").read_text(encoding="utf-8")
    assert served.get_data(as_text=True) == str(inlined)


def test_the_timeline_of_a_version_is_drawn_from_its_data(version) -> None:
    view = plan_timeline_view.timeline_view(version.data, lang="da", week_limit=37)
    assert view is not None
    assert [line.title for line in view.elements] == [item[1] for item in VALID_ITEMS]
    assert plan_snapshot.snapshot(version.plan)["items"] == version.data["items"]
