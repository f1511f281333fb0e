"""The "Briefing" tab: a topic in, a cited one-page briefing out, with a download per format.

Layout and wiring only: the briefing is written by :meth:`Assistant.brief` and turned into
files by :mod:`civassist.export`; what the page shows is the Markdown export, whose escaping
keeps markup from knowledge files as text.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from civassist.assistant import Assistant
from civassist.errors import CivassistError
from civassist.export.markdown import escape

DOWNLOADS = (("md", "Markdown"), ("docx", "Word (DOCX)"), ("pdf", "PDF"))
EXAMPLE_TOPICS = (
    "How the paper proposes to institutionalise South-South cooperation",
    "The AIIB as a case of South-South cooperation",
    "Challenges facing South-South cooperation",
)
PLACEHOLDER = (
    "*Name a topic and press **Write briefing**: bottom line first, key points, the cases, the "
    "paper's recommendations, caveats and counterpoints, every sentence cited.*"
)


def add_briefing_tab(assistant: Assistant) -> None:
    """The tab's components and events; call inside ``gr.Tabs()`` of the page's Blocks."""
    handlers = BriefingHandlers(assistant)
    with gr.Tab("Briefing", id="briefing-tab"):
        with gr.Row(equal_height=True):
            topic = gr.Textbox(
                placeholder="Brief me on … (e.g. how the paper proposes to institutionalise "
                "South-South cooperation)",
                show_label=False,
                container=False,
                lines=1,
                max_lines=3,
                scale=8,
                elem_id="brief-topic",
            )
            length = gr.Radio(
                [("Short", "short"), ("Standard", "standard")],
                value="standard",
                show_label=False,
                container=False,
                scale=0,
                min_width=200,
                elem_id="brief-length",
            )
            write = gr.Button("Write briefing", variant="primary", scale=0, min_width=140)
        gr.Examples(list(EXAMPLE_TOPICS), inputs=[topic], label="Example topics")
        with gr.Row(elem_id="brief-downloads"):
            downloads = [
                gr.DownloadButton(
                    f"Download {label}",
                    size="sm",
                    interactive=False,
                    elem_id=f"brief-download-{fmt}",
                )
                for fmt, label in DOWNLOADS
            ]
        view = gr.Markdown(PLACEHOLDER, elem_id="briefing", sanitize_html=True)
        outputs = [view, *downloads]
        api: dict[str, Any] = {"api_name": "brief", "api_visibility": "public"}
        hidden: dict[str, Any] = {"api_name": None, "api_visibility": "private"}
        for listener, exposure in ((write.click, api), (topic.submit, hidden)):
            listener(handlers.write, [topic, length], outputs, concurrency_id="answer", **exposure)


class BriefingHandlers:
    """Writes the briefing and its files; errors become a message in the tab, not a trace."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def write(self, topic: str, length: str) -> tuple[Any, ...]:
        """The briefing as Markdown for the page, and the three download buttons' files."""
        from civassist.export import render_briefing, write_atomically

        try:
            briefing = self.assistant.brief(topic or "", length=length or "standard")
            folder = Path(tempfile.mkdtemp(prefix="civassist-briefing-"))
            stem = _file_stem(briefing.topic)
            files = []
            rendered = {fmt: render_briefing(briefing, fmt) for fmt, _ in DOWNLOADS}
            for fmt, data in rendered.items():
                path = folder / f"{stem}.{fmt}"
                write_atomically(path, data)
                files.append(str(path))
            shown = rendered["md"].decode("utf-8")
        except CivassistError as exc:
            off = gr.DownloadButton(value=None, interactive=False)
            return (f"**Could not write the briefing:** {escape(str(exc))}", off, off, off)
        return (shown, *(gr.DownloadButton(value=f, interactive=True) for f in files))


def _file_stem(topic: str) -> str:
    """A short, safe file name from the topic: ``briefing-how-the-paper-proposes``."""
    words = re.findall(r"[a-z0-9]+", topic.lower())[:6]
    return "-".join(["briefing", *words])
