"""The "Sources" tab: every indexed document, section by section, passage by passage, with the
front matter's date and sources. Knowledge-file text is escaped, so its markup shows as text;
sentences addressed to the assistant are struck through with a note."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from civassist.types import Chunk
from civassist.web.flagged import passage_html
from civassist.web.headings import short_path, without_heading
from civassist.web.render import esc
from civassist.web.roles import KnowledgeRoles

ALL_SECTIONS = "*"


def document_choices(chunks: Sequence[Chunk], roles: KnowledgeRoles) -> list[tuple[str, str]]:
    """(label, source) of each indexed document, the paper before the cases."""
    seen: dict[str, str] = {}
    for chunk in chunks:
        seen.setdefault(chunk.source, chunk.title)
    order = sorted(seen, key=lambda s: (roles.is_case(s), s))
    return [(f"{seen[s]} ({s})", s) for s in order]


def section_choices(chunks: Sequence[Chunk], source: str) -> list[tuple[str, str]]:
    out = [("All sections", ALL_SECTIONS)]
    for section in dict.fromkeys(c.section for c in _ordered(chunks, source)):
        out.append((short_path(section) or "(opening)", section))
    return out


def library_view(
    chunks: Sequence[Chunk], source: str, section: str, meta: dict[str, Any] | None = None
) -> str:
    """The passages of ``section`` of ``source`` (all sections for ``ALL_SECTIONS``)."""
    pieces = _ordered(chunks, source)
    if not pieces:
        return '<div class="library"><p class="panel-hint">Choose a document.</p></div>'
    parts = [
        f'<div class="library"><h2 class="lib-title">{esc(pieces[0].title)}</h2>'
        f'<div class="lib-source">{esc(source)} · {len(pieces)} passages</div>'
    ]
    meta = meta or {}
    if meta.get("as_of"):
        parts.append(f'<div class="lib-meta">Facts as of {esc(meta["as_of"])}</div>')
    shown = [c for c in pieces if section in (ALL_SECTIONS, c.section)]
    current = None
    for chunk in shown:
        if chunk.section != current:
            current = chunk.section
            parts.append(f'<h3 class="lib-section">{esc(current or "(opening)")}</h3>')
        parts.append(
            f'<article class="lib-passage"><div class="lib-n">Passage {chunk.ordinal + 1}</div>'
            f'<div class="pv-text">{passage_html(without_heading(chunk.text, chunk.section))}</div>'
            "</article>"
        )
    sources = meta.get("sources")
    if isinstance(sources, list) and sources and section == ALL_SECTIONS:
        items = "".join(f"<li>{esc(s)}</li>" for s in sources)
        parts.append(f'<h3 class="lib-section">Where these facts come from</h3><ul>{items}</ul>')
    parts.append("</div>")
    return "".join(parts)


def _ordered(chunks: Sequence[Chunk], source: str) -> list[Chunk]:
    return sorted((c for c in chunks if c.source == source), key=lambda c: c.ordinal)
