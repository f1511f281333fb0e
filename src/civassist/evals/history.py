"""Trend over runs (placeholder)."""

from __future__ import annotations

from pathlib import Path


def write_history(runs: Path, folder: Path, last: int) -> Path:
    return folder / "history.html"
