"""The sources panel beside the chat: the current answer's source cards and, above them, the
passage a click opened, with its supporting quote highlighted and any sentence addressed to the
assistant struck through (:mod:`civassist.web.flagged`). Everything shown is escaped."""

from __future__ import annotations

import re
from dataclasses import dataclass

from civassist.types import Answer, Passage
from civassist.web.flagged import passage_html
from civassist.web.headings import tail, without_heading
from civassist.web.render import clip, esc

# ``#cite-2-1`` or ``passage-0-3``; the page's script appends ``@<click count>`` so that a second
# click on the same link is a new value.
_REF = re.compile(r"^(cite|passage)-(\d+)-(\d+)(?:@\d+)?$")

PANEL_WELCOME = (
    '<div class="panel"><div class="panel-h">Sources</div><p class="panel-hint">Every sentence '
    "of an answer cites the passage it comes from. Click a number such as "
    '<span class="cite-chip static">1</span> in an answer to read that passage here, with the '
    "supporting quote highlighted.</p></div>"
)


@dataclass(frozen=True)
class Ref:
    """What a click selected: citation ``number`` or passage ``number`` of answer ``turn``."""

    kind: str  # "cite" | "passage"
    turn: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Ref | None:
        match = _REF.match(text.strip().lstrip("#"))
        return cls(match.group(1), int(match.group(2)), int(match.group(3))) if match else None

    @property
    def anchor(self) -> str:
        return f"#{self.kind}-{self.turn}-{self.number}"


def sources_panel(answer: Answer | None, turn: int, selected: Ref | None = None) -> str:
    """The current answer's sources, with the selected one opened above the list."""
    if answer is None:
        return PANEL_WELCOME
    parts = ['<div class="panel">']
    if selected is not None and selected.turn == turn:
        parts.append(passage_view(answer, selected))
    if answer.citations:
        parts.append(f'<div class="panel-h">Sources for answer {turn + 1}</div><ol class="cards">')
        for c in answer.citations:
            ref = Ref("cite", turn, c.id)
            current = " selected" if ref == selected else ""
            parts.append(
                f'<li><a class="card{current}" href="{ref.anchor}">'
                f'<span class="cite-chip static">{c.id}</span><span class="card-text">'
                f'<span class="card-title">{esc(c.title)}</span>'
                f'<span class="card-section">{esc(tail(c.section))}</span>'
                f'<span class="card-quote">“{esc(clip(c.quote, 160))}”</span></span></a></li>'
            )
        parts.append("</ol>")
    else:
        parts.append(
            '<div class="panel-h">No passage supported an answer</div><p class="panel-hint">'
            "The closest passages the search found are below; the assistant did not answer "
            'from them.</p><ol class="cards">'
        )
        for i, p in enumerate(answer.passages[:3]):
            ref = Ref("passage", turn, i)
            current = " selected" if ref == selected else ""
            parts.append(
                f'<li><a class="card{current}" href="{ref.anchor}"><span class="card-text">'
                f'<span class="card-title">{esc(p.title)}</span>'
                f'<span class="card-section">{esc(tail(p.section))}</span>'
                f'<span class="card-quote">{esc(clip(_body(p), 160))}</span></span></a></li>'
            )
        parts.append("</ol>")
    parts.append("</div>")
    return "".join(parts)


def passage_view(answer: Answer, ref: Ref) -> str:
    """One cited passage with its supporting quote in ``<mark>``, or one closest passage."""
    if ref.kind == "cite":
        c = next((c for c in answer.citations if c.id == ref.number), None)
        if c is None:
            return ""
        body = passage_html(without_heading(c.passage, c.section), c.quote)
        head = f'<div class="pv-kind">Source {c.id} of the answer</div>'
        return _passage_card(head, c.title, c.section, c.source, body)
    if 0 <= ref.number < len(answer.passages):
        p = answer.passages[ref.number]
        head = '<div class="pv-kind">Closest passage, not used in an answer</div>'
        return _passage_card(head, p.title, p.section, p.source, passage_html(_body(p)))
    return ""


def _passage_card(head: str, title: str, section: str, source: str, body: str) -> str:
    return (
        f'<section class="passage-view">{head}<div class="pv-title">{esc(title)}</div>'
        f'<div class="pv-section">{esc(section or "(opening)")}</div>'
        f'<div class="pv-text">{body}</div>'
        f'<div class="pv-foot">{esc(source)}</div></section>'
    )


def _body(passage: Passage) -> str:
    return without_heading(passage.text, passage.section)
