"""The page: chat and sources panel, a knowledge browser, the briefing tab, and the ``ask`` and
``brief`` API endpoints. Layout and wiring only; :mod:`civassist.web.chat` handles the events."""

from __future__ import annotations

import functools
from typing import Any

import gradio as gr

from civassist.assistant import Assistant
from civassist.generation import registry
from civassist.settings import Settings
from civassist.web import panels, render
from civassist.web.briefing_tab import add_briefing_tab
from civassist.web.chat import ChatHandlers, ChatView, LibraryView, Session

SUGGESTIONS = 6
GENERATOR_LABELS = {name: spec.label for name, spec in registry.SPECS.items()}
# Gradio's copies of briefing downloads: swept hourly, dropped after a day and on shutdown.
CACHE_SWEEP = (3600, 86400)


def available_generators(settings: Settings) -> list[str]:
    """Generators usable here, checked without loading a model: extractive always."""
    return registry.available(settings)


def build_app(assistant: Assistant) -> gr.Blocks:
    """The page, with every event wired to a :class:`ChatHandlers` of ``assistant``."""
    chat = ChatHandlers(assistant)
    generators = available_generators(assistant.settings)
    default = assistant.settings.generator
    with gr.Blocks(
        title="civassist: ask the paper", fill_width=True, delete_cache=CACHE_SWEEP
    ) as demo:
        state = gr.State(Session())
        gr.HTML(render.page_header(chat.roles().header_title), padding=False)
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
                        suggestions = tuple(
                            gr.Button("", size="sm", visible=False, elem_classes="suggestion")
                            for _ in range(SUGGESTIONS)
                        )
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
                            max_length=assistant.settings.max_question_chars,
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
                    # written by static/civassist.js: the copied text and the clicked citation
                    copy_box = gr.Textbox(visible="hidden", elem_id="copy-text")
                    cite_ref = gr.Textbox(visible="hidden", elem_id="cite-ref")
                with gr.Column(scale=5, min_width=320, elem_id="side"):
                    panel = gr.HTML(panels.PANEL_WELCOME, elem_id="sources-panel")
            with gr.Tab("Sources", id="sources-tab"):
                with gr.Row():
                    document = gr.Dropdown(label="Document", scale=3, elem_id="lib-document")
                    section = gr.Dropdown(label="Section", scale=2, elem_id="lib-section")
                books = LibraryView(document, section, gr.HTML(elem_id="library"))
            add_briefing_tab(assistant)

        view = ChatView(chatbot, question, panel, state, copy_box, suggest_label, suggestions,
                        note, comment, up, down)  # fmt: skip
        chat.bind(view, books)
        outputs = view.outputs
        asked = [
            (question.submit, question, "chat"),
            (ask.click, question, None),
            *((button.click, button, None) for button in suggestions),
        ]
        for listener, source, name in asked:
            listener(
                chat.respond,
                [source, generator, state],
                outputs,
                api_name=name,
                api_visibility="public" if name else "private",
                concurrency_id="answer",
                show_progress="hidden",
            )
        private: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
        cite_ref.change(chat.select, [cite_ref, state], outputs, **private)
        new.click(chat.restart, None, outputs, **private)
        chatbot.clear(chat.restart, None, outputs, **private)
        for button, rating in ((up, "up"), (down, "down")):
            rate = functools.partial(chat.rate, rating)
            button.click(rate, [comment, state], outputs, **private)
        document.change(chat.browse_document, [document], [section, books.library], **private)
        section.change(chat.browse_section, [document, section], [books.library], **private)
        demo.load(chat.page_load, None, [*suggestions, document], **private)
        gr.api(chat.ask_json, api_name="ask", concurrency_id="answer")  # type: ignore[attr-defined]
    return demo  # type: ignore[no-any-return]
