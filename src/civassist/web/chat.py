"""The chat tab's event handlers: each parses input, calls the :class:`Assistant`, and returns
what changed as a dict keyed by the components of a :class:`ChatView` (Gradio's dict updates),
so a new output is one field of the view and one entry where it is drawn.

Every browser session keeps its own conversation in a ``gr.State``; nothing per user lives in
module globals.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from typing import Any

import gradio as gr

from civassist.assistant import Assistant
from civassist.errors import IndexError_
from civassist.feedback import FeedbackRecord, FeedbackStore
from civassist.history_input import parse_history
from civassist.types import Answer, Chunk
from civassist.web import library, panels, render
from civassist.web.faults import client_errors, client_message, decoded
from civassist.web.roles import KnowledgeRoles
from civassist.web.suggestions import follow_up_questions, starter_questions

REVEAL_PAUSE = 0.03  # seconds between the few-words updates of an extractive answer
Update = dict[Any, Any]  # component -> new value or gr.update


@dataclass(frozen=True)
class Session:
    """One student's conversation (held in ``gr.State``, so one per browser session)."""

    history: tuple[dict[str, str], ...] = ()  # the turns given to the assistant
    answers: tuple[Answer, ...] = ()  # answer ``i`` is turn ``i``
    messages: tuple[dict[str, str], ...] = ()  # what the chat shows, errors included
    rated: frozenset[int] = frozenset()

    @property
    def last(self) -> Answer | None:
        return self.answers[-1] if self.answers else None


@dataclass(frozen=True)
class ChatView:
    """The components a chat turn may change; the chat stays first (the ``/chat`` API's 0)."""

    chatbot: Any
    question: Any
    panel: Any
    state: Any
    copy_box: Any
    suggest_label: Any
    suggestions: tuple[Any, ...]
    note: Any
    comment: Any
    up: Any
    down: Any

    @property
    def outputs(self) -> list[Any]:
        """Every component of the view, in field order: the outputs of each chat event."""
        out: list[Any] = []
        for f in fields(self):
            value = getattr(self, f.name)
            out.extend(value if isinstance(value, tuple) else (value,))
        return out


@dataclass(frozen=True)
class LibraryView:
    """The "Sources" tab's components."""

    document: Any
    section: Any
    library: Any


class ChatHandlers:
    """The chat's and the knowledge browser's event handlers."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.feedback = FeedbackStore(assistant.settings)
        self.view: ChatView | None = None
        self.books: LibraryView | None = None

    def bind(self, view: ChatView, books: LibraryView) -> None:
        self.view, self.books = view, books

    @property
    def v(self) -> ChatView:
        assert self.view is not None, "bind() the view before the events run"
        return self.view

    def roles(self) -> KnowledgeRoles:
        try:
            documents = self.assistant.retriever.snapshot().documents
        except IndexError_:
            documents = {}
        return KnowledgeRoles.of(documents, self.assistant.settings.paper)

    @client_errors
    def respond(self, question: str, generator: str, session: Session) -> Iterator[Update]:
        """Stream one answer: status lines, the quick extractive answer and the draft tokens
        while a model writes, then the checked answer; an error is a message in the chat (see
        :mod:`civassist.web.faults`)."""
        notes: list[str] = []
        question = " ".join(decoded(question, "question", notes).split())
        if not question:
            yield {self.v.chatbot: gr.skip()}
            return
        turn = len(session.answers)
        shown = [*session.messages, render.user_message(question, *notes)]
        draft, status = "", "Reading your question…"
        preview: Answer | None = None
        yield {self.v.chatbot: [*shown, render.pending_message(status)], self.v.question: ""}
        final: Answer | None = None
        try:
            for event in self.assistant.ask_stream(question, list(session.history), generator):
                if event.kind == "final":
                    final = event.answer
                    break
                if event.kind == "token":
                    draft += event.text
                elif event.kind == "preview":
                    preview = event.answer
                else:
                    status = event.text
                pending = render.pending_message(status, draft, preview)
                yield {self.v.chatbot: [*shown, pending]}
        except Exception as exc:
            failed = render.error_message(client_message(exc, "chat"))
            yield self._view(replace(session, messages=(*shown, failed)))
            return
        if final is None:
            return
        if not draft and preview is None and not final.abstained:
            for words in render.reveal_steps(final.answer):
                yield {self.v.chatbot: [*shown, render.answer_message(final, turn, words)]}
                time.sleep(REVEAL_PAUSE)
        turns = ({"role": "user", "content": question},
                 {"role": "assistant", "content": final.answer})  # fmt: skip
        yield self._view(
            replace(
                session,
                history=(*session.history, *turns),
                answers=(*session.answers, final),
                messages=(*shown, render.answer_message(final, turn)),
            )
        )

    @client_errors
    def select(self, ref_text: str, session: Session) -> Update:
        """Open the passage behind a clicked ``[n]`` (or a source card) in the side panel."""
        ref = panels.Ref.parse(ref_text or "")
        if ref is None or not 0 <= ref.turn < len(session.answers):
            return {self.v.panel: gr.skip()}
        return {self.v.panel: panels.sources_panel(session.answers[ref.turn], ref.turn, ref)}

    @client_errors
    def restart(self) -> Update:
        return self._view(Session())

    @client_errors
    def rate(self, rating: str, comment: str, session: Session) -> Update:
        answer, turn = session.last, len(session.answers) - 1
        if answer is None or turn in session.rated:
            return {self.v.note: gr.skip()}
        history = [dict(t) for t in session.history[: 2 * turn]]
        comment = decoded(comment, "comment")
        self.feedback.add(FeedbackRecord.for_answer(answer, rating, comment, history))
        off = gr.Button(interactive=False)
        return {
            self.v.note: render.feedback_note(rating),
            self.v.comment: gr.Textbox(value="", interactive=False),
            self.v.up: off,
            self.v.down: off,
            self.v.state: replace(session, rated=session.rated | {turn}),
        }

    @client_errors
    def page_load(self) -> Update:
        assert self.books is not None
        roles = self.roles()
        documents = library.document_choices(self._chunks(), roles)
        first = documents[0][1] if documents else None
        return {
            **self._suggestions(starter_questions(self._chunks(), roles)),
            self.books.document: gr.Dropdown(choices=documents, value=first),
        }

    @client_errors
    def browse_document(self, source: str | None) -> Update:
        assert self.books is not None
        chunks = self._chunks()
        html = library.library_view(chunks, source or "", library.ALL_SECTIONS, self._meta(source))
        choices = library.section_choices(chunks, source or "")
        return {
            self.books.section: gr.Dropdown(choices=choices, value=library.ALL_SECTIONS),
            self.books.library: html,
        }

    @client_errors
    def browse_section(self, source: str | None, section: str | None) -> str:
        chosen = library.ALL_SECTIONS if section is None else section
        return library.library_view(self._chunks(), source or "", chosen, self._meta(source))

    @client_errors
    def ask_json(self, question: str, history: str = "[]", generator: str = "") -> dict[str, Any]:
        """Answer ``question`` after ``history`` (a JSON list of {role, content}) as JSON.

        Text that is not valid (lone surrogates) is replaced, and ``input_notes`` says so.
        """
        notes: list[str] = []
        question = decoded(question, "question", notes)
        turns, replaced = parse_history(history or "[]")
        answer = self.assistant.ask(question, turns, generator or None)
        result = answer.to_dict()
        if notes or replaced:
            result["input_notes"] = [*notes, *replaced]
        return result

    # ---- helpers ----

    def _view(self, session: Session) -> Update:
        """Every output of the view drawn from ``session``."""
        v = self.v
        answer, turn = session.last, len(session.answers) - 1
        chunks, roles = self._chunks(), self.roles()
        if answer is None:
            questions = starter_questions(chunks, roles)
        else:
            asked = [t["content"] for t in session.history if t["role"] == "user"]
            questions = follow_up_questions(answer, chunks, roles, asked)
        can_rate = answer is not None and turn not in session.rated
        return {
            v.chatbot: list(session.messages),
            v.panel: panels.sources_panel(answer, turn),
            v.state: session,
            v.copy_box: render.copy_text(answer) if answer else "",
            v.suggest_label: render.suggestions_label(answer),
            **self._suggestions(questions),
            v.note: render.feedback_note(),
            v.comment: gr.Textbox(value="", interactive=can_rate),
            v.up: gr.Button(interactive=can_rate),
            v.down: gr.Button(interactive=can_rate),
        }

    def _suggestions(self, questions: list[str]) -> Update:
        return {
            button: gr.Button(value=questions[i], visible=True)
            if i < len(questions)
            else gr.Button(visible=False)
            for i, button in enumerate(self.v.suggestions)
        }

    def _chunks(self) -> list[Chunk]:
        try:
            return list(self.assistant.retriever.chunks())
        except IndexError_:
            return []

    def _meta(self, source: str | None) -> dict[str, Any]:
        try:
            record = self.assistant.retriever.snapshot().documents.get(source or "")
        except IndexError_:
            return {}
        return dict(record.meta) if record else {}
