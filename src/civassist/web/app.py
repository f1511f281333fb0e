"""The Gradio chat for students: page layout and event wiring over the :class:`Assistant` API.

Every browser session keeps its own conversation in a ``gr.State``; nothing per user lives in
module globals. All HTML (and its escaping) is written by :mod:`civassist.web.render`.
"""

from __future__ import annotations

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: no outside calls

import ipaddress
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import gradio as gr

from civassist.assistant import Assistant
from civassist.errors import CivassistError, IndexError_, InputError
from civassist.feedback import FeedbackRecord, FeedbackStore
from civassist.generation import registry
from civassist.ingest import Progress, _no_progress
from civassist.settings import Settings
from civassist.types import Answer
from civassist.web import render
from civassist.web.briefing_tab import add_briefing_tab

# Two cores: up to 4 answers in flight keeps the CPU busy while one waits (a model server, the
# reveal pauses) without piling up threads that only slow each other; see docs/ui.md.
CONCURRENCY = 4
REVEAL_PAUSE = 0.03  # seconds between the few-words updates of an extractive answer
SUGGESTIONS = 6
_VIEW_LENGTH = 10 + SUGGESTIONS  # the outputs of a chat turn: see ``view`` in build_app
WARM_UP_QUESTION = "What is South-South cooperation?"
GENERATOR_LABELS = {name: spec.label for name, spec in registry.SPECS.items()}


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


def serve(
    assistant: Assistant,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: str | None = None,
    progress: Progress = _no_progress,
) -> None:
    """Index on first start, load the models, then serve the chat until interrupted.

    Raises:
        InputError: binding beyond loopback without a login, a malformed ``--auth``, or a
            port that cannot be bound.
    """
    credentials = login_for(host, auth if auth is not None else os.environ.get("CIVASSIST_AUTH"))
    if assistant.status().chunks == 0:
        _say(f"indexing {assistant.settings.knowledge} (first start)…")
        report = assistant.ingest(progress=progress)
        if not report.chunks:
            raise IndexError_(
                f"nothing to index in {assistant.settings.knowledge}: add knowledge files "
                "or set CIVASSIST_KNOWLEDGE"
            )
    _say("loading the models…")
    assistant.ask(WARM_UP_QUESTION)
    launch(build_app(assistant), host, port, credentials)


def login_for(host: str, auth: str | None) -> tuple[str, str] | None:
    """The (user, password) to require, or None; InputError if ``host`` needs one and has none."""
    login = None
    if auth:
        user, sep, password = auth.partition(":")
        if not (sep and user and password):
            raise InputError("--auth (or CIVASSIST_AUTH) must look like USER:PASS")
        login = (user, password)
    if login is None and not is_loopback(host):
        raise InputError(
            f"binding to {host} would let other machines use the chat: add --auth USER:PASS "
            "(or set CIVASSIST_AUTH), or keep the default --host 127.0.0.1"
        )
    return login


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def launch(
    demo: gr.Blocks, host: str, port: int, auth: tuple[str, str] | None, block: bool = True
) -> None:
    """Start the queue and the server (``block=False`` returns once it listens, for tests)."""
    demo.queue(default_concurrency_limit=CONCURRENCY)
    try:
        demo.launch(
            server_name=host,
            server_port=port,
            auth=auth,
            prevent_thread_lock=not block,
            show_error=True,
            ssr_mode=False,
            footer_links=[],
            theme=_theme(),
            css=render.CSS,
            quiet=not block,
        )
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port} ({exc}); choose another --port") from exc


def available_generators(settings: Settings) -> list[str]:
    """Generators usable here, checked without loading a model: extractive always."""
    return registry.available(settings)


def build_app(assistant: Assistant) -> gr.Blocks:
    """The page: chat and sources panel, a knowledge browser, the briefing tab, and the ``ask``
    and ``brief`` API endpoints."""
    chat = _Handlers(assistant)
    generators = available_generators(assistant.settings)
    default = assistant.settings.generator
    with gr.Blocks(title="civassist: ask the paper", fill_width=True) as demo:
        state = gr.State(Session())
        gr.HTML(render.page_header(chat.paper_title()), padding=False)
        with gr.Tabs():
            with gr.Tab("Chat", id="chat-tab"), gr.Row(equal_height=False):
                with gr.Column(scale=7, min_width=420):
                    new = gr.Button("New conversation", size="sm", render=False)
                    copy = gr.Button("Copy answer", size="sm", render=False)
                    chatbot = gr.Chatbot(
                        elem_id="chat",
                        show_label=False,
                        height="calc(100vh - 370px)",
                        min_height=300,
                        render_markdown=False,
                        sanitize_html=True,
                        buttons=[copy, new],
                        feedback_options=None,
                        placeholder=render.CHAT_PLACEHOLDER,
                    )
                    with gr.Row(elem_id="suggestions"):
                        suggest_label = gr.HTML(
                            render.suggestions_label(None), elem_id="suggest-h", scale=0
                        )
                        suggestions = [
                            gr.Button("", size="sm", visible=False, elem_classes="suggestion")
                            for _ in range(SUGGESTIONS)
                        ]
                    with gr.Row(elem_id="ask-row", equal_height=True):
                        question = gr.Textbox(
                            placeholder="Ask about the paper or its cases, then press Enter",
                            show_label=False,
                            container=False,
                            lines=1,
                            max_lines=4,
                            scale=9,
                            elem_id="question",
                            autofocus=True,
                        )
                        generator = gr.Dropdown(
                            [(GENERATOR_LABELS[g], g) for g in generators],
                            value=default if default in generators else "extractive",
                            label="Answer generator",
                            show_label=False,
                            visible=len(generators) > 1,
                            container=False,
                            scale=0,
                            min_width=170,
                            elem_id="generator",
                        )
                        ask = gr.Button("Ask", variant="primary", scale=0, min_width=96)
                    with gr.Row(elem_id="feedback", equal_height=True):
                        note = gr.HTML(render.feedback_note(), elem_id="feedback-note", scale=0)
                        comment = gr.Textbox(
                            placeholder="Optional comment",
                            show_label=False,
                            container=False,
                            scale=3,
                            min_width=160,
                            elem_id="feedback-comment",
                            interactive=False,
                        )
                        up = gr.Button("👍 Helpful", size="sm", scale=0, min_width=110,
                                       elem_id="thumbs-up", interactive=False)  # fmt: skip
                        down = gr.Button("👎 Not helpful", size="sm", scale=0, min_width=130,
                                         elem_id="thumbs-down", interactive=False)  # fmt: skip
                    copy_box = gr.Textbox(visible="hidden", elem_id="copy-text")
                with gr.Column(scale=5, min_width=320, elem_id="side"):
                    panel = gr.HTML(
                        render.PANEL_WELCOME, elem_id="sources-panel", js_on_load=render.PANEL_JS
                    )
            with gr.Tab("Sources", id="sources-tab"):
                with gr.Row():
                    document = gr.Dropdown(label="Document", scale=3, elem_id="lib-document")
                    section = gr.Dropdown(label="Section", scale=2, elem_id="lib-section")
                library = gr.HTML(elem_id="library")
            add_briefing_tab(assistant)

        view = [chatbot, question, panel, state, copy_box, suggest_label, *suggestions,
                note, comment, up, down]  # fmt: skip
        asked = [
            (question.submit, question, "chat"),
            (ask.click, question, None),
            *((button.click, button, None) for button in suggestions),
        ]
        for listener, source, name in asked:
            listener(
                chat.respond,
                [source, generator, state],
                view,
                api_name=name,
                api_visibility="public" if name else "private",
                concurrency_id="answer",
                show_progress="hidden",
            )
        private: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
        panel.click(chat.select, [state], [panel], **private)
        new.click(chat.restart, None, view, **private)
        chatbot.clear(chat.restart, None, view, **private)
        copy.click(None, [copy_box], None, js=render.COPY_JS)
        for button, rating in ((up, "up"), (down, "down")):
            button.click(chat.rater(rating), [comment, state], [note, comment, up, down, state],
                         **private)  # fmt: skip
        document.change(chat.browse_document, [document], [section, library], **private)
        section.change(chat.browse_section, [document, section], [library], **private)
        demo.load(chat.page_load, None, [*suggestions, document], **private)
        gr.api(chat.ask_json, api_name="ask", concurrency_id="answer")  # type: ignore[attr-defined]
    return demo  # type: ignore[no-any-return]


class _Handlers:
    """The event handlers: each parses input, calls the Assistant, and hands render the result."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.feedback = FeedbackStore(assistant.settings)

    def paper_title(self) -> str:
        titles = [title for title, source in self._documents() if not source.startswith("cases/")]
        return titles[0].rsplit(" (", 1)[0] if titles else "the knowledge base"

    def respond(self, question: str, generator: str, session: Session) -> Iterator[tuple[Any, ...]]:
        """Stream one answer: status lines, draft tokens, then the checked answer."""
        question = " ".join((question or "").split())
        if not question:
            yield tuple([gr.skip()] * _VIEW_LENGTH)
            return
        turn = len(session.answers)
        shown = [*session.messages, render.user_message(question)]
        draft, status = "", "Reading your question…"
        yield self._chat([*shown, render.pending_message(status)], clear=True)
        final: Answer | None = None
        try:
            for event in self.assistant.ask_stream(question, list(session.history), generator):
                if event.kind == "final":
                    final = event.answer
                    break
                if event.kind == "token":
                    draft += event.text
                else:
                    status = event.text
                yield self._chat([*shown, render.pending_message(status, draft)])
        except CivassistError as exc:
            yield self._view(replace(session, messages=(*shown, render.error_message(str(exc)))))
            return
        if final is None:
            return
        if not draft and not final.abstained:
            for words in render.reveal_steps(final.answer):
                yield self._chat([*shown, render.answer_message(final, turn, words)])
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

    def select(self, session: Session, evt: gr.EventData) -> str:
        """Open the passage behind a clicked ``[n]`` (or a source card) in the side panel."""
        ref = render.Ref.parse(str(getattr(evt, "ref", "") or ""))
        if ref is None or not 0 <= ref.turn < len(session.answers):
            return gr.skip()  # type: ignore[no-any-return]
        return render.sources_panel(session.answers[ref.turn], ref.turn, ref)

    def restart(self) -> tuple[Any, ...]:
        return self._view(Session())

    def rater(self, rating: str) -> Any:
        def rate(comment: str, session: Session) -> tuple[Any, ...]:
            answer, turn = session.last, len(session.answers) - 1
            if answer is None or turn in session.rated:
                return gr.skip(), gr.skip(), gr.skip(), gr.skip(), session
            history = [dict(t) for t in session.history[: 2 * turn]]
            try:
                self.feedback.add(FeedbackRecord.for_answer(answer, rating, comment, history))
            except CivassistError as exc:
                raise gr.Error(str(exc)) from exc
            off = gr.Button(interactive=False)
            done = replace(session, rated=session.rated | {turn})
            return (render.feedback_note(rating), gr.Textbox(value="", interactive=False),
                    off, off, done)  # fmt: skip

        return rate

    def page_load(self) -> tuple[Any, ...]:
        starters = render.starter_questions(self._chunks())
        documents = self._documents()
        return (
            *self._suggestion_buttons(starters),
            gr.Dropdown(choices=documents, value=documents[0][1] if documents else None),
        )

    def browse_document(self, source: str | None) -> tuple[Any, str]:
        chunks = self._chunks()
        choices = render.section_choices(chunks, source or "")
        html = render.library_view(chunks, source or "", render.ALL_SECTIONS, self._meta(source))
        return gr.Dropdown(choices=choices, value=render.ALL_SECTIONS), html

    def browse_section(self, source: str | None, section: str | None) -> str:
        chosen = render.ALL_SECTIONS if section is None else section
        return render.library_view(self._chunks(), source or "", chosen, self._meta(source))

    def ask_json(self, question: str, history: str = "[]", generator: str = "") -> dict[str, Any]:
        """Answer ``question`` after ``history`` (a JSON list of {role, content}) as JSON."""
        try:
            turns = json.loads(history or "[]")
            answer = self.assistant.ask(question, turns, generator or None)
        except json.JSONDecodeError as exc:
            raise gr.Error(f"history is not valid JSON: {exc}") from exc
        except CivassistError as exc:
            raise gr.Error(str(exc)) from exc
        return answer.to_dict()

    # ---- helpers ----

    def _chat(self, messages: list[dict[str, str]], clear: bool = False) -> tuple[Any, ...]:
        """An update of the chat only (the other outputs of ``view`` are left as they are)."""
        rest = [gr.skip()] * (_VIEW_LENGTH - 2)
        return (messages, "" if clear else gr.skip(), *rest)

    def _view(self, session: Session) -> tuple[Any, ...]:
        """Every output of ``view`` drawn from ``session``."""
        answer, turn = session.last, len(session.answers) - 1
        chunks = self._chunks()
        if answer is None:
            questions = render.starter_questions(chunks)
        else:
            asked = [t["content"] for t in session.history if t["role"] == "user"]
            questions = render.follow_up_questions(answer, chunks, asked)
        can_rate = answer is not None and turn not in session.rated
        return (
            list(session.messages),
            gr.skip(),
            render.sources_panel(answer, turn),
            session,
            render.copy_text(answer) if answer else "",
            render.suggestions_label(answer),
            *self._suggestion_buttons(questions),
            render.feedback_note(),
            gr.Textbox(value="", interactive=can_rate),
            gr.Button(interactive=can_rate),
            gr.Button(interactive=can_rate),
        )

    def _suggestion_buttons(self, questions: list[str]) -> list[Any]:
        return [
            gr.Button(value=questions[i], visible=True)
            if i < len(questions)
            else gr.Button(visible=False)
            for i in range(SUGGESTIONS)
        ]

    def _chunks(self) -> list[Any]:
        try:
            return list(self.assistant.retriever.chunks())
        except IndexError_:
            return []

    def _documents(self) -> list[tuple[str, str]]:
        return render.document_choices(self._chunks())

    def _meta(self, source: str | None) -> dict[str, Any]:
        try:
            record = self.assistant.retriever.snapshot().documents.get(source or "")
        except IndexError_:
            return {}
        return dict(record.meta) if record else {}


def _theme() -> gr.themes.Base:
    system = ("system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif")
    return gr.themes.Soft(
        primary_hue="indigo",
        neutral_hue="slate",
        font=system,
        font_mono=("ui-monospace", "monospace"),
    )


def _say(text: str) -> None:
    print(f"civassist: {text}", file=sys.stderr, flush=True)
