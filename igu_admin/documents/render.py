"""HTML templates from pdf_templates/ rendered to PDF with WeasyPrint.

One way in for every PDF igu-admin makes: a Jinja environment with
autoescape on, the app's translations under `force_locale`, the asset-only
URL fetcher, a FontConfiguration reused across renders, and PDF/A-3u output
with title, language, author and creation date in the metadata.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import flask_babel
from flask import current_app
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from igu_admin.documents.fetcher import AssetFetcher
from igu_admin.paths import PDF_ASSETS_DIR, PDF_TEMPLATES_DIR, STATIC_DIR

# PDF/A-3u: archivable, every font embedded with a Unicode map (so the text
# can be searched and read back), and PDF attachments allowed later.
PDF_VARIANT = "pdf/a-3u"
GENERATOR = "igu-admin"

# Stylesheets a PDF shares with the pages, by the name templates use: one
# file, so the plan's timeline looks the same on paper and on screen.
SHARED_STYLESHEETS = {"timeline.css": STATIC_DIR / "css" / "timeline.css"}

# What a thread keeps across renders. Loading fonts through fontconfig is
# the slow part of a first render, so a font configuration is made once and
# reused (no @font-face is used); one per thread, for Pango's font map is not
# meant to be shared between threads. The compiled stylesheets sit beside it.
_PER_THREAD = threading.local()


def font_config() -> FontConfiguration:
    config: FontConfiguration | None = getattr(_PER_THREAD, "config", None)
    if config is None:
        config = _PER_THREAD.config = FontConfiguration()
    return config


# The <style> elements of a document's head (base.html writes them so): our
# own static CSS (user data never goes into a style), the same text at every
# render of a template.
_HEAD_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
# More than the templates have: only a stylesheet edited while the app runs
# adds one.
_MAX_COMPILED = 32


@dataclass(frozen=True)
class _Compiled:
    sheet: CSS
    warnings: tuple[str, ...]  # what WeasyPrint said compiling it, for every render


def _compiled_stylesheets(html: str) -> tuple[str, list[_Compiled]]:
    """The document without the <style> elements of its head, and those
    stylesheets compiled, in their order. WeasyPrint would parse the CSS and
    compile its selectors anew at every render (a plan PDF took a third
    longer, `igu-admin bench`); compiled once per thread, they are handed to
    it in the order they stood.

    WeasyPrint ranks stylesheets handed to it as the user's, below the
    document's own rules: the cascade stays the same because the head then
    holds no other style (checked here), and the templates use neither
    `style` attributes nor `!important`. A style inside an SVG (the plan's
    timeline) belongs to the drawing and stays."""
    head, separator, body = html.partition("</head>")
    if not separator:
        return html, []
    sheets = [_compiled(text) for text in _HEAD_STYLE.findall(head)]
    head = _HEAD_STYLE.sub("", head)
    if "<style" in head:
        raise PdfRenderError("a <style> in the head must be written exactly as <style>")
    return head + separator + body, sheets


def _compiled(text: str) -> _Compiled:
    cache: dict[str, _Compiled] | None = getattr(_PER_THREAD, "stylesheets", None)
    if cache is None:
        cache = _PER_THREAD.stylesheets = {}
    compiled = cache.get(text)
    if compiled is None:
        if len(cache) >= _MAX_COMPILED:
            cache.clear()
        with _collect_warnings() as warnings:
            sheet = CSS(string=text, base_url=PDF_ASSETS_DIR.as_uri() + "/",
                        url_fetcher=AssetFetcher(), font_config=font_config())
        compiled = cache[text] = _Compiled(sheet, tuple(warnings))
    return compiled


_WEASYPRINT_LOGGER = logging.getLogger("weasyprint")
if _WEASYPRINT_LOGGER.level == logging.NOTSET:
    # The glyph check below must see warnings even where the root logger is stricter.
    _WEASYPRINT_LOGGER.setLevel(logging.WARNING)
_MISSING_GLYPH = ".notdef glyph"


class PdfRenderError(RuntimeError):
    """A PDF could not be made as it must be (a refused resource, or, in
    strict mode, any warning WeasyPrint gave)."""


class MissingGlyphError(PdfRenderError):
    """A character none of the installed fonts has would print as an empty box."""


@dataclass(frozen=True)
class DocumentInfo:
    """What the PDF says about itself: `<title>`, `<html lang>`, author and
    creation date end up in the PDF's metadata (Info and XMP); a draft is
    marked "UDKAST" on every page (base.html)."""

    title: str
    lang: str
    author: str
    created: datetime
    description: str = ""
    draft: bool = False
    generator: str = GENERATOR

    @property
    def created_w3c(self) -> str:
        return self.created.isoformat(timespec="seconds")


def translate(msgid: str, **variables: Any) -> str:
    """`_` in PDF templates: the message in the document's language."""
    return flask_babel.gettext(msgid, **variables)


def page_label_parts() -> tuple[str, str, str]:
    """"Side X af Y" cut around its numbers: one sentence for translators,
    three strings for the footer, whose numbers CSS counters fill in."""
    label = flask_babel.gettext("Page %(page)s of %(pages)s", page="\x00", pages="\x01")
    before, rest = label.split("\x00", 1)
    middle, after = rest.split("\x01", 1)
    return before.strip(), middle.strip(), after.strip()


def _stylesheet(name: str) -> Markup:
    """The text of a stylesheet in pdf_templates/ (or one the pages share),
    for a `<style>` element. Our own static CSS only: no user data ever goes
    into a style."""
    shared = SHARED_STYLESHEETS.get(name)
    path = (shared or PDF_TEMPLATES_DIR / name).resolve()
    if shared is None and (path.parent != PDF_TEMPLATES_DIR.resolve() or path.suffix != ".css"):
        raise PdfRenderError(f"not a PDF stylesheet: {name}")
    return _read_stylesheet(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _read_stylesheet(path: Path, mtime_ns: int) -> Markup:
    return Markup(path.read_text(encoding="utf-8"))


@functools.cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(PDF_TEMPLATES_DIR), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(_=translate, stylesheet=_stylesheet, page_label_parts=page_label_parts)
    return env


def render_html(template: str, context: Mapping[str, Any], info: DocumentInfo) -> str:
    """The template as HTML in the document's language (needs an app context)."""
    with flask_babel.force_locale(info.lang):
        return environment().get_template(template).render(**context, document=info)


def html_to_pdf(html: str, strict: bool | None = None) -> bytes:
    """The PDF of igu-admin's HTML. `strict` (default: in tests) turns any
    WeasyPrint warning, above all a missing glyph, into an error."""
    if strict is None:
        strict = bool(current_app.testing)
    document, stylesheets = _compiled_stylesheets(html)
    with _collect_warnings() as warnings:
        warnings.extend(w for compiled in stylesheets for w in compiled.warnings)
        try:
            pdf = HTML(string=document, base_url=PDF_ASSETS_DIR.as_uri() + "/",
                       url_fetcher=AssetFetcher()).write_pdf(
                stylesheets=[compiled.sheet for compiled in stylesheets],
                font_config=font_config(), pdf_variant=PDF_VARIANT)
        except FatalURLFetchingError as exc:
            # WeasyPrint's fatal error is a BaseException: give callers a plain one.
            raise PdfRenderError(f"{exc}: {exc.__cause__}") from exc
    glyphs = [w for w in warnings if _MISSING_GLYPH in w]
    if glyphs:
        if strict:
            raise MissingGlyphError("; ".join(glyphs))
        logging.getLogger(__name__).warning("PDF rendered with %d missing glyph(s)", len(glyphs))
    elif warnings and strict:
        raise PdfRenderError("; ".join(warnings))
    assert isinstance(pdf, bytes)
    return pdf


def render_pdf(template: str, context: Mapping[str, Any], *, title: str, lang: str, author: str,
               created: datetime, description: str = "", strict: bool | None = None) -> bytes:
    """Render `template` (in pdf_templates/) with `context` to PDF/A-3u bytes."""
    info = DocumentInfo(title=title, lang=lang, author=author, created=created,
                        description=description)
    return html_to_pdf(render_html(template, context, info), strict=strict)


class _ThreadWarnings(logging.Handler):
    """Collects WeasyPrint's warnings raised by this thread only, so two
    renders in parallel do not blame each other."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


@contextmanager
def _collect_warnings() -> Iterator[list[str]]:
    handler = _ThreadWarnings()
    _WEASYPRINT_LOGGER.addHandler(handler)
    try:
        yield handler.messages
    finally:
        _WEASYPRINT_LOGGER.removeHandler(handler)
