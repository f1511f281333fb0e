"""civassist: grounded, citation-checked answers over the GCI / South-South cooperation paper.

Importing this package is cheap: models, Chroma and Gradio load only when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "Assistant",
    "CivassistError",
    "Passage",
    "Settings",
]

__version__ = "0.1.0"

if TYPE_CHECKING:
    from civassist.assistant import Assistant
    from civassist.errors import CivassistError
    from civassist.settings import Settings
    from civassist.types import Passage

_LOCATIONS = {
    "Assistant": "civassist.assistant",
    "CivassistError": "civassist.errors",
    "Passage": "civassist.types",
    "Settings": "civassist.settings",
}


def __getattr__(name: str) -> Any:
    if name in _LOCATIONS:
        import importlib

        return getattr(importlib.import_module(_LOCATIONS[name]), name)
    raise AttributeError(f"module 'civassist' has no attribute {name!r}")
