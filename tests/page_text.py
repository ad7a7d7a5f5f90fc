"""What a reader sees of a page: its text, and the pages it links to."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

_HIDDEN = {"script", "style", "template", "svg", "head"}
_BLOCKS = {"p", "li", "td", "th", "dt", "dd", "div", "h1", "h2", "h3", "h4", "h5", "h6",
           "br", "tr", "label", "legend", "option", "button", "caption", "summary", "pre",
           "ul", "ol", "table", "form", "nav", "header", "footer", "main", "section", "input"}

_BREAK = "\x00"


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0
        self._spans: list[bool] = []  # for each open span: is it for screen readers only?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        if tag == "span":
            self._spans.append("sr-only" in (dict(attrs).get("class") or "").split())
        # A text for screen readers only is a block of its own: it names a
        # control or adds a word, and is no part of the sentence beside it.
        if tag in _BLOCKS or (tag == "span" and self._spans[-1]):
            self.parts.append(_BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        screen_reader_only = tag == "span" and bool(self._spans) and self._spans.pop()
        if tag in _BLOCKS or screen_reader_only:
            self.parts.append(_BREAK)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def visible_text(html: str) -> str:
    """The page's text as read: blocks apart, inline markup joined
    ("a <code>&lt;b&gt;</code>" reads "a <b>")."""
    return re.sub(r"\s+", " ", "".join(
        " " if part == _BREAK else part for part in _read(html).parts)).strip()


def text_blocks(html: str) -> list[str]:
    """The page's text block by block (a paragraph, a cell, a list item...),
    each with one space between words: where a sentence can run."""
    blocks = (re.sub(r"\s+", " ", block).strip()
              for block in "".join(_read(html).parts).split(_BREAK))
    return [block for block in blocks if block]


def same_site_links(html: str, base: str) -> list[str]:
    """The paths (with their query) of the page's links to this site."""
    paths = []
    for href in _read(html).links:
        parts = urlsplit(urljoin(base, href))
        if parts.scheme in ("", "http") and parts.netloc in ("", "localhost") and parts.path:
            paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths
