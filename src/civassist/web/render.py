"""What the chat page shows, as HTML and text: answers with citation chips, the sources panel,
the passage view, the knowledge browser, suggested questions and the text copied to the clipboard.

Every string that comes from a question, an answer or a knowledge file is escaped here
(``html.escape``); the only markup on the page is the markup written in this module.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from civassist.types import Answer, Chunk, Citation, Passage

Message = dict[str, str]

_MARKER = re.compile(r"\[(\d+)\]")
_REF = re.compile(r"^(cite|passage)-(\d+)-(\d+)$")
_NUMBERING = re.compile(r"^(?:[IVXLC]+|\d+)\.\s+")
_ACRONYM_IN_TITLE = re.compile(r"\(([A-Z]{2,8})\)")
_SKIPPED_SECTIONS = frozenset({"", "Sources", "Introduction", "Conclusion"})
_CASE_QUESTIONS = (
    ("found", "Who founded {name}?"),
    ("headquarter", "Where is {name} headquartered?"),
    ("funding", "Who funds {name}?"),
    ("membership", "Who are the members of {name}?"),
    ("announce", "When was {name} announced?"),
    ("leadership", "Who leads {name}?"),
    ("criticism", "How has {name} been criticised?"),
    ("qualif", "How does the {name} case qualify the paper?"),
    ("relates to the paper", "How does {name} relate to the paper?"),
)


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


# ---- chat messages -------------------------------------------------------------------------


def user_message(question: str) -> Message:
    return {"role": "user", "content": f'<div class="user-q">{esc(question)}</div>'}


def pending_message(status: str, draft: str = "") -> Message:
    """A status line while searching; the model's unchecked draft while it streams."""
    parts = [f'<div class="status-line"><span class="pulse"></span>{esc(status)}</div>']
    if draft:
        parts.append(
            '<div class="draft-label">Draft, not yet checked against the sources</div>'
            f'<div class="draft">{esc(draft)}</div>'
        )
    return {"role": "assistant", "content": f'<div class="msg msg-pending">{"".join(parts)}</div>'}


def error_message(text: str) -> Message:
    body = f'<div class="notice notice-error"><strong>Could not answer.</strong> {esc(text)}</div>'
    return {"role": "assistant", "content": f'<div class="msg msg-error">{body}</div>'}


def answer_message(answer: Answer, turn: int, words: int | None = None) -> Message:
    """The answer of ``turn``; with ``words``, only its first words (progressive reveal)."""
    state = "msg-final" if words is None else "msg-streaming"
    parts = []
    if answer.standalone_question != answer.question:
        parts.append(
            f'<div class="understood">Understood as: <em>{esc(answer.standalone_question)}</em>'
            "</div>"
        )
    if answer.abstained:
        state += " msg-abstained"
        parts.append(
            '<div class="notice notice-abstain"><strong>Not in the sources.</strong> '
            f"{esc(answer.notice or 'The sources do not cover this question.')}</div>"
        )
        links = [
            f'<li><a class="passage-link" href="#passage-{turn}-{i}">{esc(_place(p))}</a></li>'
            for i, p in enumerate(answer.passages[:3])
        ]
        if links:
            parts.append(f'<div class="closest">Closest passages:<ul>{"".join(links)}</ul></div>')
    else:
        if answer.notice:
            parts.append(
                f'<div class="notice notice-warn"><strong>Note.</strong> {esc(answer.notice)}</div>'
            )
        text = answer.answer if words is None else first_words(answer.answer, words)
        parts.append(f'<div class="answer-body">{answer_body(text, turn, answer.citations)}</div>')
        if words is None:
            count = len(answer.citations)
            seconds = answer.timings_ms.get("total", 0.0) / 1000
            parts.append(
                f'<div class="answer-meta">{count} source{"s" if count != 1 else ""} · '
                f"{esc(answer.generator)} · {seconds:.1f} s</div>"
            )
    return {"role": "assistant", "content": f'<div class="msg {state}">{"".join(parts)}</div>'}


def answer_body(text: str, turn: int, citations: Sequence[Citation]) -> str:
    """Paragraphs and "- " list items, escaped, with each ``[n]`` a link to citation n."""
    by_id = {c.id: c for c in citations}

    def chip(match: re.Match[str]) -> str:
        citation = by_id.get(int(match.group(1)))
        if citation is None:
            return match.group(0)
        return (
            f'<a class="cite-chip" href="#cite-{turn}-{citation.id}" '
            f'title="{esc(_place(citation))}">{citation.id}</a>'
        )

    out: list[str] = []
    items: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        rendered = _MARKER.sub(chip, esc(line[2:] if line.startswith("- ") else line))
        if line.startswith("- "):
            items.append(f"<li>{rendered}</li>")
            continue
        if items:
            out.append(f"<ul>{''.join(items)}</ul>")
            items = []
        out.append(f"<p>{rendered}</p>")
    if items:
        out.append(f"<ul>{''.join(items)}</ul>")
    return "".join(out)


def first_words(text: str, count: int) -> str:
    """The first ``count`` words of ``text``, keeping its line breaks."""
    out, seen = [], 0
    for piece in re.split(r"(\s+)", text):
        if piece and not piece.isspace() and piece != "-":  # a list bullet is not a word
            if seen == count:
                break
            seen += 1
        out.append(piece)
    return "".join(out).rstrip()


def reveal_steps(text: str, max_steps: int = 10, min_words: int = 3) -> list[int]:
    """Word counts for revealing ``text`` a few words per update, in at most ``max_steps``."""
    total = len(text.split())
    step = max(min_words, -(-total // max_steps))
    return list(range(step, total, step))


def copy_text(answer: Answer) -> str:
    """The answer as plain text with its numbered sources, for the clipboard."""
    lines = [answer.answer]
    if answer.notice and not answer.abstained:
        lines += ["", f"Note: {answer.notice}"]
    if answer.citations:
        lines += ["", "Sources:"]
        lines += [f"[{c.id}] {_place(c)}: “{c.quote}”" for c in answer.citations]
    return "\n".join(lines)


# ---- sources panel --------------------------------------------------------------------------


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


PANEL_WELCOME = (
    '<div class="panel"><div class="panel-h">Sources</div><p class="panel-hint">Every sentence '
    "of an answer cites the passage it comes from. Click a number such as "
    '<span class="cite-chip static">1</span> in an answer to read that passage here, with the '
    "supporting quote highlighted.</p></div>"
)


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
                f'<span class="card-section">{esc(_tail(c.section))}</span>'
                f'<span class="card-quote">“{esc(_clip(c.quote, 160))}”</span></span></a></li>'
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
                f'<span class="card-section">{esc(_tail(p.section))}</span>'
                f'<span class="card-quote">{esc(_clip(_body(p), 160))}</span></span></a></li>'
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
        body = highlight(_without_heading(c.passage, c.section), c.quote)
        head = f'<div class="pv-kind">Source {c.id} of the answer</div>'
        return _passage_card(head, c.title, c.section, c.source, body)
    if 0 <= ref.number < len(answer.passages):
        p = answer.passages[ref.number]
        head = '<div class="pv-kind">Closest passage, not used in an answer</div>'
        return _passage_card(head, p.title, p.section, p.source, esc(_body(p)))
    return ""


def _passage_card(head: str, title: str, section: str, source: str, body: str) -> str:
    return (
        f'<section class="passage-view">{head}<div class="pv-title">{esc(title)}</div>'
        f'<div class="pv-section">{esc(section or "(opening)")}</div>'
        f'<div class="pv-text">{body}</div>'
        f'<div class="pv-foot">{esc(source)}</div></section>'
    )


def highlight(text: str, quote: str) -> str:
    """``text`` escaped, with the first occurrence of ``quote`` wrapped in ``<mark>``."""
    at = text.find(quote) if quote else -1
    if at < 0:
        return esc(text)
    end = at + len(quote)
    return f"{esc(text[:at])}<mark>{esc(text[at:end])}</mark>{esc(text[end:])}"


# ---- knowledge browser ----------------------------------------------------------------------

ALL_SECTIONS = "*"


def document_choices(chunks: Sequence[Chunk]) -> list[tuple[str, str]]:
    """(title, source) of each indexed document, papers before cases."""
    seen: dict[str, str] = {}
    for chunk in chunks:
        seen.setdefault(chunk.source, chunk.title)
    order = sorted(seen, key=lambda s: (_is_case(s), s))
    return [(f"{seen[s]} ({s})", s) for s in order]


def section_choices(chunks: Sequence[Chunk], source: str) -> list[tuple[str, str]]:
    out = [("All sections", ALL_SECTIONS)]
    for section in dict.fromkeys(c.section for c in _ordered(chunks, source)):
        out.append((_short_path(section) or "(opening)", section))
    return out


def library_view(
    chunks: Sequence[Chunk], source: str, section: str, meta: dict[str, Any] | None = None
) -> str:
    """The passages of ``section`` of ``source`` (all sections for ``ALL_SECTIONS``)."""
    pieces = _ordered(chunks, source)
    if not pieces:
        return '<div class="library"><p class="panel-hint">Choose a document.</p></div>'
    parts = [
        f'<div class="library"><h2 class="lib-title">{esc(pieces[0].title)}</h2>'
        f'<div class="lib-source">{esc(source)} · {len(pieces)} passages</div>'
    ]
    meta = meta or {}
    if meta.get("as_of"):
        parts.append(f'<div class="lib-meta">Facts as of {esc(meta["as_of"])}</div>')
    shown = [c for c in pieces if section in (ALL_SECTIONS, c.section)]
    current = None
    for chunk in shown:
        if chunk.section != current:
            current = chunk.section
            parts.append(f'<h3 class="lib-section">{esc(current or "(opening)")}</h3>')
        parts.append(
            f'<article class="lib-passage"><div class="lib-n">Passage {chunk.ordinal + 1}</div>'
            f'<div class="pv-text">{esc(_without_heading(chunk.text, chunk.section))}</div>'
            "</article>"
        )
    sources = meta.get("sources")
    if isinstance(sources, list) and sources and section == ALL_SECTIONS:
        items = "".join(f"<li>{esc(s)}</li>" for s in sources)
        parts.append(f'<h3 class="lib-section">Where these facts come from</h3><ul>{items}</ul>')
    parts.append("</div>")
    return "".join(parts)


# ---- suggested questions --------------------------------------------------------------------


def starter_questions(chunks: Sequence[Chunk], papers: int = 3, cases: int = 3) -> list[str]:
    """Questions to start with: sections spread over the paper, then one per case file."""
    paper_sections = [
        (c.source, c.title, c.section)
        for c in _section_openers(chunks)
        if not _is_case(c.source) and _tail(c.section) not in _SKIPPED_SECTIONS
    ]
    picked = _spread(paper_sections, papers)
    case_picks: dict[str, str] = {}
    for chunk in _section_openers(chunks):
        if _is_case(chunk.source) and chunk.source not in case_picks:
            question = _case_question(chunk.title, chunk.section, fallback=False)
            if question:
                case_picks[chunk.source] = question
    questions = [_question_for(*key) for key in picked] + list(case_picks.values())[:cases]
    return [q for q in questions if q]


def follow_up_questions(
    answer: Answer, chunks: Sequence[Chunk], asked: Sequence[str] = (), limit: int = 3
) -> list[str]:
    """Questions about the sections next to the cited ones (the closest, after an abstention),
    leaving out the ``asked`` ones."""
    order = [(c.source, c.title, c.section) for c in _section_openers(chunks)]
    position = {key: i for i, key in enumerate(order)}
    used = list(dict.fromkeys((c.source, c.title, c.section) for c in answer.citations))
    targets: list[tuple[str, str, str]] = []
    if answer.abstained:
        targets = [(p.source, p.title, p.section) for p in answer.passages[:limit]]
    for key in used:
        i = position.get(key)
        if i is None:
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(order) and order[j][0] == key[0] and order[j] not in used:
                targets.append(order[j])
    seen = {q.lower() for q in (*asked, answer.question, answer.standalone_question)}
    out: list[str] = []
    for target in targets:
        question = _question_for(*target)
        if question and question.lower() not in seen and question not in out:
            out.append(question)
    return out[:limit]


def _question_for(source: str, title: str, section: str) -> str | None:
    if _tail(section) in _SKIPPED_SECTIONS:
        return None
    if _is_case(source):
        return _case_question(title, section, fallback=True)
    return f"What does the paper say about “{_plain(_tail(section))}”?"


def _case_question(title: str, section: str, fallback: bool) -> str | None:
    name = _short_name(title)
    lowered = section.lower()
    for key, template in _CASE_QUESTIONS:
        if key in lowered:
            return template.format(name=name)
    return f"What do the sources say about {name}: {_plain(_tail(section))}?" if fallback else None


def _short_name(title: str) -> str:
    match = _ACRONYM_IN_TITLE.search(title)
    if match:
        return match.group(1)
    first = title.split(" ", 1)[0]
    return first if first.isupper() and len(first) > 1 else title


# ---- small helpers --------------------------------------------------------------------------


def _is_case(source: str) -> bool:
    return source.startswith("cases/")


def _ordered(chunks: Sequence[Chunk], source: str) -> list[Chunk]:
    return sorted((c for c in chunks if c.source == source), key=lambda c: c.ordinal)


def _section_openers(chunks: Sequence[Chunk]) -> list[Chunk]:
    """The first chunk of each (document, section), in document order."""
    seen: dict[tuple[str, str], Chunk] = {}
    for chunk in sorted(chunks, key=lambda c: (_is_case(c.source), c.source, c.ordinal)):
        seen.setdefault((chunk.source, chunk.section), chunk)
    return list(seen.values())


def _spread(items: list[Any], count: int) -> list[Any]:
    if len(items) <= count:
        return items
    if count == 1:
        return items[:1]
    return [items[round(i * (len(items) - 1) / (count - 1))] for i in range(count)]


def _tail(section: str) -> str:
    return section.split(" › ")[-1]


def _plain(heading: str) -> str:
    return _NUMBERING.sub("", heading).strip()


def _short_path(section: str) -> str:
    """``II. The Evolution… › 2. Major Challenges`` as ``II › 2. Major Challenges``."""
    parts = section.split(" › ")
    heads = [p.split(".")[0] if _NUMBERING.match(p) else p for p in parts[:-1]]
    return " › ".join([*heads, parts[-1]]) if section else ""


def _place(item: Citation | Passage) -> str:
    return f"{item.title} › {_tail(item.section)}" if item.section else item.title


def _body(passage: Passage) -> str:
    return _without_heading(passage.text, passage.section)


def _without_heading(text: str, section: str) -> str:
    """A passage's text without the heading line a section's first chunk starts with."""
    first, _, rest = text.partition("\n")
    return rest.lstrip("\n") if rest and first.strip() == _tail(section) else text


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


# ---- page texts, styles and scripts ---------------------------------------------------------

CHAT_PLACEHOLDER = (
    "<div class='welcome'><strong>Ask a question about the paper or its case files.</strong><br>"
    "Answers quote the sources: click a number to read the passage it comes from.</div>"
)


def page_header(paper_title: str) -> str:
    return (
        '<header class="app-header"><span class="brand">civassist</span><span class="tagline">'
        f"Ask about <em>{esc(paper_title)}</em> and its case files. Answers come from these "
        "sources only, every sentence cites its passage, and the assistant says so when the "
        "sources do not cover a question.</span></header>"
    )


def suggestions_label(answer: Answer | None) -> str:
    if answer is None:
        text = "Try asking"
    elif answer.abstained:
        text = "Questions the sources can answer"
    else:
        text = "Follow-up questions"
    return f'<div class="suggest-h">{text}</div>'


def feedback_note(rating: str | None = None) -> str:
    if rating:
        thumb = "👍" if rating == "up" else "👎"
        text = f"Thanks, your {thumb} was saved."
    else:
        text = "Was this answer helpful?"
    return f'<div class="feedback-note">{text}</div>'


# A citation link anywhere on the page (chat or panel) opens its passage: the chat sanitizer
# removes inline handlers, so one capturing listener on the document reports the link's anchor.
PANEL_JS = """
const doc = element.ownerDocument;
if (window.__civassistCite) doc.removeEventListener('click', window.__civassistCite, true);
window.__civassistCite = (event) => {
  const target = event.target.closest ? event.target : null;
  const link = target && target.closest('a[href^="#cite-"], a[href^="#passage-"]');
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  trigger('click', {ref: link.getAttribute('href')});
  const side = doc.getElementById('side');
  if (side && window.innerWidth < 900) side.scrollIntoView({behavior: 'smooth'});
};
doc.addEventListener('click', window.__civassistCite, true);
"""

COPY_JS = """
(text) => {
  if (!text) return [];
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text);
  } else {
    const area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  const button = document.querySelector('#chat button[aria-label="Copy answer"]');
  if (button) {
    button.classList.add('copied');
    setTimeout(() => button.classList.remove('copied'), 1500);
  }
  return [];
}
"""

CSS = """
.app-header { display: flex; align-items: baseline; gap: 14px; padding: 2px 4px; }
.app-header .brand { font-size: 1.4rem; font-weight: 700; letter-spacing: -0.01em; }
.app-header .tagline { color: var(--body-text-color-subdued); font-size: 0.9rem; }
#chat .message-content { font-size: 0.97rem; line-height: 1.6; }
#chat .msg p { margin: 0 0 0.55em; } #chat .msg ul { margin: 0 0 0.55em 1.2em; }
#chat .welcome { text-align: center; color: var(--body-text-color-subdued); line-height: 1.7; }
a.cite-chip, span.cite-chip {
  display: inline-flex; align-items: center; justify-content: center; min-width: 1.45em;
  height: 1.45em; padding: 0 0.35em; margin: 0 0.12em; border-radius: 0.45em;
  font-size: 0.74em; font-weight: 700; line-height: 1; vertical-align: 0.12em;
  background: var(--color-accent-soft); color: var(--color-accent) !important;
  border: 1px solid var(--color-accent); text-decoration: none !important; cursor: pointer;
}
a.cite-chip:hover, a.cite-chip:focus-visible {
  background: var(--color-accent); color: #fff !important; }
span.cite-chip.static { cursor: default; }
.understood { font-size: 0.85em; color: var(--body-text-color-subdued); margin-bottom: 0.4em; }
.notice { border-left: 4px solid #d97706; background: rgba(245, 158, 11, 0.12);
  padding: 0.5em 0.75em; border-radius: 0.4em; margin-bottom: 0.6em; }
.notice-abstain { border-left-color: #64748b; background: rgba(100, 116, 139, 0.14); }
.notice-error { border-left-color: #dc2626; background: rgba(220, 38, 38, 0.1); }
.closest ul { margin: 0.3em 0 0 1.2em; }
a.passage-link { color: var(--color-accent) !important; }
.answer-meta { font-size: 0.78em; color: var(--body-text-color-subdued); margin-top: 0.3em; }
.status-line { color: var(--body-text-color-subdued); font-style: italic; display: flex;
  align-items: center; gap: 0.5em; }
.pulse { width: 0.55em; height: 0.55em; border-radius: 50%; background: var(--color-accent);
  animation: civpulse 1s ease-in-out infinite alternate; flex: none; }
@keyframes civpulse { from { opacity: 0.25; } to { opacity: 1; } }
.draft-label { font-size: 0.78em; text-transform: uppercase; letter-spacing: 0.04em;
  color: var(--body-text-color-subdued); margin-top: 0.5em; }
.draft { white-space: pre-wrap; opacity: 0.75; }
.suggest-h, .feedback-note { font-size: 0.85rem; color: var(--body-text-color-subdued);
  white-space: nowrap; }
#suggestions, #feedback { gap: 6px; flex-wrap: wrap; align-items: center; }
#suggest-h, #feedback-note { flex: 0 0 auto !important; min-width: 0 !important;
  width: auto !important; }
#suggest-h .html-container, #feedback-note .html-container { padding: 0 4px; }
#feedback { border-top: 1px solid var(--border-color-primary); padding-top: 8px; }
#suggestions button.suggestion { flex: 0 1 auto !important; min-width: 0 !important;
  max-width: 100%; white-space: normal; text-align: left; font-weight: 500;
  border-radius: 999px; padding: 4px 12px; }
#tools { align-items: center; gap: 8px; }
#tools button, #feedback button { white-space: nowrap; }
#chat button.copied::after { content: " ✓"; }
#side { position: sticky; top: 8px; }
.panel { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 12px;
  background: var(--block-background-fill); max-height: 78vh; overflow-y: auto; }
.panel-h { font-weight: 700; font-size: 0.95rem; margin: 2px 0 8px; }
.panel-hint { color: var(--body-text-color-subdued); font-size: 0.9rem; line-height: 1.6; }
ol.cards { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column;
  gap: 6px; }
a.card { display: flex; gap: 8px; padding: 8px; border-radius: 8px; text-decoration: none;
  color: inherit; border: 1px solid var(--border-color-primary); }
a.card:hover { border-color: var(--color-accent); }
a.card.selected { border-color: var(--color-accent); background: var(--color-accent-soft); }
.card-text { display: flex; flex-direction: column; min-width: 0; text-align: left; }
.card-title { font-weight: 600; font-size: 0.88rem; }
.card-section, .pv-section, .pv-foot, .lib-source, .lib-meta, .lib-n {
  font-size: 0.8rem; color: var(--body-text-color-subdued); }
.card-quote { font-size: 0.85rem; margin-top: 2px; }
.passage-view { border: 1px solid var(--color-accent); border-radius: 10px; padding: 12px;
  margin-bottom: 12px; }
.pv-title { font-weight: 700; }
.pv-kind { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.05em;
  color: var(--color-accent); font-weight: 700; margin-bottom: 4px; }
.pv-section { margin-bottom: 8px; }
.pv-text { white-space: pre-wrap; line-height: 1.65; font-size: 0.93rem; }
.pv-text mark { background: #fde68a; color: #1f2937; padding: 0.05em 0.15em; border-radius: 3px; }
.pv-foot { margin-top: 8px; font-family: var(--font-mono); }
.library { max-width: 60em; }
.lib-title { font-size: 1.2rem; font-weight: 700; margin: 4px 0; }
.lib-section { font-size: 1rem; font-weight: 700; margin: 18px 0 6px; }
.lib-passage { border-left: 3px solid var(--border-color-primary); padding: 4px 12px;
  margin: 8px 0; }
"""
