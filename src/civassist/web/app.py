"""``civassist serve``: the serve rules (login, bind, allowed hosts), first-start indexing, and
the launch of the page that :mod:`civassist.web.layout` builds behind :class:`WebGuard`."""

from __future__ import annotations

import os

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: no outside calls

import signal
import sys
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from civassist.assistant import Assistant
from civassist.errors import IndexError_, InputError
from civassist.ingest import Progress, _no_progress
from civassist.web.layout import SUGGESTIONS, available_generators, build_app
from civassist.web.security import WebGuard, allowed_hosts, is_loopback

__all__ = [
    "CONCURRENCY",
    "SESSION_CAPACITY",
    "SUGGESTIONS",
    "WARM_UP_QUESTION",
    "available_generators",
    "build_app",
    "is_loopback",
    "launch",
    "login_for",
    "serve",
]

# Two cores: up to 4 answers in flight keeps the CPU busy while one waits (a model server, the
# reveal pauses) without piling up threads that only slow each other; see docs/ui.md.
CONCURRENCY = 4
# Gradio keeps each session's state in memory, 10,000 sessions by default, and every API call is
# a session. Most of it is Gradio's own copy of the page's configuration (~0.1 MB a session for an
# `ask` call, ~0.18 MB for a `chat` turn with its conversation), so RSS grew with each call until
# the cap: at 1,000 the soak's RSS rose ~0.17 MB per call for its whole run. 200 bounds it near
# 40 MB and still keeps a classroom's conversations (the least recently used go first).
SESSION_CAPACITY = 200
WARM_UP_QUESTION = "What is South-South cooperation?"
STYLESHEET = Path(__file__).parent / "static" / "civassist.css"


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
    # SIGTERM stops the server as Ctrl-C does, so exit handlers (briefing files) still run.
    signal.signal(signal.SIGTERM, _interrupt)
    demo = build_app(assistant)
    launch(demo, host, port, credentials, hosts=assistant.settings.allowed_hosts)


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


def launch(
    demo: gr.Blocks,
    host: str,
    port: int,
    auth: tuple[str, str] | None,
    block: bool = True,
    hosts: str = "",
) -> None:
    """Start the queue and the server (``block=False`` returns once it listens, for tests).

    ``hosts`` adds names the server answers to (the ``allowed_hosts`` setting).
    """
    guard = Middleware(WebGuard, hosts=allowed_hosts(host, hosts))
    demo.queue(default_concurrency_limit=CONCURRENCY)
    try:
        demo.launch(
            server_name=host,
            server_port=port,
            auth=auth,
            prevent_thread_lock=not block,
            state_session_capacity=SESSION_CAPACITY,
            show_error=False,  # only our one-line messages (civassist.web.faults) reach a client
            ssr_mode=False,
            footer_links=[],
            theme=_theme(),
            css_paths=[STYLESHEET],
            app_kwargs={"middleware": [guard]},
            quiet=not block,
        )
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port} ({exc}); choose another --port") from exc


def _theme() -> gr.themes.Base:
    system = ("system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif")
    return gr.themes.Soft(
        primary_hue="indigo",
        neutral_hue="slate",
        font=system,
        font_mono=("ui-monospace", "monospace"),
    )


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _say(text: str) -> None:
    print(f"civassist: {text}", file=sys.stderr, flush=True)
