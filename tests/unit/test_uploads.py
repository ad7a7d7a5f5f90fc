"""Uploaded documents: judged by their first bytes, limited in size, hashed."""

import hashlib
import io

import pytest

from igu_admin.inputs.uploads import (
    JPEG,
    PDF,
    PNG,
    UploadRefused,
    read_upload,
    safe_filename,
    sniff,
)


@pytest.mark.parametrize(("head", "kind"), [
    (b"%PDF-1.7\n", PDF), (b"\x89PNG\r\n\x1a\n\x00", PNG), (b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
    (b"GIF89a", None), (b"PK\x03\x04", None), (b"<html>", None), (b"%PDF", None), (b"", None),
])
def test_the_type_comes_from_the_content(head: bytes, kind: str | None) -> None:
    assert sniff(head) == kind


def test_a_file_is_read_once_with_its_size_and_hash() -> None:
    content = b"%PDF-1.4 " + bytes(range(256))
    upload = read_upload(io.BytesIO(content), "Bevis for forløb.pdf")
    assert (upload.media_type, upload.size) == (PDF, len(content))
    assert upload.sha256 == hashlib.sha256(content).hexdigest()
    assert upload.filename == "Bevis for forløb.pdf" and upload.content == content


@pytest.mark.parametrize(("content", "code"), [
    (b"", "empty"), (b"MZ\x90\x00binary", "type"), (b"%PDF-" + b"x" * 100, "too_large"),
])
def test_refusals(content: bytes, code: str) -> None:
    with pytest.raises(UploadRefused) as refused:
        read_upload(io.BytesIO(content), "x.pdf", max_bytes=50)
    assert refused.value.code == code


def test_exactly_the_limit_is_taken() -> None:
    content = b"%PDF-" + b"x" * 45
    assert read_upload(io.BytesIO(content), "x.pdf", max_bytes=50).size == 50


def test_only_the_allowed_types() -> None:
    with pytest.raises(UploadRefused):
        read_upload(io.BytesIO(b"\x89PNG\r\n\x1a\nxx"), "scan.png", allowed={PDF})


@pytest.mark.parametrize(("name", "kind", "safe"), [
    ("../../etc/passwd.pdf", PDF, "passwd.pdf"),
    ("C:\\Users\\bente\\scan.PDF", PDF, "scan.pdf"),
    ("foto.pdf", JPEG, "foto.jpg"),
    ('a<b>:"c|?.png', PNG, "a_b_c.png"),
    ("", PDF, "dokument.pdf"),
    ("\x00\x1f.pdf", PDF, "dokument.pdf"),
    ("x" * 300 + ".pdf", PDF, "x" * 196 + ".pdf"),
])
def test_file_names_are_made_safe_and_end_in_the_real_type(name: str, kind: str,
                                                           safe: str) -> None:
    assert safe_filename(name, kind) == safe
