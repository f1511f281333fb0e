"""Load the packed formats (DOCX, PDF) within bounds, so a hostile file costs seconds, not memory.

A DOCX is a zip: its directory is checked before any member is inflated. A PDF is read page by
page with a running budget of pages, characters and seconds. Each refusal is a KnowledgeError
whose reason names the limit, so the ingest reports that one file and goes on with the others.

A title left empty here is filled in by ``loaders.load_document`` (first heading, then file name).
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from typing import Any

from civassist.errors import KnowledgeError
from civassist.types import Block, Document

# DOCX limits, after Apache POI's ZipSecureFile (the guard every Java Office reader uses: at most
# 1,000 entries, inflation at most 100x). A real document has 15-40 members plus one per image or
# embedded object, so 2,000 leaves room for a photo-heavy report. Word's XML parts compress 5-35x
# (styles.xml ~30x); deflate peaks near 1,030x, which only crafted data reaches. Small members are
# spared the ratio test: a 300 KB styles part at 40x is harmless. The total bounds what
# python-docx may hold in memory: a 50 MB (MAX_BINARY_BYTES) file of images is ~50 MB inflated,
# and 200 MB leaves room for large text parts.
MAX_DOCX_MEMBERS = 2_000
MAX_DOCX_RATIO = 100
DOCX_RATIO_GRACE_BYTES = 1_000_000
MAX_DOCX_UNCOMPRESSED_BYTES = 200_000_000

# PDF limits. Long reports and books run to a few hundred pages; 2,000 refuses only the absurd
# (a one-line PDF can declare 100,000 blank pages). pypdf reads ~10-50 pages a second here, so a
# real 2,000-page text takes well under the 120 s budget, which is checked at every operator.
# pypdf bounds the rest itself: 75 MB per inflated stream, 2 M tokens per content stream.
MAX_PDF_PAGES = 2_000
MAX_PDF_SECONDS = 120.0

_EOCD = b"PK\x05\x06"  # the zip's end-of-central-directory record: counts before any parsing
_EOCD_SIZE = 22


def load_docx(raw: bytes, source: str, max_chars: int) -> Document:
    """A DOCX's paragraphs as blocks, headings by style; refused if its zip is out of bounds."""
    import docx

    check_docx_package(raw, source)
    try:
        # python-docx parses with resolve_entities=False (no entity bombs), and the zip module
        # inflates a member only up to its declared size (more fails its CRC): both bounded above.
        word = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise KnowledgeError(source, f"is not a readable DOCX file ({exc})") from exc
    parts: list[str] = []
    blocks: list[Block] = []
    title = ""
    length = 0
    for para in word.paragraphs:
        text = " ".join(para.text.split())
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        level = 0
        if style == "Title":
            level, title = 1, title or text
        elif style.startswith("Heading"):
            digits = style.removeprefix("Heading").strip()
            level = int(digits) if digits.isdigit() else 1
        if parts:
            parts.append("\n\n")
            length += 2
        blocks.append(Block(length, length + len(text), level))
        parts.append(text)
        length += len(text)
        if length > max_chars:
            raise _text_over(source, max_chars, "")
    title = (word.core_properties.title or "").strip() or title
    return Document(source, title, "".join(parts), tuple(blocks), "", "docx", {})


def check_docx_package(raw: bytes, source: str) -> None:
    """Refuse a zip with too many members, or members that inflate too far (a zip bomb)."""
    members = _declared_members(raw)
    if members is not None and members > MAX_DOCX_MEMBERS:
        raise _too_many(source, members)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise KnowledgeError(source, f"is not a readable DOCX file ({exc})") from exc
    if len(infos) > MAX_DOCX_MEMBERS:
        raise _too_many(source, len(infos))
    total = 0
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > DOCX_RATIO_GRACE_BYTES and ratio > MAX_DOCX_RATIO:
            raise KnowledgeError(
                source,
                f"DOCX member {info.filename[:80]!r} inflates {ratio:,.0f}x "
                f"({info.file_size / 1e6:,.1f} MB), over the limit of {MAX_DOCX_RATIO}x "
                "(a zip bomb?)",
            )
        total += info.file_size
    if total > MAX_DOCX_UNCOMPRESSED_BYTES:
        raise KnowledgeError(
            source,
            f"DOCX declares {total / 1e6:,.1f} MB uncompressed, over the limit of "
            f"{MAX_DOCX_UNCOMPRESSED_BYTES / 1e6:,.0f} MB (a zip bomb?)",
        )


def _declared_members(raw: bytes) -> int | None:
    """The member count the end record declares, read before the zip module builds its list."""
    tail = raw[-(_EOCD_SIZE + 0xFFFF) :]
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        return None  # not a zip: the zip module says so, in its words
    return int.from_bytes(tail[at + 10 : at + 12], "little")  # 0xFFFF: a Zip64 count, refused


def _too_many(source: str, members: int) -> KnowledgeError:
    return KnowledgeError(
        source, f"DOCX has {members:,} members, over the limit of {MAX_DOCX_MEMBERS:,}"
    )


class _Budget(Exception):
    """Raised from pypdf's visitor callbacks to stop an extraction mid-page."""


def load_pdf(raw: bytes, source: str, max_chars: int, seconds: float = MAX_PDF_SECONDS) -> Document:
    """A PDF's text, a "Page N" heading per page; within the page, text and time budgets."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError, PyPdfError

    deadline = time.monotonic() + seconds
    extracted = 0

    def on_operator(*_: Any) -> None:
        if time.monotonic() > deadline:
            raise _Budget(f"text extraction took over {seconds:g} s; the PDF is too complex")

    def on_text(text: str, *_: Any) -> None:
        nonlocal extracted
        extracted += len(text)
        if extracted > max_chars:
            raise _Budget("")

    pages: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise KnowledgeError(source, "is an encrypted PDF; save an unencrypted copy")
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise KnowledgeError(
                source, f"PDF has {count:,} pages, over the limit of {MAX_PDF_PAGES:,}"
            )
        for page in reader.pages:
            on_operator()
            text = page.extract_text(visitor_operand_before=on_operator, visitor_text=on_text)
            pages.append(text or "")
        title = reader.metadata.title if reader.metadata else None
    except _Budget as exc:
        if str(exc):
            raise KnowledgeError(source, f"{exc} (stopped at page {len(pages) + 1})") from exc
        raise _text_over(source, max_chars, f" by page {len(pages) + 1}") from exc
    except LimitReachedError as exc:
        raise KnowledgeError(source, f"PDF is over a safety limit of its reader ({exc})") from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise KnowledgeError(source, f"is not a readable PDF ({exc})") from exc
    return _pdf_document(source, pages, str(title or ""))


def _pdf_document(source: str, pages: list[str], title: str) -> Document:
    parts: list[str] = []
    blocks: list[Block] = []
    length = 0
    for number, page in enumerate(pages, start=1):
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", page)]
        paragraphs = [p for p in paragraphs if p]
        if not paragraphs:
            continue
        blocks.append(Block(length, length, 1, label=f"Page {number}"))
        for para in paragraphs:
            if parts:
                parts.append("\n\n")
                length += 2
            blocks.append(Block(length, length + len(para)))
            parts.append(para)
            length += len(para)
    if not parts:
        raise KnowledgeError(
            source, "PDF has no text layer (a scanned image?); run OCR on it first"
        )
    return Document(source, title, "".join(parts), tuple(blocks), "", "pdf", {})


def _text_over(source: str, max_chars: int, where: str) -> KnowledgeError:
    return KnowledgeError(
        source,
        f"extracted text is over the limit of {max_chars:,} characters{where} "
        "(raise CIVASSIST_MAX_FILE_CHARS to index it)",
    )
