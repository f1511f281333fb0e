"""The one-method seam every generator implements, and the factory that picks one by name."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from civassist.citing import DraftSentence
from civassist.types import Passage


@dataclass(frozen=True)
class Draft:
    """What a generator proposes; citing decides what survives."""

    sentences: list[DraftSentence]
    raw: str = ""


class Generator(Protocol):
    """Writes a draft answer to ``question`` from ``passages`` only."""

    name: str

    def generate(self, question: str, passages: list[Passage]) -> Draft: ...


class StreamingGenerator(Generator, Protocol):
    """A generator that can also yield its raw text as it is produced."""

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str]: ...
