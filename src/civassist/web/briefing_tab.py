"""The "Briefing" tab: a topic in, a cited one-page briefing out, with a download per format.

Layout and wiring only: the briefing is written by :meth:`Assistant.brief` and turned into
files by :mod:`civassist.export`; what the page shows is the Markdown export, whose escaping
keeps markup from knowledge files as text.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import gradio as gr

from civassist.assistant import Assistant
from civassist.export.markdown import escape
from civassist.web.faults import client_message, decoded

DOWNLOADS = (("md", "Markdown"), ("docx", "Word (DOCX)"), ("pdf", "PDF"))
EXAMPLE_TOPICS = (
    "How the paper proposes to institutionalise South-South cooperation",
    "The AIIB as a case of South-South cooperation",
    "Challenges facing South-South cooperation",
)
MAX_SESSIONS = 50  # session folders kept at once; the oldest go first
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
                max_length=assistant.settings.max_question_chars,
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


class BriefingFiles:
    """Where the download files are written: one temporary folder per server, holding one
    folder per browser session with that session's latest briefing, at most ``cap`` sessions,
    removed when the server exits. (Gradio serves its own copies, made once the event returns.)
    """

    def __init__(self, cap: int = MAX_SESSIONS, parent: Path | None = None) -> None:
        self.cap, self.parent = cap, parent
        self.root: Path | None = None
        self._sessions: OrderedDict[str, Path] = OrderedDict()
        self._lock = threading.Lock()

    def folder(self, session: str) -> Path:
        """An empty folder for ``session``'s files (its earlier files are removed)."""
        with self._lock:
            if self.root is None:
                parent = str(self.parent) if self.parent else None
                self.root = Path(tempfile.mkdtemp(prefix="civassist-briefing-", dir=parent))
                atexit.register(self.close)
            name = re.sub(r"[^A-Za-z0-9_-]", "", session)[:64] or "anonymous"
            folder = self._sessions.pop(name, self.root / name)
            self._sessions[name] = folder
            while len(self._sessions) > self.cap:
                _, oldest = self._sessions.popitem(last=False)
                shutil.rmtree(oldest, ignore_errors=True)
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            return folder

    def close(self) -> None:
        with self._lock:
            if self.root is not None:
                shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
            self._sessions.clear()


class BriefingHandlers:
    """Writes the briefing and its files; errors become a message in the tab, not a trace."""

    def __init__(self, assistant: Assistant, files: BriefingFiles | None = None) -> None:
        self.assistant = assistant
        self.files = files or BriefingFiles()
        # The files are rendered on one thread: python-docx's lxml keeps parser state per thread
        # for the thread's life, and Gradio runs events on up to 40 worker threads, so rendering
        # on each of them held ~5 MB per thread (the soak's RSS grew with every briefing).
        self._render = ThreadPoolExecutor(max_workers=1, thread_name_prefix="civassist-render")

    def write(self, topic: str, length: str, request: gr.Request) -> tuple[Any, ...]:
        """The briefing as Markdown for the page, and the three download buttons' files."""
        from civassist.export import render_briefing, write_atomically

        notes: list[str] = []
        topic = decoded(topic, "topic", notes)
        try:
            briefing = self.assistant.brief(topic, length=length or "standard")
            folder = self.files.folder(str(getattr(request, "session_hash", "") or ""))
            stem = _file_stem(briefing.topic)
            files = []
            rendered = {
                fmt: self._render.submit(render_briefing, briefing, fmt).result()
                for fmt, _ in DOWNLOADS
            }
            for fmt, data in rendered.items():
                path = folder / f"{stem}.{fmt}"
                write_atomically(path, data)
                files.append(str(path))
            shown = rendered["md"].decode("utf-8")
        except Exception as exc:  # ours: its message; anything else: a generic one, logged
            off = gr.DownloadButton(value=None, interactive=False)
            said = escape(client_message(exc, "briefing"))
            return (f"**Could not write the briefing:** {said}", off, off, off)
        shown = "".join(f"*{escape(note)}*\n\n" for note in notes) + shown
        return (shown, *(gr.DownloadButton(value=f, interactive=True) for f in files))


def _file_stem(topic: str) -> str:
    """A short, safe file name from the topic: ``briefing-how-the-paper-proposes``."""
    words = re.findall(r"[a-z0-9]+", topic.lower())[:6]
    return "-".join(["briefing", *words])
