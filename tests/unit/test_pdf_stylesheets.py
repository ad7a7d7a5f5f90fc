"""A document's own stylesheets are compiled once and passed to WeasyPrint
in their order; the PDF is the one the document would give on its own, and
a stylesheet's faults fail every strict render, not only the first."""

from __future__ import annotations

import io

import pypdf
import pytest
from weasyprint import HTML

from igu_admin.documents.render import (
    PdfRenderError,
    _compiled,
    _compiled_stylesheets,
    html_to_pdf,
)
from igu_admin.paths import PDF_TEMPLATES_DIR, STATIC_DIR

RED, BLUE = "p { color: red } .a { margin-top: 80mm }", "p { color: #0000ff }"
HEAD = ("<!DOCTYPE html><html lang='da'><head><title>T</title>"
        f"<style>{RED}</style><style>{BLUE}</style></head>")
BODY = ("<body><p class='a'>Første</p><p style='break-before: page'>Anden</p>"
        "<svg width='40' height='20'><style>text { fill: green }</style>"
        "<text x='1' y='10'>Tegning</text></svg></body></html>")


def test_the_heads_styles_leave_the_document_in_order_and_the_drawings_stay() -> None:
    document, sheets = _compiled_stylesheets(HEAD + BODY)
    assert "<style>p {" not in document
    assert "<style>text { fill: green }</style>" in document
    assert sheets == [_compiled(RED), _compiled(BLUE)]


def test_a_stylesheet_is_compiled_once() -> None:
    first = _compiled_stylesheets(HEAD + BODY)[1]
    again = _compiled_stylesheets(HEAD + "<body><p>Andet</p></body></html>")[1]
    assert [id(c.sheet) for c in first] == [id(c.sheet) for c in again]


def test_the_pdf_is_the_one_the_document_gives_on_its_own() -> None:
    ours_pdf = html_to_pdf(HEAD + BODY, strict=True)
    alone_pdf = HTML(string=HEAD + BODY).write_pdf()
    ours, alone = (pypdf.PdfReader(io.BytesIO(pdf)) for pdf in (ours_pdf, alone_pdf))
    assert len(ours.pages) == len(alone.pages) == 2
    assert [p.extract_text() for p in ours.pages] == [p.extract_text() for p in alone.pages]
    # The first paragraph stands 80 mm down on both: the class rule applied.
    assert _first_text_y(ours) == _first_text_y(alone)
    # The later stylesheet's blue wins over the red, as inside the document.
    assert b"0 0 1 rg" in _content(ours) and b"1 0 0 rg" not in _content(ours)


def test_a_faulty_stylesheet_fails_every_strict_render() -> None:
    faulty = "<html><head><style>p { colr: red }</style></head><body><p>x</p></body></html>"
    for _ in range(2):
        with pytest.raises(PdfRenderError, match="colr"):
            html_to_pdf(faulty, strict=True)


def test_a_style_written_otherwise_in_the_head_is_refused() -> None:
    with pytest.raises(PdfRenderError, match="<style>"):
        html_to_pdf("<html><head><style media='print'>p {}</style></head><body></body></html>",
                    strict=True)


# The head's stylesheets; timeline_drawing.css is the SVG's own (SVG
# properties, which an HTML stylesheet does not know).
HEAD_STYLESHEETS = [*sorted(p for p in PDF_TEMPLATES_DIR.glob("*.css")
                            if p.name != "timeline_drawing.css"),
                    STATIC_DIR / "css" / "timeline.css"]


@pytest.mark.parametrize("path", HEAD_STYLESHEETS, ids=lambda p: p.name)
def test_every_pdf_stylesheet_compiles_without_a_warning(path) -> None:
    assert _compiled(path.read_text(encoding="utf-8")).warnings == ()


def _first_text_y(reader: pypdf.PdfReader) -> float:
    found: list[float] = []
    reader.pages[0].extract_text(visitor_text=lambda text, _cm, tm, *_: found.append(tm[5])
                                 if text.strip() else None)
    return round(found[0])


def _content(reader: pypdf.PdfReader) -> bytes:
    return b"".join(page.get_contents().get_data() for page in reader.pages)
