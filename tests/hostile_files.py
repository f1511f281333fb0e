"""Hostile DOCX and PDF files, built in real formats (python-docx, zipfile, pypdf, reportlab)."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib


def real_docx(*paragraphs: str) -> bytes:
    import docx

    word = docx.Document()
    word.add_heading("Hostile Packages", level=1)
    for text in paragraphs or ("The zebu memo is a real paragraph.",):
        word.add_paragraph(text)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def docx_with(members: dict[str, bytes], *, base: bytes | None = None) -> bytes:
    """A real DOCX with extra members added, deflated (as Word does)."""
    buffer = io.BytesIO(base or real_docx())
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_zip_bomb(megabytes: int = 40) -> bytes:
    """A real DOCX carrying a member of zeros that inflates ~1,000x."""
    return docx_with({"word/media/image1.png": bytes(megabytes * 1_000_000)})


def docx_many_members(count: int) -> bytes:
    return docx_with({f"customXml/extra{n}.xml": b"<a/>" for n in range(count)})


def docx_declaring(member: str, size: int) -> bytes:
    """A real DOCX whose central directory declares ``size`` bytes for ``member`` (a lie)."""
    buffer = bytearray(real_docx())
    at = 0
    while (at := buffer.find(b"PK\x01\x02", at)) >= 0:
        name_length = struct.unpack_from("<H", buffer, at + 28)[0]
        if bytes(buffer[at + 46 : at + 46 + name_length]) == member.encode():
            struct.pack_into("<I", buffer, at + 24, size)
        at += 4
    return bytes(buffer)


def pdf_blank_pages(count: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_text_pages(pages: int, lines_per_page: int = 40) -> bytes:
    """A real PDF of ``pages`` pages of ordinary text lines (reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for page in range(pages):
        for line in range(lines_per_page):
            pdf.drawString(40, 800 - 19 * line, f"Page {page + 1} line {line + 1}: the zebu memo.")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pdf_flate_bomb(operators: int = 2_000_000) -> bytes:
    """A one-page PDF whose content stream is ~200 KB deflated and ~88 MB inflated."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, EncodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    fonts = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    stream = EncodedStreamObject()
    stream._data = zlib.compress(b"BT /F1 12 Tf 72 700 Td (zebu memo) Tj ET\n" * operators, 6)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def random_bytes(size: int) -> bytes:
    return os.urandom(size)
