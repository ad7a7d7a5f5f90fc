"""The generic renderer: metadata, language and page labels for any PDF template."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pypdf
import pytest

from igu_admin.documents.render import PDF_VARIANT, PdfRenderError, html_to_pdf, page_label_parts, render_pdf


@pytest.mark.parametrize(("lang", "label"), [("da", "Side 1 af 1"), ("en", "Page 1 of 1")])
def test_any_template_gets_title_author_language_date_and_a_page_label(app, lang: str,
                                                                       label: str) -> None:
    created = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    pdf = render_pdf("base.html", {}, title="Prøve æøå", lang=lang, author="Åse Ørsted",
                     created=created)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None
    assert (reader.metadata.title, reader.metadata.author) == ("Prøve æøå", "Åse Ørsted")
    assert reader.metadata.creation_date == created
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert label in reader.pages[0].extract_text()
    assert PDF_VARIANT == "pdf/a-3u"
    assert b"pdfaid:part=\"3\"" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()


def test_the_page_label_is_one_translated_sentence_cut_around_its_numbers(app) -> None:
    from flask_babel import force_locale

    with force_locale("da"):
        assert page_label_parts() == ("Side", "af", "")
    with force_locale("en"):
        assert page_label_parts() == ("Page", "of", "")


def test_in_tests_any_weasyprint_warning_fails_the_render(app) -> None:
    with pytest.raises(PdfRenderError, match="unknown property"):
        html_to_pdf('<p style="colour: red">x</p>')
    assert html_to_pdf('<p style="colour: red">x</p>', strict=False).startswith(b"%PDF-")
