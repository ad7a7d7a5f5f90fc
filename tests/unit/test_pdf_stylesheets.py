"""A document's own stylesheets are compiled once and passed to WeasyPrint
in their order; the PDF is the one the document would give on its own."""

from __future__ import annotations

import io

import pypdf
from weasyprint import HTML

from igu_admin.documents.render import _compiled_stylesheets, html_to_pdf

HEAD = ("<!DOCTYPE html><html lang='da'><head><title>T</title>"
        "<style>p { color: red } .a { margin-top: 80mm }</style>"
        "<style>p { color: #0000ff }</style></head>")
BODY = ("<body><p class='a'>Første</p><p style='break-before: page'>Anden</p>"
        "<svg width='40' height='20'><style>text { fill: green }</style>"
        "<text x='1' y='10'>Tegning</text></svg></body></html>")


def test_the_heads_styles_leave_the_document_in_order_and_the_drawings_stay() -> None:
    document, sheets = _compiled_stylesheets(HEAD + BODY)
    assert "<style>p {" not in document
    assert "<style>text { fill: green }</style>" in document
    assert len(sheets) == 2


def test_a_stylesheet_is_compiled_once() -> None:
    first = _compiled_stylesheets(HEAD + BODY)[1]
    again = _compiled_stylesheets(HEAD + "<body><p>Andet</p></body></html>")[1]
    assert [id(sheet) for sheet in first] == [id(sheet) for sheet in again]


def test_the_pdf_is_the_one_the_document_gives_on_its_own() -> None:
    ours = pypdf.PdfReader(io.BytesIO(html_to_pdf(HEAD + BODY, strict=True)))
    alone = pypdf.PdfReader(io.BytesIO(HTML(string=HEAD + BODY).write_pdf()))
    assert len(ours.pages) == len(alone.pages) == 2
    assert [p.extract_text() for p in ours.pages] == [p.extract_text() for p in alone.pages]
    # The first paragraph stands 80 mm down on both: the class rule applied.
    assert _first_text_y(ours) == _first_text_y(alone)


def _first_text_y(reader: pypdf.PdfReader) -> float:
    found: list[float] = []
    reader.pages[0].extract_text(visitor_text=lambda text, _cm, tm, *_: found.append(tm[5])
                                 if text.strip() else None)
    return round(found[0])
