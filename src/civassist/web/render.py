"""The chat's HTML and text: questions, status lines, answers with citation chips, notices, page
texts and the text copied to the clipboard.

Every string that comes from a question, an answer or a knowledge file is escaped here or in
:mod:`~civassist.web.panels` and :mod:`~civassist.web.library` (``html.escape``); the only markup
on the page is the markup those modules write. Styles and scripts are files under ``static/``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from civassist.types import Answer, Citation, Passage
from civassist.web.headings import tail

Message = dict[str, str]

_MARKER = re.compile(r"\[(\d+)\]")


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def place(item: Citation | Passage) -> str:
    """``Title › Section`` of a cited or retrieved passage."""
    return f"{item.title} › {tail(item.section)}" if item.section else item.title


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def highlight_quote(text: str, quote: str) -> str:
    """``text`` escaped, with the first occurrence of ``quote`` wrapped in ``<mark>``."""
    at = text.find(quote) if quote else -1
    if at < 0:
        return esc(text)
    end = at + len(quote)
    return f"{esc(text[:at])}<mark>{esc(text[at:end])}</mark>{esc(text[end:])}"


# ---- chat messages -------------------------------------------------------------------------


def user_message(question: str, note: str = "") -> Message:
    """The question as asked; ``note`` says what was changed in it (invalid text replaced)."""
    shown = f'<div class="user-q">{esc(question)}</div>'
    if note:
        shown += f'<div class="user-note">{esc(note)}</div>'
    return {"role": "user", "content": shown}


def pending_message(status: str, draft: str = "", preview: Answer | None = None) -> Message:
    """A status line while searching; while a model writes, the instant answer quoted from the
    passages (``preview``, with its notes) and the model's unchecked draft as it streams."""
    parts = [f'<div class="status-line"><span class="pulse"></span>{esc(status)}</div>']
    if preview is not None:
        parts.append(
            '<div class="preview-label">Quick answer quoted from the passages, shown while the '
            "model writes; the checked answer replaces it</div>"
        )
        if preview.notice:
            parts.append(
                f'<div class="notice notice-warn"><strong>Note.</strong> {esc(preview.notice)}'
                "</div>"
            )
        parts.append(f'<div class="preview">{esc(preview.answer)}</div>')
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
            f'<li><a class="passage-link" href="#passage-{turn}-{i}">{esc(place(p))}</a></li>'
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
            f'title="{esc(place(citation))}">{citation.id}</a>'
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
        lines += [f"[{c.id}] {place(c)}: “{c.quote}”" for c in answer.citations]
    return "\n".join(lines)


# ---- page texts -----------------------------------------------------------------------------

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
