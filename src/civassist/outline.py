"""Section outlines: "What are the pathways the paper proposes?" is answered by the headings of
the section whose subsections are the pathways, read whole rather than from the top-k alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from civassist.citing import containment
from civassist.corpus.chunking import SECTION_SEPARATOR
from civassist.index.lexical import tokenize
from civassist.types import Chunk, Passage

_LIST_LIKE = re.compile(
    r"^\s*(?:(?:and|so)\s+)?(?:what|which)\s+(?:are|were|\w+s\s+(?:does|do|did|are|were))\b"
    r"|^\s*(?:list|name|enumerate|outline)\b|\bwhat\s+(?:steps|ways|pathways|measures)\b"
    r"|\bwhat\s+(?:does|do|did)\s+(?:the\s+)?(?:paper|author|authors|text|document)\s+"
    r"(?:recommend|suggest|propose)\b",
    re.IGNORECASE,
)
MIN_CHILDREN = 3
MIN_MATCH = 0.55

Similarity = Callable[[str, list[str]], NDArray[np.float32]]
Piece = Chunk | Passage


@dataclass(frozen=True)
class Outline:
    """A section and the first chunk of each of its subsections, in document order."""

    source: str
    parent: str
    children: list[Piece]
    score: float


def is_list_question(question: str) -> bool:
    return bool(_LIST_LIKE.search(question))


def parent_of(section: str) -> str | None:
    parts = section.split(SECTION_SEPARATOR)
    return SECTION_SEPARATOR.join(parts[:-1]) if len(parts) > 1 else None


def heading_of(piece: Piece) -> str:
    """The subsection heading that a section's first chunk starts with."""
    return piece.section.split(SECTION_SEPARATOR)[-1]


def opens_section(piece: Piece) -> bool:
    return piece.text.startswith(heading_of(piece))


def _children(chunks: Sequence[Piece], source: str, parent: str) -> list[Piece]:
    firsts: dict[str, Piece] = {}
    for chunk in chunks:
        if chunk.source == source and parent_of(chunk.section) == parent:
            firsts.setdefault(chunk.section, chunk)
    return sorted((c for c in firsts.values() if opens_section(c)), key=lambda c: c.start)


def topic_share(
    question: str, title: str, ignored: frozenset[str], weight: Callable[[str], float]
) -> float:
    """Weighted share of the question's topic words (asking words ignored) found in ``title``.

    Words are weighted by ``weight`` (idf), so words every passage has ("South-South
    cooperation") count little and the word that names the section counts most.
    """
    words = {t for t in tokenize(question) if t not in ignored}
    total = sum(weight(t) for t in words)
    found = sum(weight(t) for t in words & set(tokenize(title)))
    return found / total if total else 0.0


def find_outline(
    question: str,
    chunks: Sequence[Piece],
    similarity: Similarity,
    ignored: frozenset[str] = frozenset(),
    weight: Callable[[str], float] = lambda term: 0.0,
) -> Outline | None:
    """The section of sections a list question asks for, scored by title match, if any.

    The title match is the better of the two-way word overlap and the idf-weighted share of
    the question's topic words in the title (``weight``; unused by default), so "What
    recommendations does the paper make?" finds "Future Outlook and Strategic
    Recommendations" although the title has words the question lacks.
    """
    if not is_list_question(question):
        return None
    groups = sorted({(c.source, p) for c in chunks if (p := parent_of(c.section)) is not None})
    groups = [g for g in groups if len(_children(chunks, *g)) >= MIN_CHILDREN]
    if not groups:
        return None
    titles = [parent.split(SECTION_SEPARATOR)[-1] for _, parent in groups]
    dense = similarity(question, titles)
    best: Outline | None = None
    for (source, parent), title, sim in zip(groups, titles, dense, strict=True):
        lexical = max(
            (containment(question, title) * containment(title, question)) ** 0.5,
            topic_share(question, title, ignored, weight),
        )
        score = 0.5 * lexical + 0.5 * float(sim)
        if score >= MIN_MATCH and (best is None or score > best.score):
            best = Outline(source, parent, _children(chunks, source, parent), score)
    if best is not None and _names_a_child(question, best, ignored, weight):
        return None
    return best


def _names_a_child(
    question: str, outline: Outline, ignored: frozenset[str], weight: Callable[[str], float]
) -> bool:
    """Whether the question names one subsection better than the section of sections.

    "What does the paper recommend for digital cooperation?" asks for one recommendation
    ("Invest in Technology and Digital Innovation Cooperation"), not for the list of them.
    """
    parent = topic_share(question, outline.parent.split(SECTION_SEPARATOR)[-1], ignored, weight)
    children = [topic_share(question, heading_of(c), ignored, weight) for c in outline.children]
    return max(children, default=0.0) > parent


def leading_outline(question: str, passages: Sequence[Passage]) -> list[Passage]:
    """The passages that open an outline answer: leading first chunks of 3+ sibling sections."""
    if not is_list_question(question) or not passages:
        return []
    parent = parent_of(passages[0].section)
    lead: list[Passage] = []
    for passage in passages:
        if parent is None or parent_of(passage.section) != parent or not opens_section(passage):
            break
        lead.append(passage)
    return lead if len(lead) >= MIN_CHILDREN else []
