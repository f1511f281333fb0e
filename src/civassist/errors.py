"""The errors civassist raises, as one small tree.

    CivassistError              base: every error a user can act on
    ├── InputError              a question, topic, option or file argument is unusable
    ├── KnowledgeError          a knowledge file cannot be read or makes no document
    ├── IndexError_             the index is missing, busy, or inconsistent
    │   └── IndexBusyError      another ingest holds the lock
    └── BackendUnavailable      a model or server (Chroma, LLM) cannot be reached or loaded

The CLI and the web app map these to messages; anything else is a bug and may show a traceback.
"""

from __future__ import annotations


class CivassistError(Exception):
    """Base class: the message is written for the user and says what to do."""


class InputError(CivassistError):
    """The user's input (question, topic, option, path) is unusable."""


class KnowledgeError(CivassistError):
    """A knowledge file cannot be loaded into a document."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class IndexError_(CivassistError):
    """The index is missing, out of date, or inconsistent."""


class IndexBusyError(IndexError_):
    """Another ingest is running and holds the index lock."""


class BackendUnavailable(CivassistError):
    """A backend (Chroma server, embedding model, LLM server) is down or missing."""
