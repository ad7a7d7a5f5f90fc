"""Small guards shared by views."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """A redirect target only if it stays on this site (no open redirect).

    Control characters are refused: CR/LF cannot go into a Location header,
    and browsers drop tabs and newlines from URLs, so "/\\t/evil.example"
    would leave the site as "//evil.example".
    """
    if not target:
        return None
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target
