"""Files named on the command line: a --history file read with bounds, inputs and outputs checked.

A FIFO, socket or device given as an input could block forever; given as an output, a symlink
or FIFO would be replaced or written through. Both are refused with a message.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from civassist.errors import InputError
from civassist.history_input import MAX_HISTORY_BYTES, parse_history


def read_history(path: Path) -> tuple[list[Any], list[str]]:
    """The --history file's JSON list, and notes on what was replaced in it.

    Size and nesting are bounded before the file is parsed.
    """
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
    return parse_history(raw.decode("utf-8", "surrogateescape"), f"history file {path}")


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
