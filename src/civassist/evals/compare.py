"""Run against run (placeholder)."""

from __future__ import annotations

from pathlib import Path


def write_compare(a: Path, b: Path, folder: Path) -> Path:
    return folder / "compare.html"
