"""A PDF's text for the tests' assertions (pypdf is a test dependency; the
records the PDFs are made of are in igu_admin.testing)."""

from __future__ import annotations

import io
import re

import pypdf


def pdf_text(pdf: bytes) -> str:
    """The PDF's text without white space: a value may wrap anywhere."""
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", "", text)
