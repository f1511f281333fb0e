"""The values a briefing is made of: sections of cited sentences, and the global citation list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from civassist.citing import render
from civassist.types import AnswerSentence, Citation

# The sections of every briefing, in reading order: key, heading.
SECTIONS = (
    ("bottom_line", "Bottom line"),
    ("key_points", "Key points"),
    ("cases", "Relevant cases"),
    ("recommendations", "Recommendations"),
    ("caveats", "Caveats and counterpoints"),
)
SOURCES_HEADING = "Sources"


@dataclass(frozen=True)
class BriefingBlock:
    """A paragraph or a bullet: cited sentences, an optional bold lead-in and sub-heading.

    ``heading`` groups consecutive blocks under a sub-heading (a case); ``label`` is a short
    lead-in taken from the sources' own headings or names ("AIIB", "The paper's view").
    """

    sentences: tuple[AnswerSentence, ...]
    label: str | None = None
    heading: str | None = None

    def text(self) -> str:
        """The sentences with their ``[n]`` markers."""
        return render(list(self.sentences))

    def to_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "label": self.label,
            "text": self.text(),
            "sentences": [{"text": s.text, "citations": list(s.citations)} for s in self.sentences],
        }


@dataclass(frozen=True)
class BriefingSection:
    """One section of a briefing; ``note`` says why a section has no sentences."""

    key: str
    heading: str
    blocks: tuple[BriefingBlock, ...]
    bulleted: bool = False
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "heading": self.heading,
            "bulleted": self.bulleted,
            "note": self.note,
            "blocks": [b.to_dict() for b in self.blocks],
        }


@dataclass(frozen=True)
class Briefing:
    """A structured briefing: every sentence cites a verbatim quote, numbered across the whole
    briefing by first appearance; or an abstention naming the nearest sections."""

    topic: str
    title: str
    date: str  # ISO date the briefing was written
    length: str  # "short" | "standard"
    sections: list[BriefingSection]
    citations: list[Citation]
    abstained: bool
    generator: str
    notice: str | None = None
    nearest: list[str] = field(default_factory=list)  # "source › section" when abstained
    timings_ms: dict[str, float] = field(default_factory=dict)

    def sentences(self) -> Iterator[AnswerSentence]:
        """Every sentence of the briefing, in reading order."""
        for section in self.sections:
            for block in section.blocks:
                yield from block.sentences

    def body(self) -> str:
        """All sentences with their ``[n]`` markers and no headings (what the eval scores)."""
        return render(list(self.sentences()))

    def quote_to_show(self, citation: Citation) -> str | None:
        """The citation's quote, or None when every sentence citing it is that very quote (an
        extractive sentence), so the Sources list need not print it twice."""
        citing = [s.text for s in self.sentences() if citation.id in s.citations]
        return None if citing and all(t == citation.quote for t in citing) else citation.quote

    def section(self, key: str) -> BriefingSection | None:
        return next((s for s in self.sections if s.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """The ``civassist brief --format json`` contract."""
        return {
            "topic": self.topic,
            "title": self.title,
            "date": self.date,
            "length": self.length,
            "abstained": self.abstained,
            "notice": self.notice,
            "nearest": list(self.nearest),
            "sections": [s.to_dict() for s in self.sections],
            "citations": [c.to_dict() for c in self.citations],
            "generator": self.generator,
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }


OPENING = "opening summary"  # what the Sources list calls a document's unheaded first paragraph


def where(citation: Citation) -> str:
    """``source › section`` of a citation, as the Sources list shows it."""
    return f"{citation.source} › {citation.section or OPENING}"


def split_marks(sentence: AnswerSentence) -> tuple[str, tuple[int, ...], str]:
    """A sentence as (text before its markers, citation ids, closing punctuation), the way
    :func:`civassist.citing.render` places ``[n]`` before a sentence's final stop."""
    text = sentence.text
    if text[-1:] in ".!?:;" and sentence.citations:
        return text[:-1], sentence.citations, text[-1]
    return text, sentence.citations, ""


def byline(briefing: Briefing) -> str:
    """The line under the title: date, topic, length and how to read the citations."""
    line = f"{briefing.date} · topic: “{briefing.topic}” · {briefing.length} briefing"
    if briefing.abstained:
        return line
    return (
        f"{line} · every sentence is quoted verbatim from the source its number points to "
        "in the Sources list"
    )
