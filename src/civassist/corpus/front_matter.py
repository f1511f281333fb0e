"""Markdown front matter, with limits: a size cap, no YAML anchors or aliases, known keys only."""

from __future__ import annotations

from typing import Any

import yaml

from civassist.errors import KnowledgeError

# Front matter holds a title, a date and a list of sources: a few hundred bytes in practice.
MAX_FRONT_MATTER_CHARS = 16_000
FRONT_MATTER_KEYS = ("title", "as_of", "sources", "kind")


class _NoAliasLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses anchors and aliases.

    Aliases let a few hundred bytes expand to gigabytes ("billion laughs"); front matter never
    needs them, so they are refused before anything is built.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.YAMLError("anchors and aliases (&name, *name) are not allowed")
        return super().compose_node(parent, index)


def front_matter(text: str, source: str) -> tuple[dict[str, Any], int]:
    """The front matter of ``text`` as plain values, and the offset where the body starts."""
    if not text.startswith("---\n"):
        return {}, 0
    end = text.find("\n---", 4, 4 + MAX_FRONT_MATTER_CHARS + 1)
    if end < 0:
        if text.find("\n---", 4) >= 0:
            raise KnowledgeError(
                source, f"front matter is over {MAX_FRONT_MATTER_CHARS:,} characters"
            )
        return {}, 0
    try:
        data = yaml.load(text[4:end], Loader=_NoAliasLoader) or {}  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise KnowledgeError(source, f"front matter is not valid YAML: {_one_line(exc)}") from exc
    if not isinstance(data, dict):
        raise KnowledgeError(source, "front matter must be a YAML mapping")
    body = text.find("\n", end + 1)
    return _plain_meta(data, source), (len(text) if body < 0 else body + 1)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]


def _plain_meta(meta: dict[Any, Any], source: str) -> dict[str, Any]:
    """The front matter keys civassist uses, each a string or a list of strings; others dropped."""
    out: dict[str, Any] = {}
    for key in FRONT_MATTER_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, list):
            if not all(_is_scalar(v) for v in value):
                raise KnowledgeError(source, f"front matter {key!r} must be a list of strings")
            out[key] = [str(v) for v in value]
        elif _is_scalar(value):
            out[key] = str(value)
        else:
            raise KnowledgeError(source, f"front matter {key!r} must be a string or a list")
    return out


def _is_scalar(value: object) -> bool:
    """A YAML scalar (a date or a number is kept as its text)."""
    return not isinstance(value, dict | list | set | tuple | bytes)
