"""What an uploaded document holds: no PDF that acts when opened, no image
above 50 million pixels (measured from its header, never decoded)."""

import io

import pytest
from pypdf.generic import DictionaryObject, NameObject

from igu_admin.inputs.upload_content import MAX_PIXELS, content_refusal, image_pixels
from igu_admin.inputs.uploads import UploadRefused, read_upload
from tests.upload_files import (
    catalogue_aa,
    jpeg_of_size,
    link_runs_script,
    names_javascript,
    open_action,
    page_aa,
    pdf,
    png_header,
)

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"


@pytest.mark.parametrize("change", [
    names_javascript,
    open_action, catalogue_aa, page_aa, link_runs_script,
    lambda w: w._root_object.__setitem__(NameObject("/OpenAction"),
                                         DictionaryObject({NameObject("/S"): NameObject("/GoTo")})),
], ids=["names-javascript", "open-action-js", "catalogue-aa", "page-aa", "link-js",
        "open-action-goto"])
def test_a_pdf_that_acts_when_opened_is_refused(change) -> None:
    content = pdf(change)
    assert content_refusal(content, PDF) == "active_content"
    with pytest.raises(UploadRefused) as refused:
        read_upload(io.BytesIO(content), "aftale.pdf")
    assert refused.value.code == "active_content"


def test_a_plain_pdf_is_taken() -> None:
    assert content_refusal(pdf(), PDF) is None
    assert read_upload(io.BytesIO(pdf()), "aftale.pdf").media_type == PDF


@pytest.mark.parametrize(("content", "refusal"), [
    # Damaged (no cross-reference table): searched as it stands, #xx escapes undone.
    (b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAct#69on 2 0 R>>endobj\n", "active_content"),
    (b"%PDF-1.4\n2 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n", "active_content"),
    (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n", None),
    (b"%PDF-1.4 bevis", None),
])
def test_a_pdf_pypdf_cannot_read_is_searched_for_the_names(content: bytes,
                                                           refusal: str | None) -> None:
    assert content_refusal(content, PDF) == refusal


@pytest.mark.parametrize(("content", "kind"), [
    (png_header(30000, 30000), PNG), (png_header(8000, 6251), PNG),
    (jpeg_of_size(10000, 5001), JPEG), (jpeg_of_size(60000, 60000), JPEG),
])
def test_an_image_above_fifty_million_pixels_is_refused_from_its_header(content: bytes,
                                                                        kind: str) -> None:
    assert len(content) < 100_000
    assert content_refusal(content, kind) == "too_many_pixels"
    with pytest.raises(UploadRefused) as refused:
        read_upload(io.BytesIO(content), "scan")
    assert refused.value.code == "too_many_pixels"


def test_an_image_up_to_the_limit_is_taken() -> None:
    assert MAX_PIXELS == 50_000_000
    assert image_pixels(png_header(8000, 6250)) == MAX_PIXELS
    assert content_refusal(png_header(8000, 6250), PNG) is None
    assert content_refusal(jpeg_of_size(10000, 5000), JPEG) is None
    # A header that cannot be read has no size to decode to.
    assert content_refusal(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, PNG) is None
