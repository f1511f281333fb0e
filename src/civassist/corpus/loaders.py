"""Load knowledge files (Markdown, text, PDF, HTML, DOCX) into documents with structure.

For Markdown and text, ``Document.text`` is the file's text exactly as ``Path.read_text`` gives
it, so offsets point into the file. For PDF, HTML and DOCX it is the extracted text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from civassist.corpus.binary_formats import load_docx, load_pdf
from civassist.corpus.front_matter import MAX_FRONT_MATTER_CHARS, front_matter
from civassist.corpus.reading import MAX_BINARY_BYTES, read_regular_file
from civassist.errors import KnowledgeError
from civassist.types import Block, Document

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".pdf", ".html", ".htm", ".docx")
__all__ = [
    "MAX_BINARY_BYTES",
    "MAX_FRONT_MATTER_CHARS",
    "SUPPORTED_SUFFIXES",
    "load_document",
    "read_regular_file",
]

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TXT_HEADING = re.compile(r"^(?:(?P<roman>[IVXLC]+)\.|(?P<num>\d+)\.)\s+\S")


def load_document(path: Path, source: str, max_chars: int) -> Document:
    """Load one knowledge file; raise KnowledgeError with a reason the user can act on."""
    suffix = path.suffix.lower()
    packed = _PACKED_LOADERS.get(suffix)
    if suffix not in _LOADERS and packed is None:
        raise KnowledgeError(source, f"unsupported file type {suffix or '(none)'}")
    raw = read_regular_file(path, source, max_chars if packed is None else MAX_BINARY_BYTES)
    if not raw.strip():
        raise KnowledgeError(source, "file is empty; nothing to index")
    digest = hashlib.sha256(raw).hexdigest()
    doc = packed(raw, source, max_chars) if packed else _LOADERS[suffix](raw, source)
    if len(doc.text) > max_chars:
        raise KnowledgeError(
            source,
            f"extracted text has {len(doc.text):,} characters, over the limit of {max_chars:,} "
            "(raise CIVASSIST_MAX_FILE_CHARS to index it)",
        )
    if not any(not b.is_heading and doc.text[b.start : b.end].strip() for b in doc.blocks):
        raise KnowledgeError(source, "contains no text to index")
    return Document(
        source=doc.source,
        title=doc.title or _first_heading(doc.text, doc.blocks) or _stem_title(source),
        text=doc.text,
        blocks=doc.blocks,
        content_hash=digest,
        format=suffix.lstrip("."),
        meta=doc.meta,
    )


def _decode_text(raw: bytes, source: str, kind: str) -> str:
    if b"\x00" in raw:
        raise KnowledgeError(source, f"contains binary data (NUL bytes), not {kind} text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(
            source,
            f"is not valid UTF-8 (bad byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8",
        ) from exc
    # Match Path.read_text(): universal newlines.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _lines(text: str, offset: int = 0) -> list[tuple[int, str]]:
    out, pos = [], offset
    for line in text[offset:].split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _load_markdown(raw: bytes, source: str) -> Document:
    text = _decode_text(raw, source, "Markdown")
    meta, body_start = front_matter(text, source)
    blocks: list[Block] = []
    para_start: int | None = None
    para_end = 0
    in_fence = False

    def close() -> None:
        nonlocal para_start
        if para_start is not None:
            blocks.append(Block(para_start, para_end))
            para_start = None

    in_comment = False
    for pos, line in _lines(text, body_start):
        stripped = line.strip()
        # An HTML comment is invisible in the rendered page, so it is not indexed either
        # (a place to hide orders to the assistant). Only comments on lines of their own.
        if in_comment or (not in_fence and stripped.startswith("<!--")):
            close()
            rest = stripped if in_comment else stripped[4:]
            in_comment = "-->" not in rest
            continue
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading:
            close()
            start = pos + heading.start(2)
            blocks.append(Block(start, start + len(heading.group(2)), len(heading.group(1))))
        elif not stripped:
            if not in_fence:
                close()
        else:
            if para_start is not None and not in_fence and _LIST_ITEM.match(line):
                close()
            if para_start is None:
                para_start = pos + (len(line) - len(line.lstrip()))
            para_end = pos + len(line.rstrip())
    close()
    title = str(meta.get("title") or _first_heading(text, blocks) or _stem_title(source))
    return Document(source, title, text, tuple(blocks), "", "md", meta)


def _load_text(raw: bytes, source: str) -> Document:
    """Plain text: each non-blank line group is a paragraph; short numbered lines are headings."""
    text = _decode_text(raw, source, "plain")
    blocks: list[Block] = []
    for pos, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        start = pos + (len(line) - len(line.lstrip()))
        end = pos + len(line.rstrip())
        level = _text_heading_level(stripped)
        blocks.append(Block(start, end, level))
    title = _stem_title(source)
    if blocks and blocks[0].level == 0 and len(text[blocks[0].start : blocks[0].end]) < 120:
        first = text[blocks[0].start : blocks[0].end]
        if not first.endswith((".", ":", ";", ",")):
            title = first
    return Document(source, title, text, tuple(blocks), "", "txt", {})


def _text_heading_level(line: str) -> int:
    if len(line) > 120 or line.endswith((".", ":", ";", ",", "?", "!")):
        return 0
    if line in ("Introduction", "Conclusion", "Abstract", "References", "Summary"):
        return 1
    match = _TXT_HEADING.match(line)
    if match:
        return 1 if match.group("roman") else 2
    return 0


class _HtmlText(HTMLParser):
    _SKIP: frozenset[str] = frozenset(
        {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
    )
    _BLOCK: frozenset[str] = frozenset(
        {"p", "li", "div", "blockquote", "pre", "td", "th", "dd", "dt", "section", "article"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.blocks: list[Block] = []
        self.length = 0
        self.title = ""
        self._buffer: list[str] = []
        self._level = 0
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in self._SKIP:
            self._skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self._level = int(tag[1])
        elif tag in self._BLOCK or tag == "br":
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif re.fullmatch(r"h[1-6]", tag) or tag in self._BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self._buffer.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        self._buffer = []
        if text:
            if self.parts:
                self.parts.append("\n\n")
                self.length += 2
            self.blocks.append(Block(self.length, self.length + len(text), self._level))
            self.parts.append(text)
            self.length += len(text)
        self._level = 0

    def close(self) -> None:
        super().close()
        self._flush()


def _load_html(raw: bytes, source: str) -> Document:
    parser = _HtmlText()
    parser.feed(_decode_text(raw, source, "HTML"))
    parser.close()
    text = "".join(parser.parts)
    blocks = tuple(parser.blocks)
    title = " ".join(parser.title.split()) or _first_heading(text, blocks) or _stem_title(source)
    return Document(source, title, text, blocks, "", "html", {})


def _first_heading(text: str, blocks: tuple[Block, ...] | list[Block]) -> str:
    for block in blocks:
        if block.is_heading and block.label is None:
            return text[block.start : block.end].strip()
    return ""


def _stem_title(source: str) -> str:
    return Path(source).stem.replace("-", " ").replace("_", " ").strip().title()


_LOADERS: dict[str, Callable[[bytes, str], Document]] = {
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".txt": _load_text,
    ".html": _load_html,
    ".htm": _load_html,
}
# The packed formats get the character limit, to stop extracting as soon as it is passed.
_PACKED_LOADERS: dict[str, Callable[[bytes, str, int], Document]] = {
    ".docx": load_docx,
    ".pdf": load_pdf,
}
