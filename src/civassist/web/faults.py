"""What the web client is told when something goes wrong, and what it sends that needs decoding.

A :class:`~civassist.errors.CivassistError` is written for the user: the client gets its message,
on one line. Anything else is a bug or a fault of the machine: the client gets a generic message
with an error id, and the log gets the same id with the traceback, so nothing internal (paths,
library names, exception text) reaches the page or the API.
"""

from __future__ import annotations

import functools
import html
import inspect
import logging
import secrets
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import gradio as gr

from civassist.errors import CivassistError
from civassist.terminal import decode_input

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("civassist.web")

GENERIC = (
    "Something went wrong on the server, not in what you typed. Try again; if it keeps "
    "happening, report error id {error_id}."
)
REPLACED = "Your {what} had characters that are not valid text; they were replaced with �."
MAX_MESSAGE_CHARS = 500  # a user message is one line; a longer one was not written for users


def client_message(exc: BaseException, where: str = "web") -> str:
    """One line for the client: the error's own words if it is ours, else a generic message
    whose id is logged with the traceback."""
    if isinstance(exc, CivassistError):
        text = " ".join(str(exc).split())
        return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"
    error_id = secrets.token_hex(4)
    log.error("error id %s in %s: %s", error_id, where, type(exc).__name__, exc_info=exc)
    return GENERIC.format(error_id=error_id)


def client_errors(func: F) -> F:
    """Wrap a Gradio handler (function or generator): every error becomes ``gr.Error`` with
    :func:`client_message`. A ``gr.Error`` raised inside passes through unchanged."""
    where = getattr(func, "__qualname__", "handler")

    if inspect.isgeneratorfunction(func):

        @functools.wraps(func)
        def stream(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from func(*args, **kwargs)
            except gr.Error:
                raise
            except Exception as exc:
                raise _client_error(exc, where) from None

        return stream  # type: ignore[return-value]

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as exc:
            raise _client_error(exc, where) from None

    return call  # type: ignore[return-value]


def _client_error(exc: Exception, where: str) -> gr.Error:
    # Gradio shows an error's message as HTML: escaped, it stays text.
    return gr.Error(html.escape(client_message(exc, where), quote=False), print_exception=False)


def decoded(text: str | None, what: str, notes: list[str] | None = None) -> str:
    """``text`` from the client with lone surrogates (a JSON ``\\ud800``) replaced, once, here;
    the replacement is noted in ``notes`` when given."""
    clean, replaced = decode_input(text or "")
    if replaced and notes is not None:
        notes.append(REPLACED.format(what=what))
    return clean
