"""Sentence spans in English prose, shared by chunking and citation checking."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before whitespace
# and an opening capital, digit, quote or bracket. Common abbreviations do not end a sentence.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]?\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_HARD_BREAK = re.compile(r"\n[ \t]*\n\s*|(?<=:)[ \t]*\n\s*|\n(?=[ \t]*(?:[-*+]|\d+[.)])\s)")
_ABBREVIATIONS = (
    "e.g.", "i.e.", "etc.", "vs.", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "St.", "No.",
    "U.S.", "U.K.", "U.N.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.",
    "Sept.", "Oct.", "Nov.", "Dec.", "approx.", "Inc.", "Ltd.", "Co.",
)  # fmt: skip


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in ``text[start:end]``, whitespace trimmed.

    Blank lines, a line that ends with a colon and a line that starts a list item always end a
    sentence, so a list's intro and each of its items are sentences of their own.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for a, b in _line_groups(text, start, end):
        spans.extend(_split_prose(text, a, b))
    return [s for s in spans if s[1] > s[0]]


def _line_groups(text: str, start: int, end: int) -> list[tuple[int, int]]:
    groups = []
    cursor = start
    for match in _HARD_BREAK.finditer(text, start, end):
        groups.append((cursor, match.start()))
        cursor = match.end()
    groups.append((cursor, end))
    return groups


def _split_prose(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        head = text[cursor : match.start()].rstrip("\"'”’)]")
        if (
            head.endswith(_ABBREVIATIONS)
            or re.search(r"\b[A-Z]\.$", head)
            or re.fullmatch(r"\s*(?:\d{1,2}|[IVX]{1,4})\.", head)  # "1. Heading", "IV. Heading"
        ):
            continue
        cut = match.start() + len(match.group(0).rstrip())
        spans.append(_trim(text, cursor, cut))
        cursor = match.end()
    if cursor < end:
        spans.append(_trim(text, cursor, end))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings."""
    return [text[a:b] for a, b in sentence_spans(text)]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
