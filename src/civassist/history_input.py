"""A conversation history given as JSON text (the CLI's ``--history`` file, the web API's
``history`` field): size and nesting bounded before parsing, text decoded once.

A history is a few turns of chat, so a huge or deeply nested one is refused with a message
instead of exhausting memory or the recursion limit. The turns themselves are checked later by
:func:`civassist.condense.validate_history`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from civassist.errors import InputError
from civassist.terminal import decode_input

MAX_HISTORY_BYTES = 2_000_000
MAX_HISTORY_DEPTH = 32
_JSON_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|[\[\]{}]')


def parse_history(text: str, what: str = "history") -> tuple[list[Any], list[str]]:
    """The JSON list in ``text``, and notes on what was replaced in it.

    Args:
        text: the JSON text (lone surrogates, from undecodable bytes or ``\\ud800`` escapes, are
            replaced).
        what: how messages name the history, e.g. ``history file notes.json``.

    Raises:
        InputError: too large, nested too deep, not JSON, or not a list.
    """
    notes: list[str] = []
    if len(text) > MAX_HISTORY_BYTES:
        raise InputError(
            f"{what} has {len(text):,} characters; the limit is {MAX_HISTORY_BYTES:,} "
            "(keep the last turns only)"
        )
    text, replaced = decode_input(text)
    if replaced:
        notes.append(f"{what} had text that is not valid UTF-8; replaced")
    depth = deepest = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group(0)
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_HISTORY_DEPTH:
                raise InputError(
                    f"{what} is nested over {MAX_HISTORY_DEPTH} levels deep; "
                    "it must hold a JSON list of {role, content} objects"
                )
        elif token in "]}":
            depth -= 1
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} is not valid JSON: {exc}") from exc
    if not isinstance(data, list):
        raise InputError(f"{what} must hold a JSON list of {{role, content}}")
    for item in data:
        if isinstance(item, dict) and isinstance(item.get("content"), str):
            item["content"], bad = decode_input(item["content"])
            if bad:
                notes.append("a history turn had invalid characters; replaced")
    return data, notes
