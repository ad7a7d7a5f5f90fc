"""What an uploaded document holds, judged before it is kept: a PDF must not
run anything when opened, and an image must not be larger than a scan.

A PDF is refused when its catalogue carries an open action (/OpenAction) or
additional actions (/AA), JavaScript in its name tree (/Names /JavaScript),
or when a page or a page's annotation has additional actions or a JavaScript
or launch action. pypdf reads the catalogue, also from compressed object
streams. A file pypdf cannot read is searched as it stands for the names of
those entries instead (#xx escapes in names undone), so a damaged PDF that a
lenient reader would repair cannot carry them either.

An image is measured from its header (Pillow's Image.open reads the header
and decodes nothing) and refused above MAX_PIXELS: a 30000 x 30000 PNG is a
few hundred KB on disk but 2.7 GB once decoded. An image whose header cannot
be read has no size to decode to and is left to the type check.
"""

from __future__ import annotations

import io
import re
import warnings
from typing import Any

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

# A security limit, not a rule of the act: a page scanned at 600 dpi is
# about 35 million pixels.
MAX_PIXELS = 50_000_000
# Catalogue and page entries that make a viewer act when the file is opened
# or a page is shown.
_ACTION_ENTRIES = ("/OpenAction", "/AA")
# Action types that run code or another program.
_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch"})
# The names searched for in a file pypdf cannot read.
_ACTIVE_NAMES = frozenset({b"OpenAction", b"AA", b"JavaScript", b"JS", b"Launch"})
_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
ACTIVE_CONTENT, TOO_MANY_PIXELS = "active_content", "too_many_pixels"


def content_refusal(content: bytes, media_type: str) -> str | None:
    """Why the content cannot be taken ("active_content" for a PDF that acts
    when opened, "too_many_pixels" for a PNG or JPEG above MAX_PIXELS), or
    None when it can."""
    if media_type == "application/pdf":
        return ACTIVE_CONTENT if pdf_acts(content) else None
    if media_type in ("image/png", "image/jpeg"):
        pixels = image_pixels(content)
        return TOO_MANY_PIXELS if pixels is not None and pixels > MAX_PIXELS else None
    return None


def pdf_acts(content: bytes) -> bool:
    """Whether the PDF carries JavaScript or an action run on opening."""
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        catalogue = _resolved(reader.trailer["/Root"])
        if not isinstance(catalogue, DictionaryObject):
            return _names_act(content)
        return _catalogue_acts(catalogue) or any(_page_acts(page) for page in reader.pages)
    except Exception:  # pypdf raises many kinds of error on a damaged file
        return _names_act(content)


def _catalogue_acts(catalogue: DictionaryObject) -> bool:
    if any(entry in catalogue for entry in _ACTION_ENTRIES):
        return True
    names = _resolved(catalogue.get("/Names"))
    return isinstance(names, DictionaryObject) and "/JavaScript" in names


def _page_acts(page: DictionaryObject) -> bool:
    if "/AA" in page:
        return True
    annotations = _resolved(page.get("/Annots"))
    if not isinstance(annotations, ArrayObject):
        return False
    for annotation in annotations:
        annotation = _resolved(annotation)
        if not isinstance(annotation, DictionaryObject):
            continue
        action = _resolved(annotation.get("/A"))
        if "/AA" in annotation or (isinstance(action, DictionaryObject)
                                   and action.get("/S") in _ACTIVE_ACTIONS):
            return True
    return False


def _resolved(value: Any) -> Any:
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


def _names_act(content: bytes) -> bool:
    """Whether the raw file names an action entry or JavaScript anywhere."""
    for match in _NAME.finditer(content):
        name = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        if name in _ACTIVE_NAMES:
            return True
    return False


def image_pixels(content: bytes) -> int | None:
    """Width times height from the image's header, without decoding it; None
    when the header cannot be read."""
    try:
        with warnings.catch_warnings():
            # Pillow warns above its own limit; ours is lower and checked here.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return MAX_PIXELS + 1  # above Pillow's own refusal, twice its warning
    except Exception:  # Pillow raises many kinds of error on a damaged header
        return None
    return width * height
