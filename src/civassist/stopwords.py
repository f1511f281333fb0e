"""A general English stopword list, shipped with the package as ``data/stopwords.txt``."""

from __future__ import annotations

from importlib import resources


def _load() -> frozenset[str]:
    text = (resources.files("civassist") / "data" / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(
        word for line in text.splitlines() if (word := line.strip()) and not word.startswith("#")
    )


ENGLISH_STOP_WORDS = _load()
