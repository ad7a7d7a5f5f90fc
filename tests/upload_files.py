"""Files to upload in tests: PDFs that act when opened (made with pypdf),
and images whose header claims more pixels than the file holds."""

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject


def pdf(change=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if change is not None:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _javascript(script: str) -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                             NameObject("/JS"): TextStringObject(script)})


def names_javascript(writer: PdfWriter) -> None:
    scripts = ArrayObject([TextStringObject("igu"), _javascript("app.alert(1)")])
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): scripts})})


def open_action(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/OpenAction")] = _javascript("app.alert(1)")


def catalogue_aa(writer: PdfWriter) -> None:
    writer._root_object[NameObject("/AA")] = DictionaryObject(
        {NameObject("/WC"): _javascript("app.alert(1)")})


def page_aa(writer: PdfWriter) -> None:
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): _javascript("app.alert(1)")})


def link_runs_script(writer: PdfWriter) -> None:
    link = DictionaryObject({NameObject("/Type"): NameObject("/Annot"),
                             NameObject("/Subtype"): NameObject("/Link"),
                             NameObject("/A"): _javascript("app.alert(1)")})
    writer.add_annotation(0, link)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png_header(width: int, height: int) -> bytes:
    """A PNG of the given size: a true header and a few compressed rows of
    zeros (the probe's 30000 x 30000 PNG was 875 KB; the header is enough)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * (width + 1) * 4, 9)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat)
            + _chunk(b"IEND", b""))


def jpeg_of_size(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header (SOF0) is made to say width x height."""
    out = io.BytesIO()
    Image.new("L", (8, 8)).save(out, "JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)
