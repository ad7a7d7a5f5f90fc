"""PDFs: templates in pdf_templates/ rendered safely with WeasyPrint."""

from igu_admin.pdf.render import (
    PDF_VARIANT,
    DocumentInfo,
    MissingGlyphError,
    PdfRenderError,
    html_to_pdf,
    render_html,
    render_pdf,
)

__all__ = ["PDF_VARIANT", "DocumentInfo", "MissingGlyphError", "PdfRenderError", "html_to_pdf",
           "render_html", "render_pdf"]
