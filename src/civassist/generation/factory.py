"""Build a generator from its name in the settings (the registry holds every generator)."""

from __future__ import annotations

from civassist.generation.registry import build as build_generator

__all__ = ["build_generator"]
