"""The roles a section or line plays in a document, read from its headings and shape.

A "Sources" or "References" section lists where the facts came from: it is kept in the index
(it is searchable and shown), but it is never answer content.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from civassist.corpus.chunking import SECTION_SEPARATOR

_SOURCES = re.compile(r"^(?:sources|references|bibliography|further reading)$", re.IGNORECASE)
_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+|\d+)\.\s+")


def heading_text(section: str) -> str:
    """The last heading of a section path, without its numbering ("III. ", "2. ")."""
    return _NUMBERING.sub("", section.split(SECTION_SEPARATOR)[-1])


def is_sources(section: str) -> bool:
    """Whether a section path ends in a list of sources (never answer content)."""
    return bool(_SOURCES.match(heading_text(section)))


def is_paper(meta: Mapping[str, Any]) -> bool:
    """Whether a document's front matter says it is the paper (``kind: policy paper``)."""
    return "paper" in str(meta.get("kind", "")).lower()


def paper_source(documents: Mapping[str, Any], sizes: Mapping[str, int] | None = None) -> str:
    """The source of the paper: the document whose front matter says so, else the largest.

    ``documents`` maps sources to records with a ``meta`` mapping; ``sizes`` counts chunks.
    """
    papers = sorted(s for s, d in documents.items() if is_paper(getattr(d, "meta", {}) or {}))
    if papers:
        return papers[0]
    if sizes:
        return max(sorted(sizes), key=lambda s: sizes[s])
    return ""
