"""Briefings as files: Markdown, DOCX, PDF or JSON bytes, and a write that never leaves half a file.

    render_briefing(briefing, "md" | "docx" | "pdf" | "json") -> bytes
    write_atomically(path, data)   temp file in the same folder, then os.replace

python-docx and reportlab are imported only when their format is asked for.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from civassist.briefing.model import Briefing
from civassist.errors import InputError

FORMATS = ("md", "docx", "pdf", "json")

__all__ = ["FORMATS", "render_briefing", "write_atomically"]


def render_briefing(briefing: Briefing, fmt: str) -> bytes:
    """The briefing as a file's bytes.

    Args:
        briefing: what :meth:`civassist.assistant.Assistant.brief` returned.
        fmt: ``md`` (UTF-8 Markdown), ``docx``, ``pdf`` or ``json`` (``Briefing.to_dict``).

    Returns:
        The file's content, ready for :func:`write_atomically` or a download button.
    """
    if fmt == "md":
        from civassist.export.markdown import to_markdown

        return to_markdown(briefing).encode("utf-8")
    if fmt == "json":
        return (json.dumps(briefing.to_dict(), ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "docx":
        from civassist.export.docx import to_docx

        return to_docx(briefing)
    if fmt == "pdf":
        from civassist.export.pdf import to_pdf

        return to_pdf(briefing)
    raise InputError(f"unknown briefing format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_atomically(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a temp file beside it, then a rename).

    Raises:
        InputError: naming ``path``, when it cannot be written; no partial file is left.
    """
    target = Path(path)
    if target.is_dir():
        raise InputError(f"cannot write the briefing to {target}: it is a folder")
    folder = target.parent
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write the briefing to {target}: {_reason(exc)}") from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)  # mkstemp's 0600 would hide a document meant to be shared
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise InputError(f"cannot write the briefing to {target}: {_reason(exc)}") from exc


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
