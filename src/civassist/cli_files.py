"""Files named on the command line: a --history file read with bounds, inputs and outputs checked.

A FIFO, socket or device given as an input could block forever; given as an output, a symlink
or FIFO would be replaced or written through. Both are refused with a message.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from civassist.errors import InputError
from civassist.terminal import decode_input

# A history file is a few turns of chat: bounded before parsing, so a huge or deeply nested
# file is refused with a message instead of exhausting memory or the recursion limit.
MAX_HISTORY_BYTES = 2_000_000
MAX_HISTORY_DEPTH = 32
_JSON_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|[\[\]{}]')


def read_history(path: Path) -> tuple[list[Any], list[str]]:
    """The --history file's JSON list, and notes on what was replaced in it.

    Size and nesting are bounded before the file is parsed.
    """
    notes: list[str] = []
    check_input(path, "history file")
    try:
        info = path.stat()
        if info.st_size > MAX_HISTORY_BYTES:
            raise InputError(
                f"history file {path} is {info.st_size:,} bytes; the limit is "
                f"{MAX_HISTORY_BYTES:,} (keep the last turns only)"
            )
        raw = path.read_bytes()[: MAX_HISTORY_BYTES + 1]
    except OSError as exc:
        raise InputError(f"cannot read history file {path}: {exc.strerror or exc}") from exc
    text, replaced = decode_input(raw.decode("utf-8", "surrogateescape"))
    if replaced:
        notes.append(f"history file {path} had text that is not valid UTF-8; replaced")
    depth = deepest = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group(0)
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_HISTORY_DEPTH:
                raise InputError(
                    f"history file {path} is nested over {MAX_HISTORY_DEPTH} levels deep; "
                    "it must hold a JSON list of {role, content} objects"
                )
        elif token in "]}":
            depth -= 1
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"history file {path} is not valid JSON: {exc}") from exc
    if not isinstance(data, list):
        raise InputError(f"history file {path} must hold a JSON list of {{role, content}}")
    for item in data:
        if isinstance(item, dict) and isinstance(item.get("content"), str):
            item["content"], bad = decode_input(item["content"])
            if bad:
                notes.append("a history turn had invalid characters; replaced")
    return data, notes


def check_input(path: Path, what: str) -> None:
    """Refuse a FIFO, socket or device as an input file: reading one could wait forever."""
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"cannot read {what} {path}: not a regular file")


def check_output(path: Path) -> None:
    """Refuse an output path that is a symlink, FIFO, device or folder: only files are replaced."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    if stat.S_ISLNK(info.st_mode):
        raise InputError(f"refusing to write {path}: it is a symbolic link; name a plain file")
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"cannot write {path}: it is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"refusing to write {path}: not a regular file")
