"""Passage text for the page, with the sentences that address the assistant marked.

The guard (:mod:`civassist.guard`) never quotes a sentence that speaks to the assistant or
dictates its answer; the views that show passages (the sources panel, the Sources tab) still show
it, struck through with a note, so a reader sees what was set aside and why. All text is escaped.
"""

from __future__ import annotations

from civassist.corpus.sentences import sentence_spans
from civassist.guard import addresses_assistant
from civassist.web.render import esc

FLAG_NOTE = "not used: addressed to the assistant"


def flagged_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` the guard flags; each line of a sentence is
    checked on its own, as at ingest, so an order in one table row marks that row."""
    spans = []
    for start, end in sentence_spans(text):
        cursor = start
        for line in text[start:end].split("\n"):
            if line.strip() and addresses_assistant(line):
                lead = len(line) - len(line.lstrip())
                spans.append((cursor + lead, cursor + len(line.rstrip())))
            cursor += len(line) + 1
    return spans


def passage_html(text: str, quote: str = "") -> str:
    """``text`` escaped: the first occurrence of ``quote`` in ``<mark>``, each flagged sentence
    struck through with the note :data:`FLAG_NOTE`."""
    at = text.find(quote) if quote else -1
    marks = [(at, at + len(quote), True)] if at >= 0 else []
    stop = at + len(quote)
    marks += [(a, b, False) for a, b in flagged_spans(text) if at < 0 or b <= at or a >= stop]
    parts, cursor = [], 0
    for start, end, is_quote in sorted(marks):
        if start < cursor:
            continue
        piece = esc(text[start:end])
        parts.append(esc(text[cursor:start]))
        parts.append(f"<mark>{piece}</mark>" if is_quote else _struck(piece))
        cursor = end
    parts.append(esc(text[cursor:]))
    return "".join(parts)


def _struck(piece: str) -> str:
    return (
        f'<span class="flagged" title="{FLAG_NOTE}"><s>{piece}</s> '
        f'<em class="flag-note">{FLAG_NOTE}</em></span>'
    )
