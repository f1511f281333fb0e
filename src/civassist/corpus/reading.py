"""Reading a knowledge file's bytes: only regular files, never more than a limit, never waiting."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from civassist.errors import KnowledgeError

MAX_BINARY_BYTES = 50_000_000


def read_regular_file(path: Path, source: str, limit: int) -> bytes:
    """The bytes of ``path``, at most ``limit``; only a regular file is read, never waited on.

    The file is opened without blocking and checked after opening, so a FIFO, socket or device
    (or one swapped in after a check) is refused instead of hanging the ingest that holds the
    index lock.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise KnowledgeError(source, "file not found (a broken link?)") from exc
    except IsADirectoryError as exc:
        raise KnowledgeError(source, "is a directory, not a file") from exc
    except OSError as exc:
        kind = _special_kind(path)  # opening a socket fails (ENXIO) instead of blocking
        reason = f"not a regular file (a {kind})" if kind else _os_reason(exc)
        raise KnowledgeError(source, reason) from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise KnowledgeError(source, "is a directory, not a file")
        raise KnowledgeError(source, f"not a regular file (a {_file_kind(info.st_mode)})")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > limit:
            raise _too_big(source, info.st_size, limit)
        try:
            raw = handle.read(limit + 1)
        except OSError as exc:
            raise KnowledgeError(source, _os_reason(exc)) from exc
    if len(raw) > limit:  # it grew after the size check
        raise _too_big(source, len(raw), limit)
    return raw


def _too_big(source: str, size: int, limit: int) -> KnowledgeError:
    return KnowledgeError(
        source,
        f"file is {size / 1e6:.1f} MB, over the limit of {limit / 1e6:.1f} MB "
        "(raise CIVASSIST_MAX_FILE_CHARS to index it)",
    )


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "is a symbolic link that loops (it points at itself)"
    if exc.errno == errno.EACCES:
        return "cannot be read: permission denied"
    return f"cannot be read: {exc.strerror or exc}"


def _special_kind(path: Path) -> str | None:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else _file_kind(mode)


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"
