"""What the agreement and the schooling plan PDFs share comes from one place:
the parties, the signature blocks and the title block are macros in
pdf_templates/partials/, the draft mark is base.html's; both PDFs show the
same parties."""

from __future__ import annotations

import subprocess

import pytest

from igu_admin.documents import agreement_pdf, plan_pdf
from igu_admin.extensions import db
from igu_admin.models import Municipality, SchoolingPlan
from igu_admin.paths import PDF_TEMPLATES_DIR
from igu_admin.testing.plans import make_plan, plan_agreement

# The markup each partial owns, which no document template may copy again.
OWNED = {"partials/parties.html": ('class="parties"', 'class="signature-blocks"'),
         "partials/title_block.html": ('class="title-block"', 'class="doc-ref"')}


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()


def parties_lines(text: str) -> list[str]:
    """The lines of section 1, less a draft watermark's single letters."""
    start = text.index("1. Parterne")
    section = text[start:text.index("\n2. ", start)]
    return [line for line in section.splitlines() if len(line.strip()) > 1]


@pytest.fixture
def plan(app) -> SchoolingPlan:
    return make_plan(plan_agreement())


@pytest.mark.parametrize("template", ["agreement.html", "schooling_plan.html"])
def test_both_documents_take_the_shared_parts_from_the_partials(template: str) -> None:
    source = (PDF_TEMPLATES_DIR / template).read_text(encoding="utf-8")
    for partial, markup in OWNED.items():
        assert f'{{% from "{partial}" import' in source, partial
        for snippet in markup:
            assert snippet not in source, snippet
    assert "{{ parties(doc.company, doc.trainee" in source
    assert "{{ signatures(doc.company, doc.trainee) }}" in source
    # The draft mark and watermark are the frame's (base.html), not the document's.
    assert "draft-mark" not in source and "watermark" not in source


def test_the_agreement_and_the_plan_show_the_same_parties(plan: SchoolingPlan) -> None:
    agreement = pdftotext(agreement_pdf.preview_pdf(plan.agreement))
    schooling_plan = pdftotext(plan_pdf.preview_pdf(plan))
    municipality = db.session.get(Municipality, plan.agreement.municipality_code).name
    shared = parties_lines(schooling_plan)
    assert "Ærø Bageri ApS" in shared and "150595-1234" in shared and "Bagergade 1" in shared
    # The agreement adds its contact details: the contact person (none typed
    # here: a line to fill in) and the trainee's municipality.
    assert parties_lines(agreement) == [*shared, "Kontaktperson", "Kommune", municipality]
    for text in (agreement, schooling_plan):
        assert text.count("For arbejdsgiveren") == 1 and text.count("Navn med blokbogstaver") == 2


