"""Structure-aware chunking: section, then paragraph, then sentence packing, by token budget.

Every chunk is a verbatim span of its document: ``document.text[chunk.start:chunk.end]``.
Chunks never cross a section boundary.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from civassist.corpus.sentences import sentence_spans
from civassist.types import Block, Chunk, Document

SECTION_SEPARATOR = " › "
# Bump when chunk boundaries change for the same settings: an index made by another version is
# re-chunked by the next ingest.
CHUNKER_VERSION = 2

Span = tuple[int, int]


def chunk_document(
    doc: Document, count_tokens: Callable[[str], int], max_tokens: int
) -> list[Chunk]:
    """Split ``doc`` into chunks of at most ``max_tokens`` tokens (one overlong word excepted)."""
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for section, paragraphs in _sections(doc):
        for start, end in _pack(doc.text, paragraphs, count_tokens, max_tokens):
            text = doc.text[start:end]
            base = _chunk_id(doc.source, text)
            seen[base] = seen.get(base, 0) + 1
            chunk_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
            chunks.append(
                Chunk(chunk_id, doc.source, doc.title, section, text, start, end, len(chunks))
            )
    return chunks


def _sections(doc: Document) -> list[tuple[str, list[Block]]]:
    """Group blocks under their heading path; the document's own title is left out.

    A group starts with its own heading block (so the first chunk of a section quotes its
    heading); a group with no paragraph makes no chunk.
    """
    title_block = _title_block(doc)
    stack: list[tuple[int, str]] = []
    groups: list[tuple[str, list[Block]]] = []
    current: list[Block] = []
    path = ""

    def close() -> None:
        if any(not b.is_heading for b in current):
            groups.append((path, list(current)))
        current.clear()

    for block in doc.blocks:
        if block.is_heading:
            close()
            if block is title_block:
                continue
            name = block.label or " ".join(doc.text[block.start : block.end].split())
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, name))
            path = SECTION_SEPARATOR.join(n for _, n in stack)
            if block.label is None:
                current.append(block)
        else:
            current.append(block)
    close()
    return groups


def _title_block(doc: Document) -> Block | None:
    """The single top-level heading that repeats the document title, if any."""
    top = [b for b in doc.blocks if b.is_heading and b.level == 1 and b.label is None]
    if len(top) == 1:
        text = " ".join(doc.text[top[0].start : top[0].end].split())
        if text == " ".join(doc.title.split()) or top[0] is doc.blocks[0]:
            return top[0]
    return None


def _pack(
    text: str, paragraphs: list[Block], count_tokens: Callable[[str], int], max_tokens: int
) -> list[Span]:
    units: list[tuple[Span, int]] = []
    for para in paragraphs:
        units.extend(_units(text, (para.start, para.end), count_tokens, max_tokens))
    if paragraphs[0].is_heading and len(units) > 1 and units[0][1] + units[1][1] + 1 > max_tokens:
        units = units[1:]  # a heading is never a chunk on its own
    packed: list[Span] = []
    group_start = group_end = -1
    group_tokens = 0
    for (start, end), tokens in units:
        if group_start >= 0 and group_tokens + tokens + 1 <= max_tokens:
            group_end, group_tokens = end, group_tokens + tokens + 1
            continue
        if group_start >= 0:
            packed.append((group_start, group_end))
        group_start, group_end, group_tokens = start, end, tokens
    if group_start >= 0:
        packed.append((group_start, group_end))
    return packed


def _units(
    text: str, span: Span, count_tokens: Callable[[str], int], max_tokens: int
) -> list[tuple[Span, int]]:
    """A paragraph as one unit if it fits, else its sentences, else word windows."""
    tokens = count_tokens(text[span[0] : span[1]])
    if tokens <= max_tokens:
        return [(span, tokens)]
    units: list[tuple[Span, int]] = []
    for s_start, s_end in sentence_spans(text, *span):
        s_tokens = count_tokens(text[s_start:s_end])
        if s_tokens <= max_tokens:
            units.append(((s_start, s_end), s_tokens))
        else:
            units.extend(_windows(text, (s_start, s_end), count_tokens, max_tokens))
    return units


def _windows(
    text: str, span: Span, count_tokens: Callable[[str], int], max_tokens: int
) -> list[tuple[Span, int]]:
    """Split an overlong sentence at whitespace into pieces within the budget."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[span[0] : span[1]])]
    out: list[tuple[Span, int]] = []
    piece_start = -1
    piece_end = 0
    for w_start, w_end in words:
        a, b = span[0] + w_start, span[0] + w_end
        if piece_start < 0:
            piece_start, piece_end = a, b
            continue
        if count_tokens(text[piece_start:b]) > max_tokens:
            out.append(((piece_start, piece_end), count_tokens(text[piece_start:piece_end])))
            piece_start = a
        piece_end = b
    if piece_start >= 0:
        out.append(((piece_start, piece_end), count_tokens(text[piece_start:piece_end])))
    return out


def _chunk_id(source: str, text: str) -> str:
    digest = hashlib.sha256(f"{source}\n{text}".encode()).hexdigest()[:12]
    return f"{source}#{digest}"
