"""Documents people upload (evidence, signed scans): size, type by content, hash.

A file's type is judged by its first bytes (its "magic number"), never by
its name or the type the browser claims: a PDF starts with "%PDF-", a PNG
with its 8-byte signature, a JPEG with FF D8 FF. Anything else is refused,
as is an empty file or one above the limit. The file is read once, at most
one byte past the limit, and kept with its SHA-256 so that a stored copy can
be checked and the same document recognised. What the content holds is
judged too (upload_content): no PDF that acts when opened, no image larger
than a scan.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import BinaryIO

from igu_admin.inputs.upload_content import content_refusal

MAX_BYTES = 10 * 1024 * 1024
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
# The signatures of the types igu-admin accepts, and the extension each is
# saved with.
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", PDF, ".pdf"),
    (b"\x89PNG\r\n\x1a\n", PNG, ".png"),
    (b"\xff\xd8\xff", JPEG, ".jpg"),
)
DOCUMENT_TYPES = frozenset({PDF, PNG, JPEG})
FILENAME_LENGTH = 200
# The signed scan's types: each with its first bytes and its file ending.
SIGNED_COPY_TYPES: dict[str, tuple[bytes, str]] = {
    "application/pdf": (b"%PDF-", "pdf"),
    "image/png": (b"\x89PNG\r\n\x1a\n", "png"),
    "image/jpeg": (b"\xff\xd8\xff", "jpg"),
}
_UNSAFE = re.compile(r'[\\/:*?"<>|]+')


class UploadRefused(ValueError):
    """The file cannot be taken: `code` is "empty", "too_large", "type",
    "active_content" (a PDF that acts when opened) or "too_many_pixels" (an
    image above upload_content.MAX_PIXELS)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Upload:
    """A checked file: its content, its type by content, size and SHA-256, and
    a file name safe to show and to offer for download."""

    filename: str
    media_type: str
    size: int
    sha256: str
    content: bytes


def sniff(head: bytes) -> str | None:
    """The media type the first bytes show, among SIGNATURES; None if none."""
    for signature, media_type, _extension in SIGNATURES:
        if head.startswith(signature):
            return media_type
    return None


def read_upload(stream: BinaryIO, filename: str, *, max_bytes: int = MAX_BYTES,
                allowed: Collection[str] = DOCUMENT_TYPES) -> Upload:
    """The file from `stream`, checked: UploadRefused when empty, larger than
    `max_bytes`, or of a type (by content) not in `allowed`."""
    content = stream.read(max_bytes + 1)
    if not content:
        raise UploadRefused("empty")
    if len(content) > max_bytes:
        raise UploadRefused("too_large")
    media_type = sniff(content[:16])
    if media_type is None or media_type not in allowed:
        raise UploadRefused("type")
    refusal = content_refusal(content, media_type)
    if refusal is not None:
        raise UploadRefused(refusal)
    return Upload(filename=safe_filename(filename, media_type), media_type=media_type,
                  size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                  content=content)


def safe_filename(name: str, media_type: str) -> str:
    """The name without folders, control or path characters, at most
    FILENAME_LENGTH characters, ending in the extension of its real type."""
    extension = next(ext for _sig, kind, ext in SIGNATURES if kind == media_type)
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = "".join(c for c in unicodedata.normalize("NFC", base)
                   if unicodedata.category(c)[0] != "C")
    stem = _UNSAFE.sub("_", base.rsplit(".", 1)[0] if "." in base else base).strip(" ._")
    stem = stem[:FILENAME_LENGTH - len(extension)] or "dokument"
    return stem + extension
