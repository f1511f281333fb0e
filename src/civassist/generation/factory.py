"""Build a generator from its name in the settings (one small factory)."""

from __future__ import annotations

from civassist.errors import InputError
from civassist.generation.base import Generator
from civassist.settings import Settings
from civassist.similarity import SentenceSimilarity


def build_generator(name: str, settings: Settings, similarity: SentenceSimilarity) -> Generator:
    if name == "extractive":
        from civassist.generation.extractive import ExtractiveGenerator

        return ExtractiveGenerator(similarity)
    raise InputError(f"the {name!r} generator is not available in this build")
