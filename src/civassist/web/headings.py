"""Section paths as the page shows them: ``II. The Evolution… › 2. Major Challenges``."""

from __future__ import annotations

import re

from civassist.corpus.chunking import SECTION_SEPARATOR

_NUMBERING = re.compile(r"^(?:[IVXLC]+|\d+)\.\s+")


def tail(section: str) -> str:
    """The last heading of a section path."""
    return section.split(SECTION_SEPARATOR)[-1]


def plain(heading: str) -> str:
    """A heading without its numbering ("III. ", "2. ")."""
    return _NUMBERING.sub("", heading).strip()


def short_path(section: str) -> str:
    """``II. The Evolution… › 2. Major Challenges`` as ``II › 2. Major Challenges``."""
    parts = section.split(SECTION_SEPARATOR)
    heads = [p.split(".")[0] if _NUMBERING.match(p) else p for p in parts[:-1]]
    return SECTION_SEPARATOR.join([*heads, parts[-1]]) if section else ""


def without_heading(text: str, section: str) -> str:
    """A passage's text without the heading line a section's first chunk starts with."""
    first, _, rest = text.partition("\n")
    return rest.lstrip("\n") if rest and first.strip() == tail(section) else text
