"""The small values that flow between stages: Document → Chunk → Passage."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph: ``document.text[start:end]`` is its verbatim text."""

    start: int
    end: int
    level: int = 0  # 0 = paragraph, 1..6 = heading level
    label: str | None = None  # a heading with no text of its own (e.g. "Page 3" of a PDF)

    @property
    def is_heading(self) -> bool:
        return self.level > 0


@dataclass(frozen=True)
class Document:
    """A loaded knowledge file: its text, title and the blocks that give it structure."""

    source: str  # path relative to the knowledge folder, with forward slashes
    title: str
    text: str
    blocks: tuple[Block, ...]
    content_hash: str
    format: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Chunk:
    """A retrievable piece of a document: ``document.text[start:end] == text``."""

    id: str
    source: str
    title: str
    section: str  # e.g. "II. The Evolution ... › 2. Major Challenges"
    text: str
    start: int
    end: int
    ordinal: int  # position of the chunk within its document

    def embedding_text(self) -> str:
        """What the retrievers see: the text with its title and section as context."""
        heading = f"{self.title} › {self.section}" if self.section else self.title
        return f"{heading}\n\n{self.text}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        return cls(**data)


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its rank and fused score, as shown to users and other stages."""

    rank: int
    id: str
    source: str
    title: str
    section: str
    text: str
    start: int
    end: int
    score: float

    @classmethod
    def from_chunk(cls, chunk: Chunk, rank: int, score: float) -> Passage:
        return cls(
            rank=rank,
            id=chunk.id,
            source=chunk.source,
            title=chunk.title,
            section=chunk.section,
            text=chunk.text,
            start=chunk.start,
            end=chunk.end,
            score=score,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Citation:
    """A numbered pointer from an answer sentence to the verbatim quote that supports it.

    ``start``/``end`` locate ``passage`` in the knowledge file, as in search results;
    ``quote`` is a verbatim substring of ``passage``.
    """

    id: int
    source: str
    title: str
    section: str
    passage: str
    quote: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AnswerSentence:
    """One sentence of an answer and the citation ids that support it."""

    text: str
    citations: tuple[int, ...]
    supported: bool = True
    reason: str = ""


@dataclass(frozen=True)
class Answer:
    """A checked answer: every kept sentence is supported by a cited, retrieved passage."""

    question: str
    standalone_question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    passages: list[Passage]
    generator: str
    notice: str | None
    timings_ms: dict[str, float]
    sentences: list[AnswerSentence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The ``civassist ask --json`` contract."""
        return {
            "question": self.question,
            "standalone_question": self.standalone_question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
            "passages": [p.to_dict() for p in self.passages],
            "generator": self.generator,
            "notice": self.notice,
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }


@dataclass(frozen=True)
class AnswerEvent:
    """One step of a streamed answer: a status line, the instant extractive answer shown
    while a model writes (``preview``: checked like any answer, but not the final one), a draft
    token, or the final answer."""

    kind: str  # "status" | "preview" | "token" | "final"
    text: str = ""
    answer: Answer | None = None
