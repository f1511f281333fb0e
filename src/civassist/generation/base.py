"""The one-method seam every generator implements, and the factory that picks one by name."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from civassist.citing import DraftSentence
from civassist.types import Passage


@dataclass(frozen=True)
class Draft:
    """What a generator proposes; citing decides what survives."""

    sentences: list[DraftSentence]
    raw: str = ""


@runtime_checkable
class Generator(Protocol):
    """Writes a draft answer to ``question`` from ``passages`` only."""

    name: str

    def generate(self, question: str, passages: list[Passage]) -> Draft: ...


@runtime_checkable
class StreamingGenerator(Generator, Protocol):
    """A generator that can also yield its raw text as it is produced, then parse it."""

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str]: ...

    def parse(self, text: str) -> Draft: ...
